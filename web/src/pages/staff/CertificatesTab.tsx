import { App as AntApp, Button, Card, Empty, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { PageError } from '../../components/PageState.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { useI18n, type MessageKey } from '../../i18n/index.ts';
import { staffApi, type Certificate, type Skip } from './api.ts';

const STATE_COLOR: Record<Certificate['state'], string> = { valid: 'green', expired: 'orange', revoked: 'red', future: 'blue' };
const YEAR = 365 * 86_400_000;

/** Certificates of the people you oversee (issue, renew, revoke), and tasks assignment passed people over for. */
export function CertificatesTab() {
  const { t, date, dateTime } = useI18n();
  const { message } = AntApp.useApp();
  const certs = useLoad(() => staffApi.certificates(), []);
  const skips = useLoad(() => staffApi.skips().catch((e: unknown) => (e instanceof ApiError && e.status === 403 ? [] : Promise.reject(e))), []);
  const [form] = Form.useForm<{ staffId: string; certType: string; expiresOn?: string }>();

  async function run(p: Promise<unknown>, ok: MessageKey) {
    try {
      await p;
      void message.success(t(ok));
      certs.reload();
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : t('common.error'));
    }
  }

  if (certs.error) return <PageError error={certs.error} onRetry={certs.reload} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small" title={t('staff.cert.issue')}>
        <Form
          form={form}
          layout="inline"
          onFinish={(v) => void run(staffApi.issue({ staffId: v.staffId.trim(), certType: v.certType.trim(), expiresAt: v.expiresOn ? `${v.expiresOn}T00:00:00+08:00` : null }).then(() => form.resetFields()), 'staff.cert.issued')}
        >
          <Form.Item name="staffId" label={t('staff.cert.staffId')} rules={[{ required: true, message: t('staff.cert.required') }]}>
            <Input style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="certType" label={t('staff.cert.type')} rules={[{ required: true, message: t('staff.cert.required') }]}>
            <Input style={{ width: 180 }} placeholder="facial-treatment" />
          </Form.Item>
          <Form.Item name="expiresOn" label={t('staff.cert.expires')}>
            <Input type="date" style={{ width: 160 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('staff.cert.issue')}
          </Button>
        </Form>
      </Card>
      <Table<Certificate>
        rowKey="id"
        size="small"
        loading={certs.loading}
        dataSource={certs.data ?? []}
        locale={{ emptyText: <Empty description={t('staff.cert.none')} /> }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }}
        columns={[
          { title: t('staff.cert.staffId'), dataIndex: 'staffId' },
          { title: t('staff.cert.type'), dataIndex: 'certType' },
          { title: t('staff.cert.state'), dataIndex: 'state', render: (s: Certificate['state']) => <Tag color={STATE_COLOR[s]}>{t(`staff.cert.state.${s}`)}</Tag> },
          { title: t('staff.cert.issuedOn'), dataIndex: 'issuedAt', render: (v: string) => date(v) },
          { title: t('staff.cert.expires'), dataIndex: 'expiresAt', render: (v: string | null) => (v === null ? t('staff.cert.noExpiry') : date(v)) },
          {
            title: t('staff.cert.actions'),
            key: 'a',
            render: (_: unknown, c: Certificate) =>
              c.state === 'revoked' ? null : (
                <Space>
                  <Button size="small" onClick={() => void run(staffApi.renew(c.id, new Date(Date.now() + YEAR).toISOString()), 'staff.cert.renewed')}>
                    {t('staff.cert.renew')}
                  </Button>
                  <Button size="small" danger onClick={() => void run(staffApi.revoke(c.id), 'staff.cert.revoked')}>
                    {t('staff.cert.revoke')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {t('staff.skips.title')}
      </Typography.Title>
      {skips.error !== undefined && <PageError error={skips.error} onRetry={skips.reload} />}
      <Table<Skip>
        rowKey={(s) => `${s.taskId}:${s.staffId ?? '-'}:${s.at}`}
        size="small"
        dataSource={skips.data ?? []}
        locale={{ emptyText: <Empty description={t('staff.skips.none')} /> }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }}
        columns={[
          { title: t('staff.skips.at'), dataIndex: 'at', render: (v: string) => dateTime(v) },
          { title: t('staff.skips.task'), dataIndex: 'taskId', render: (v: string) => <Link to={`/tasks/${encodeURIComponent(v)}`}>{v}</Link> },
          { title: t('staff.cert.staffId'), dataIndex: 'staffId', render: (v: string | null) => v ?? '—' },
          { title: t('staff.cert.type'), dataIndex: 'certType' },
          { title: t('staff.skips.reason'), dataIndex: 'reason', render: (r: Skip['reason']) => <Tag color={r === 'nobody-certified' ? 'red' : 'orange'}>{t(`staff.skips.reason.${r}`)}</Tag> },
        ]}
      />
    </Space>
  );
}
