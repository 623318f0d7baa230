import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { PageError } from '../../components/PageState.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { useI18n } from '../../i18n/index.ts';
import { customersApi, type Customer } from './api.ts';

/** Tier colours: VIP-like tiers stand out, others are plain. */
export function TierTag({ tier }: { tier: string | null }) {
  const { t } = useI18n();
  if (tier === null) return <Typography.Text type="secondary">{t('cust.noTier')}</Typography.Text>;
  return (
    <Tag color={/vip|gold|金/i.test(tier) ? 'gold' : 'blue'} translate="no">
      {tier}
    </Tag>
  );
}

/** The customer list: search by name or phone, filter by tier or tag (kept in the URL), register a customer. */
export default function CustomersPage() {
  const { t, number } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const get = (k: string) => params.get(k) ?? undefined;
  const set = (k: string, v: string | undefined) => {
    const p = new URLSearchParams(params);
    if (v === undefined || v === '') p.delete(k);
    else p.set(k, v);
    if (k !== 'cursor') p.delete('cursor');
    setParams(p, { replace: true });
  };
  const list = useLoad((signal) => customersApi.list({ q: get('q'), tier: get('tier'), tag: get('tag'), cursor: get('cursor') }, signal), [params.toString()]);
  const [creating, setCreating] = useState(false);

  const columns: ColumnsType<Customer> = [
    { key: 'name', title: t('cust.name'), render: (_, c) => <Link to={`/customers/${encodeURIComponent(c.id)}`}><span translate="no">{c.name ?? c.id}</span></Link> },
    { key: 'phones', title: t('cust.phones'), render: (_, c) => <span translate="no">{c.phones.join(', ')}</span> },
    { key: 'tier', title: t('cust.tier'), render: (_, c) => <TierTag tier={c.tier} /> },
    { key: 'tags', title: t('cust.tags'), render: (_, c) => c.tags.map((x) => <Tag key={x} translate="no">{x}</Tag>) },
    {
      key: 'outstanding',
      title: t('cust.outstanding'),
      render: (_, c) =>
        c.outstanding.cents > 0 || c.outstanding.sessions > 0 ? (
          <Tag color="red">{c.outstanding.cents > 0 ? t('cust.owesMoney', { amount: number(c.outstanding.cents / 100, { style: 'currency', currency: 'CNY' }) }) : t('cust.owesSessions', { n: c.outstanding.sessions })}</Tag>
        ) : null,
    },
  ];

  return (
    <>
      <div className="sf-page-head">
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t('cust.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('cust.new')}
        </Button>
      </div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search aria-label={t('common.search')} placeholder={t('cust.search')} defaultValue={get('q')} allowClear onSearch={(v) => set('q', v)} style={{ width: 260 }} />
        <Input.Search aria-label={t('cust.tier')} placeholder={t('cust.tier')} defaultValue={get('tier')} allowClear onSearch={(v) => set('tier', v)} style={{ width: 160 }} />
        <Input.Search aria-label={t('cust.tags')} placeholder={t('cust.tag')} defaultValue={get('tag')} allowClear onSearch={(v) => set('tag', v)} style={{ width: 160 }} />
      </Space>
      {list.error && !list.data ? (
        <PageError error={list.error} onRetry={list.reload} />
      ) : (
        <>
          <Table<Customer>
            rowKey="id"
            size="middle"
            scroll={{ x: 720 }}
            loading={list.loading}
            columns={columns}
            dataSource={[...(list.data?.items ?? [])]}
            locale={{ emptyText: t('cust.empty') }}
            pagination={false}
          />
          <Space style={{ marginTop: 12 }}>
            {get('cursor') !== undefined && <Button onClick={() => set('cursor', undefined)}>{t('cust.firstPage')}</Button>}
            {list.data?.nextCursor && <Button onClick={() => set('cursor', list.data!.nextCursor!)}>{t('cust.nextPage')}</Button>}
          </Space>
        </>
      )}
      <NewCustomer open={creating} onClose={() => setCreating(false)} onCreated={(c) => navigate(`/customers/${encodeURIComponent(c.id)}`)} />
    </>
  );
}

function NewCustomer({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (c: Customer) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ name: string; phone?: string; tags?: string }>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      const split = (s: string | undefined) => (s ?? '').split(/[,，;；\s]+/).filter((x) => x !== '');
      onCreated(await customersApi.create({ name: v.name, phones: split(v.phone), tags: split(v.tags) }));
    } catch (e) {
      setError(e instanceof ApiError && e.code === 'DUPLICATE_PHONE' ? t('cust.duplicatePhone') : e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('cust.new')} onCancel={onClose} onOk={submit} okText={t('cust.create')} cancelText={t('cust.cancel')} confirmLoading={busy} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="name" label={t('cust.name')} rules={[{ required: true, message: t('cust.nameRequired') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="phone" label={t('cust.phones')}>
          <Input inputMode="tel" autoComplete="off" />
        </Form.Item>
        <Form.Item name="tags" label={t('cust.tags')}>
          <Input autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
