import { Alert, App, Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError } from '../../../api/client.ts';
import { PageError } from '../../../components/PageState.tsx';
import { useLoad } from '../../../hooks/useLoad.ts';
import { useI18n, type MessageKey } from '../../../i18n/index.ts';
import { CHANNEL_KINDS, integrationsApi, type Channel, type ChannelKind, type SendResult } from './api.ts';

/**
 * The organisation's notification channels: one card per kind (e-mail over SMTP, SMS and
 * WeCom/WeChat as HTTP JSON posts) with its settings and a write-only secret (the server keeps
 * it encrypted and only says whether one is set), a test send to a colleague, and which
 * notification reasons go to which channels.
 */

export const KIND_LABEL: Record<ChannelKind, MessageKey> = { email: 'integ.kind.email', sms: 'integ.kind.sms', wecom: 'integ.kind.wecom' };

type FormValues = Record<string, string | number | boolean | undefined>;

const blank = (v: unknown) => v === undefined || v === null || v === '';

/** The form's fields → the settings the API takes (empty fields left out). */
function toSettings(kind: ChannelKind, v: FormValues): Record<string, unknown> {
  if (kind === 'email') return { host: v.host, port: v.port, secure: v.secure === true, ...(blank(v.user) ? {} : { user: v.user }), from: v.from };
  const value = String(v.successValue ?? '');
  return {
    url: v.url,
    ...(blank(v.authHeader) ? {} : { authHeader: v.authHeader, authPrefix: v.authPrefix ?? '' }),
    ...(blank(v.bodyTemplate) ? {} : { bodyTemplate: JSON.parse(String(v.bodyTemplate)) as unknown }),
    ...(blank(v.successField) ? {} : { successField: v.successField, successValue: /^-?\d+$/.test(value) ? Number(value) : value }),
    ...(blank(v.tokenUrl) ? {} : { accessToken: { url: v.tokenUrl } }),
  };
}

function toForm(c: Channel | undefined): FormValues {
  const s = c?.settings ?? {};
  const token = s['accessToken'] as { url?: string } | undefined;
  return {
    enabled: c?.enabled ?? true,
    host: s['host'] as string | undefined,
    port: (s['port'] as number | undefined) ?? 587,
    secure: (s['secure'] as boolean | undefined) ?? false,
    user: s['user'] as string | undefined,
    from: s['from'] as string | undefined,
    url: s['url'] as string | undefined,
    authHeader: s['authHeader'] as string | undefined,
    authPrefix: s['authPrefix'] as string | undefined,
    bodyTemplate: s['bodyTemplate'] === undefined ? undefined : JSON.stringify(s['bodyTemplate']),
    successField: s['successField'] as string | undefined,
    successValue: s['successValue'] === undefined ? undefined : String(s['successValue']),
    tokenUrl: token?.url,
    secret: undefined,
  };
}

/** A help text followed by the placeholder names it speaks of (those are the same in every language). */
function Placeholders({ help, names }: { help: string; names: readonly string[] }) {
  return (
    <>
      {help}{' '}
      {names.map((n) => (
        <Typography.Text key={n} code translate="no">
          {n}
        </Typography.Text>
      ))}
    </>
  );
}

