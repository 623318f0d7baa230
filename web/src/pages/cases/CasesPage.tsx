import { DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/endpoints.ts';
import type { CaseStatus, CaseSummary } from '../../api/types.ts';
import { PageError } from '../../components/PageState.tsx';
import { Sla } from '../../components/Sla.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { LText, useI18n } from '../../i18n/index.ts';

const PAGE_SIZE = 50;
const STATUSES: readonly CaseStatus[] = ['active', 'completed', 'cancelled', 'failed'];
const STATUS_COLOR: Record<CaseStatus, string> = { active: 'blue', completed: 'green', cancelled: 'default', failed: 'red' };

/** The case list with filters kept in the URL (so a filtered list can be shared and drilled into). */
export default function CasesPage() {
  const { t, dateTime } = useI18n();
  const [params, setParams] = useSearchParams();
  const get = (k: string) => params.get(k) ?? undefined;
  const page = Number(params.get('page') ?? '1') || 1;
  const set = (k: string, v: string | undefined) => {
    const p = new URLSearchParams(params);
    if (v === undefined || v === '') p.delete(k);
    else p.set(k, v);
    if (k !== 'page') p.delete('page');
    setParams(p, { replace: true });
  };
  const query = {
    status: get('status'),
    process: get('process'),
    store: get('store'),
    sla: get('sla'),
    from: get('from'),
    to: get('to'),
    q: get('q'),
    ids: params.getAll('id'),
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
  const list = useLoad(() => api.cases(query), [params.toString()]);
  const defs = useLoad(() => api.definitions(), []);
  const stores = useLoad(() => api.stores(), []);

  const columns: ColumnsType<CaseSummary> = [
    { key: 'id', title: t('cases.id'), render: (_, c) => <Link to={`/cases/${encodeURIComponent(c.id)}`}><span translate="no">{c.id.slice(0, 8)}</span></Link> },
    { key: 'process', title: t('cases.process'), render: (_, c) => <LText value={c.processName} fallback={c.processKey} /> },
    { key: 'status', title: t('cases.status'), render: (_, c) => <Tag color={STATUS_COLOR[c.status]}>{t(`cases.status.${c.status}`)}</Tag> },
    { key: 'current', title: t('cases.current'), render: (_, c) => (c.current ?? []).map((n, i) => <div key={i}><LText value={n} /></div>) },
    { key: 'sla', title: t('cases.sla'), render: (_, c) => (c.status === 'active' ? <Sla state={c.slaState} dueAt={c.slaDueAt} timeZone={c.timeZone} /> : c.slaState ? <span className={`sf-sla sf-sla-${c.slaState}`}>{t(`sla.${c.slaState}`)}</span> : null) },
    { key: 'customer', title: t('cases.customer'), render: (_, c) => <span translate="no">{c.customerName ?? ''}</span> },
    { key: 'store', title: t('cases.store'), render: (_, c) => <span translate="no">{c.storeName ?? ''}</span> },
    { key: 'started', title: t('cases.started'), render: (_, c) => dateTime(c.startedAt, c.timeZone ?? undefined) },
  ];

  return (
    <>
      <div className="sf-page-head">
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t('cases.title')}
        </Typography.Title>
      </div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search aria-label={t('common.search')} placeholder={t('cases.search')} defaultValue={get('q')} allowClear onSearch={(v) => set('q', v)} style={{ width: 240 }} />
        <Select
          aria-label={t('cases.status')}
          placeholder={t('cases.status')}
          allowClear
          value={get('status')}
          onChange={(v) => set('status', v)}
          style={{ width: 140 }}
          options={STATUSES.map((s) => ({ value: s, label: t(`cases.status.${s}`) }))}
        />
        <Select
          aria-label={t('cases.process')}
          placeholder={t('cases.process')}
          allowClear
          value={get('process')}
          onChange={(v) => set('process', v)}
          style={{ width: 220 }}
          options={(defs.data?.items ?? []).map((d) => ({ value: d.key, label: <LText value={d.name} fallback={d.key} /> }))}
        />
        <Select
          aria-label={t('cases.store')}
          placeholder={t('cases.store')}
          allowClear
          value={get('store')}
          onChange={(v) => set('store', v)}
          style={{ width: 160 }}
          options={(stores.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
        />
        <Select
          aria-label={t('cases.sla')}
          placeholder={t('cases.sla')}
          allowClear
          value={get('sla')}
          onChange={(v) => set('sla', v)}
          style={{ width: 140 }}
          options={(['ok', 'warning', 'breached'] as const).map((s) => ({ value: s, label: t(`sla.${s}`) }))}
        />
        <DatePicker.RangePicker
          aria-label={t('cases.period')}
          value={get('from') && get('to') ? [dayjs(get('from')), dayjs(get('to'))] : null}
          onChange={(r) => {
            const p = new URLSearchParams(params);
            p.delete('page');
            if (r && r[0] && r[1]) {
              p.set('from', r[0].startOf('day').toISOString());
              p.set('to', r[1].endOf('day').toISOString());
            } else {
              p.delete('from');
              p.delete('to');
            }
            setParams(p, { replace: true });
          }}
        />
      </Space>
      {list.error && !list.data ? (
        <PageError error={list.error} onRetry={list.reload} />
      ) : (
        <Table<CaseSummary>
          rowKey="id"
          size="middle"
          scroll={{ x: 900 }}
          loading={list.loading}
          columns={columns}
          dataSource={(list.data?.items ?? []) as CaseSummary[]}
          locale={{ emptyText: t('cases.empty') }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: (n) => set('page', String(n)), showTotal: (n) => t('common.total', { n }) }}
        />
      )}
    </>
  );
}
