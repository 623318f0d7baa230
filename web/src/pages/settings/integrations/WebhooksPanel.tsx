import { Alert, App, Button, Card, Empty, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../../api/client.ts';
import { PageError } from '../../../components/PageState.tsx';
import { useLoad } from '../../../hooks/useLoad.ts';
import { useI18n, type MessageKey } from '../../../i18n/index.ts';
import { integrationsApi, type Delivery, type DeliveryStatus, type SendResult, type Webhook } from './api.ts';

/**
 * Webhook subscriptions: add one (the signing secret is shown once, then only whether one is
 * set), pause or resume, send a signed test ping, delete; and the delivery log of the chosen
 * subscription with each delivery's attempts, last answer and error, failed ones redeliverable.
 */

const EVENT_OPTIONS = ['*', 'case.*', 'task.*', 'sla.*', 'case.start', 'case.complete', 'task.schedule', 'task.complete', 'sla.warning', 'sla.breach'];

export const DELIVERY_STATUS: Record<DeliveryStatus, { label: MessageKey; color?: string }> = {
  pending: { label: 'integ.status.pending', color: 'gold' },
  sending: { label: 'integ.status.sending', color: 'blue' },
  delivered: { label: 'integ.status.delivered', color: 'green' },
  failed: { label: 'integ.status.failed', color: 'red' },
};

const code = (s: string) => (
  <Typography.Text code translate="no">
    {s}
  </Typography.Text>
);

function DeliveryLog({ hook }: { hook: Webhook }) {
  const { t, dateTime } = useI18n();
  const { message } = App.useApp();
  const log = useLoad((signal) => integrationsApi.deliveries(hook.id, signal), [hook.id]);
  async function redeliver(d: Delivery) {
    try {
      await integrationsApi.redeliver(hook.id, d.id);
      message.success(t('integ.redelivered'));
      log.reload();
    } catch {
      message.error(t('common.error'));
    }
  }
  return (
    <Card
      title={
        <span>
          {t('integ.deliveryLog')} · <span translate="no">{hook.url}</span>
        </span>
      }
      extra={
        <Button onClick={log.reload} loading={log.loading}>
          {t('integ.refresh')}
        </Button>
      }
      data-delivery-log={hook.id}
    >
      {log.error !== undefined && <PageError error={log.error} onRetry={log.reload} />}
      <Table<Delivery>
        size="small"
        rowKey="id"
        dataSource={log.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: <Empty description={t('integ.noDeliveries')} /> }}
        columns={[
          { key: 'at', title: t('integ.at'), render: (_, d) => dateTime(d.createdAt) },
          { key: 'event', title: t('integ.event'), render: (_, d) => code(d.eventType) },
          { key: 'status', title: t('integ.status'), render: (_, d) => <Tag color={DELIVERY_STATUS[d.status].color}>{t(DELIVERY_STATUS[d.status].label)}</Tag> },
          { key: 'attempts', title: t('integ.attempts'), dataIndex: 'attempts' },
          { key: 'answer', title: t('integ.lastAnswer'), render: (_, d) => (d.lastStatus === null ? t('integ.none') : <span translate="no">{d.lastStatus}</span>) },
          { key: 'error', title: t('integ.lastError'), render: (_, d) => (d.lastError === null ? '' : <span translate="no">{d.lastError}</span>) },
          {
            key: 'next',
            title: t('integ.nextAttempt'),
            render: (_, d) => (d.status === 'failed' ? <Button size="small" onClick={() => void redeliver(d)}>{t('integ.redeliver')}</Button> : d.nextAttemptAt === null ? '' : dateTime(d.nextAttemptAt)),
          },
        ]}
      />
    </Card>
  );
}