function ChannelCard({ kind, channel, staff, onSaved }: { kind: ChannelKind; channel: Channel | undefined; staff: readonly { id: string; name: string }[]; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string[] | undefined>();
  const [to, setTo] = useState<string | undefined>();
  const [test, setTest] = useState<{ result?: SendResult; noContact?: boolean } | undefined>();
  useEffect(() => form.setFieldsValue(toForm(channel)), [channel, form]);

  async function save(v: FormValues) {
    setProblem(undefined);
    let settings: Record<string, unknown>;
    try {
      settings = toSettings(kind, v);
    } catch {
      setProblem([t('integ.badJson')]);
      return;
    }
    setSaving(true);
    try {
      await integrationsApi.putChannel(kind, { enabled: v.enabled === true, settings, ...(blank(v.secret) ? {} : { secret: String(v.secret) }) });
      form.setFieldValue('secret', undefined);
      message.success(t('integ.saved'));
      onSaved();
    } catch (e) {
      setProblem(e instanceof ApiError && e.issues.length > 0 ? e.issues.map((i) => `${i.field}: ${i.message}`) : [e instanceof ApiError ? e.message : t('common.error')]);
    } finally {
      setSaving(false);
    }
  }

  async function sendTest() {
    if (to === undefined) return;
    setTest(undefined);
    try {
      setTest({ result: await integrationsApi.testChannel(kind, to) });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'NO_CONTACT') setTest({ noContact: true });
      else setTest({ result: { ok: false, error: e instanceof Error ? e.message : String(e) } });
    }
  }

  const id = `channel-${kind}`;
  const http = kind !== 'email';
  return (
    <Card
      title={t(KIND_LABEL[kind])}
      extra={
        <Space size={4}>
          {channel === undefined ? <Tag>{t('integ.notConfigured')}</Tag> : channel.enabled ? <Tag color="green">{t('integ.enabled')}</Tag> : <Tag>{t('integ.disabled')}</Tag>}
          {channel?.secretSet === true && <Tag color="blue">{t('integ.secretIsSet')}</Tag>}
        </Space>
      }
      data-channel={kind}
    >
      <Form form={form} name={id} layout="vertical" onFinish={(v) => void save(v)} initialValues={toForm(channel)}>
        <Form.Item name="enabled" label={t('integ.enabledLabel')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {kind === 'email' ? (
          <Row gutter={12}>
            <Col xs={24} md={16}>
              <Form.Item name="host" label={t('integ.email.host')} rules={[{ required: true, message: t('integ.required') }]}>
                <Input translate="no" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="port" label={t('integ.email.port')} rules={[{ required: true, message: t('integ.required') }]}>
                <InputNumber min={1} max={65535} controls={false} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="secure" label={t('integ.email.secure')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item name="user" label={t('integ.email.user')}>
                <Input translate="no" autoComplete="off" />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="from" label={t('integ.email.from')} rules={[{ required: true, message: t('integ.required') }]}>
                <Input translate="no" />
              </Form.Item>
            </Col>
          </Row>
        ) : (
          <>
            <Form.Item name="url" label={t('integ.http.url')} extra={<Placeholders help={t('integ.http.urlHelp')} names={['{{secret}}', '{{accessToken}}']} />} rules={[{ required: true, message: t('integ.required') }]}>
              <Input translate="no" />
            </Form.Item>
            {kind === 'wecom' && (
              <Form.Item name="tokenUrl" label={t('integ.http.tokenUrl')} extra={<Placeholders help={t('integ.http.tokenUrlHelp')} names={['{{secret}}']} />}>
                <Input translate="no" />
              </Form.Item>
            )}
            <Row gutter={12}>
              <Col xs={24} md={12}>
                <Form.Item name="authHeader" label={t('integ.http.authHeader')}>
                  <Input translate="no" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="authPrefix" label={t('integ.http.authPrefix')}>
                  <Input translate="no" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="successField" label={t('integ.http.successField')}>
                  <Input translate="no" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="successValue" label={t('integ.http.successValue')}>
                  <Input translate="no" />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="bodyTemplate" label={t('integ.http.body')} extra={<Placeholders help={t('integ.http.bodyHelp')} names={['{{to}}', '{{text}}', '{{subject}}', '{{caseId}}']} />}>
              <Input.TextArea rows={3} translate="no" />
            </Form.Item>
          </>
        )}
        <Form.Item name="secret" label={t(http ? (kind === 'wecom' ? 'integ.secret.wecom' : 'integ.secret.sms') : 'integ.secret.email')} extra={t(channel?.secretSet === true ? 'integ.secretKeep' : 'integ.secretNone')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {problem !== undefined && (
          <Alert type="error" showIcon title={t('integ.invalid')} description={<ul translate="no" style={{ margin: 0, paddingInlineStart: 18 }}>{problem.map((p) => <li key={p}>{p}</li>)}</ul>} style={{ marginBottom: 12 }} />
        )}
        <Button type="primary" htmlType="submit" loading={saving}>
          {t('integ.save')}
        </Button>
      </Form>
      {channel !== undefined && (
        <div style={{ marginTop: 16 }}>
          <Space wrap>
            <Select
              aria-label={t('integ.testTo')}
              placeholder={t('integ.testTo')}
              style={{ minWidth: 180 }}
              value={to}
              onChange={setTo}
              options={staff.map((s) => ({ value: s.id, label: <span translate="no">{s.name}</span> }))}
            />
            <Button onClick={() => void sendTest()} disabled={to === undefined}>
              {t('integ.sendTest')}
            </Button>
          </Space>
          {test?.noContact === true && <Alert type="warning" showIcon title={t('integ.noContact')} style={{ marginTop: 8 }} />}
          {test?.result !== undefined && (
            <Alert
              type={test.result.ok ? 'success' : 'error'}
              showIcon
              title={t(test.result.ok ? 'integ.testOk' : 'integ.testFailed')}
              description={test.result.error === null ? undefined : <span translate="no">{test.result.error}</span>}
              style={{ marginTop: 8 }}
            />
          )}
        </div>
      )}
    </Card>
  );
}

const REASONS: readonly { reason: string; label: MessageKey }[] = [
  { reason: 'task.assigned', label: 'integ.reason.task.assigned' },
  { reason: 'sla.warning', label: 'integ.reason.sla.warning' },
  { reason: 'sla.breach', label: 'integ.reason.sla.breach' },
  { reason: 'escalation', label: 'integ.reason.escalation' },
  { reason: '*', label: 'integ.reason.other' },
];

function RoutingCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const routing = useLoad((signal) => integrationsApi.routing(signal), []);
  const [routes, setRoutes] = useState<Record<string, ChannelKind[]>>({});
  useEffect(() => setRoutes(routing.data?.routes ?? {}), [routing.data]);
  async function save() {
    try {
      // Reasons with no channel ticked are left out: they follow "other reasons".
      await integrationsApi.putRouting(Object.fromEntries(Object.entries(routes).filter(([, ks]) => ks.length > 0)));
      message.success(t('integ.saved'));
      routing.reload();
    } catch {
      message.error(t('common.error'));
    }
  }
  return (
    <Card title={t('integ.routing')} extra={<Button onClick={() => void save()}>{t('integ.save')}</Button>}>
      <Typography.Paragraph type="secondary">{t('integ.routingHelp')}</Typography.Paragraph>
      {routing.error !== undefined && <PageError error={routing.error} onRetry={routing.reload} />}
      <Table
        size="small"
        rowKey="reason"
        pagination={false}
        dataSource={[...REASONS]}
        columns={[
          { key: 'reason', title: t('integ.reason'), render: (_, r) => t(r.label) },
          {
            key: 'channels',
            title: t('integ.channels'),
            render: (_, r) => (
              <Checkbox.Group
                aria-label={t(r.label)}
                value={routes[r.reason] ?? []}
                onChange={(v) => setRoutes((x) => ({ ...x, [r.reason]: v as ChannelKind[] }))}
                options={CHANNEL_KINDS.map((k) => ({ value: k, label: t(KIND_LABEL[k]) }))}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}

export function ChannelsPanel() {
  const channels = useLoad((signal) => integrationsApi.channels(signal), []);
  const staff = useLoad((signal) => integrationsApi.staff(signal), []);
  if (channels.error !== undefined) return <PageError error={channels.error} onRetry={channels.reload} />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Row gutter={[16, 16]}>
        {CHANNEL_KINDS.map((k) => (
          <Col xs={24} lg={8} key={k}>
            <ChannelCard kind={k} channel={channels.data?.items.find((c) => c.kind === k)} staff={staff.data?.items ?? []} onSaved={channels.reload} />
          </Col>
        ))}
      </Row>
      <RoutingCard />
    </Space>
  );
}