export function WebhooksPanel() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const hooks = useLoad((signal) => integrationsApi.webhooks(signal), []);
  const [form] = Form.useForm<{ url: string; eventTypes: string[]; description?: string }>();
  const [created, setCreated] = useState<{ url: string; secret: string } | undefined>();
  const [problem, setProblem] = useState<string[] | undefined>();
  const [selected, setSelected] = useState<string | undefined>();
  const [tested, setTested] = useState<{ id: string; result: SendResult } | undefined>();

  async function add(v: { url: string; eventTypes: string[]; description?: string }) {
    setProblem(undefined);
    try {
      const r = await integrationsApi.createWebhook({ url: v.url.trim(), eventTypes: v.eventTypes, ...(v.description ? { description: v.description } : {}) });
      setCreated({ url: r.subscription.url, secret: r.secret });
      setSelected(r.subscription.id);
      form.resetFields();
      hooks.reload();
    } catch (e) {
      setProblem(e instanceof ApiError && e.issues.length > 0 ? e.issues.map((i) => `${i.field}: ${i.message}`) : [e instanceof ApiError ? e.message : t('common.error')]);
    }
  }
  async function act(fn: () => Promise<unknown>) {
    try {
      await fn();
      hooks.reload();
    } catch {
      message.error(t('common.error'));
    }
  }
  async function test(h: Webhook) {
    setTested(undefined);
    try {
      setTested({ id: h.id, result: await integrationsApi.testWebhook(h.id) });
    } catch {
      message.error(t('common.error'));
    }
  }

  const items = hooks.data?.items ?? [];
  const chosen = items.find((h) => h.id === selected);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('integ.addWebhook')}>
        <Typography.Paragraph type="secondary">{t('integ.webhookHelp')}</Typography.Paragraph>
        <Form form={form} name="webhook" layout="vertical" onFinish={(v) => void add(v)} initialValues={{ eventTypes: ['case.*', 'task.*'] }}>
          <Form.Item name="url" label={t('integ.webhookUrl')} rules={[{ required: true, message: t('integ.required') }]}>
            <Input translate="no" />
          </Form.Item>
          <Form.Item name="eventTypes" label={t('integ.eventTypes')} rules={[{ required: true, message: t('integ.required') }]}>
            <Select mode="tags" options={EVENT_OPTIONS.map((e) => ({ value: e, label: <span translate="no">{e}</span> }))} />
          </Form.Item>
          <Form.Item name="description" label={t('integ.description')}>
            <Input />
          </Form.Item>
          {problem !== undefined && (
            <Alert type="error" showIcon title={t('integ.invalid')} description={<ul translate="no" style={{ margin: 0, paddingInlineStart: 18 }}>{problem.map((p) => <li key={p}>{p}</li>)}</ul>} style={{ marginBottom: 12 }} />
          )}
          <Button type="primary" htmlType="submit">
            {t('integ.add')}
          </Button>
        </Form>
        {created !== undefined && (
          <Alert
            type="success"
            showIcon
            closable
            onClose={() => setCreated(undefined)}
            style={{ marginTop: 16 }}
            title={t('integ.secretOnce')}
            description={
              <Typography.Text code copyable data-webhook-secret translate="no">
                {created.secret}
              </Typography.Text>
            }
          />
        )}
      </Card>
      <Card title={t('integ.webhooks')}>
        {hooks.error !== undefined && <PageError error={hooks.error} onRetry={hooks.reload} />}
        <Table<Webhook>
          size="small"
          rowKey="id"
          dataSource={items}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: <Empty description={t('integ.noWebhooks')} /> }}
          columns={[
            { key: 'url', title: t('integ.webhookUrl'), render: (_, h) => <span translate="no">{h.url}</span> },
            { key: 'events', title: t('integ.eventTypes'), render: (_, h) => <Space size={2} wrap>{h.eventTypes.map((e) => <Tag key={e}><span translate="no">{e}</span></Tag>)}</Space> },
            { key: 'status', title: t('integ.status'), render: (_, h) => (h.status === 'active' ? <Tag color="green">{t('integ.active')}</Tag> : <Tag>{t('integ.paused')}</Tag>) },
            { key: 'secret', title: t('integ.secret'), render: (_, h) => (h.secretSet ? t('integ.secretIsSet') : t('integ.none')) },
            {
              key: 'actions',
              title: t('integ.actions'),
              render: (_, h) => (
                <Space size={4} wrap>
                  <Button size="small" onClick={() => void test(h)}>
                    {t('integ.sendTest')}
                  </Button>
                  <Button size="small" onClick={() => setSelected(h.id)} aria-pressed={selected === h.id}>
                    {t('integ.deliveryLog')}
                  </Button>
                  <Button size="small" onClick={() => void act(() => integrationsApi.updateWebhook(h.id, { status: h.status === 'active' ? 'paused' : 'active' }))}>
                    {t(h.status === 'active' ? 'integ.pause' : 'integ.resume')}
                  </Button>
                  <Popconfirm title={t('integ.deleteConfirm')} okText={t('integ.delete')} cancelText={t('integ.cancel')} onConfirm={() => void act(() => integrationsApi.deleteWebhook(h.id))}>
                    <Button size="small" danger>
                      {t('integ.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
        {tested !== undefined && (
          <Alert
            type={tested.result.ok ? 'success' : 'error'}
            showIcon
            style={{ marginTop: 12 }}
            title={tested.result.ok ? t('integ.pingOk', { status: tested.result.status ?? '' }) : t('integ.testFailed')}
            description={tested.result.error === null ? undefined : <span translate="no">{tested.result.error}</span>}
            data-ping-result
          />
        )}
      </Card>
      {chosen !== undefined && <DeliveryLog hook={chosen} />}
    </Space>
  );
}
