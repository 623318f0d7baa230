import { App, Button, Card, Col, DatePicker, Empty, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { PageError } from '../../components/PageState.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { useI18n } from '../../i18n/index.ts';
import { complaintApi, type Complaint } from './api.ts';
import { FindingDialog, findingOf } from './FindingDialog.tsx';

const FINDING_COLOR = { upheld: 'red', notUpheld: 'green', undecided: 'default' } as const;

// The time zone is an IANA id (Asia/Shanghai), not a word of the app: it goes in its own
// translate="no" span, cut out of the translated sentence at this mark.
const ZONE_MARK = '\u0000';
function WeekOf({ text, zone }: { text: string; zone: string }) {
  const [before = '', after = ''] = text.split(ZONE_MARK);
  return (
    <>
      {before}
      <span translate="no">{zone}</span>
      {after}
    </>
  );
}

/**
 * Complaints: the complaints of a store (repeats flagged: the same customer about the same
 * subject within the organisation's window, escalated by the SOP) and the store's weekly report
 * (counts by subject and severity, repeats, share closed on time). Store and week are in the URL.
 * Each complaint shows whom it is about and whether it was upheld; managers of the store change
 * both (the monthly appraisal counts complaints per person from them).
 */
export default function ComplaintsPage() {
  const { t, dateTime, number } = useI18n();
  const { message } = App.useApp();
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const set = (k: string, v: string | undefined) => {
    const p = new URLSearchParams(params);
    if (v === undefined || v === '') p.delete(k);
    else p.set(k, v);
    setParams(p, { replace: true });
  };
  const stores = useLoad((signal) => complaintApi.stores(signal), []);
  const storeId = params.get('store') ?? stores.data?.items[0]?.id;
  const week = params.get('week') ?? undefined;
  const list = useLoad((signal) => (storeId === undefined ? Promise.resolve({ items: [] }) : complaintApi.list(storeId, signal)), [storeId]);
  const staff = useLoad((signal) => (storeId === undefined ? Promise.resolve({ items: [] }) : complaintApi.staff(storeId, signal)), [storeId]);
  const names = new Map((staff.data?.items ?? []).map((s) => [s.id, s.name]));
  // As the API decides (managesStore): admins and general managers everywhere, store managers in their store.
  const manages = (me?.access ?? []).some((a) => a.level === 'admin' || (a.level === 'manager' && (a.storeId === undefined || a.storeId === storeId)));
  const [editing, setEditing] = useState<Complaint | undefined>();
  const report = useLoad((signal) => (storeId === undefined ? Promise.resolve(undefined) : complaintApi.report(storeId, week, signal)), [storeId, week]);

  const columns: ColumnsType<Complaint> = [
    { key: 'at', title: t('compl.at'), render: (_, c) => dateTime(c.createdAt) },
    {
      key: 'subject',
      title: t('compl.subject'),
      render: (_, c) => (
        <Space size={4} wrap>
          {/* Subjects and severities are what the filer typed, in their language: not the app's words. */}
          <Link to={`/cases/${encodeURIComponent(c.caseId)}`} translate="no">
            {c.subject}
          </Link>
          {c.repeat && <Tag color="red">{t('compl.repeatN', { n: c.repeatCount + 1 })}</Tag>}
        </Space>
      ),
    },
    { key: 'severity', title: t('compl.severity'), render: (_, c) => <Tag translate="no">{c.severity}</Tag> },
    { key: 'customer', title: t('compl.customer'), render: (_, c) => <Link to={`/customers/${encodeURIComponent(c.customerId)}`} translate="no">{c.customerId}</Link> },
    { key: 'status', title: t('compl.status'), render: (_, c) => t(c.status === 'completed' ? 'compl.closed' : c.status === 'active' ? 'compl.open' : 'compl.other') },
    {
      key: 'about',
      title: t('compl.about'),
      render: (_, c) => (
        <Space size={4} wrap data-about={c.caseId}>
          {c.staffIds.length === 0 ? (
            <Typography.Text type="secondary">{t('compl.noStaff')}</Typography.Text>
          ) : (
            c.staffIds.map((id) => (
              <Tag key={id} translate="no">
                {names.get(id) ?? id}
              </Tag>
            ))
          )}
          {c.aboutCaseId !== null && <Link to={`/cases/${encodeURIComponent(c.aboutCaseId)}`}>{t('compl.aboutCase')}</Link>}
        </Space>
      ),
    },
    {
      key: 'finding',
      title: t('compl.finding'),
      render: (_, c) => {
        const f = findingOf(c.upheld);
        return (
          <Tag color={FINDING_COLOR[f]} data-finding={f}>
            {t(`compl.${f}`)}
          </Tag>
        );
      },
    },
    ...(manages
      ? [{ key: 'edit', title: t('compl.actions'), render: (_: unknown, c: Complaint) => <Button size="small" onClick={() => setEditing(c)}>{t('compl.edit')}</Button> }]
      : []),
  ];

  const r = report.data;
  return (
    <>
      <div className="sf-page-head">
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t('compl.title')}
        </Typography.Title>
        <Select
          aria-label={t('compl.store')}
          style={{ minWidth: 180 }}
          value={storeId}
          onChange={(v: string) => set('store', v)}
          // Store names are names, not the app's words (kept as written in either language).
          options={(stores.data?.items ?? []).map((s) => ({ value: s.id, label: <span translate="no">{s.name}</span> }))}
        />
      </div>
      {stores.error !== undefined && <PageError error={stores.error} onRetry={stores.reload} />}
      <Card
        title={t('compl.weekly')}
        extra={<DatePicker picker="week" aria-label={t('compl.week')} allowClear onChange={(d) => set('week', d === null ? undefined : d.format('YYYY-MM-DD'))} />}
        style={{ marginBottom: 16 }}
      >
        {report.error !== undefined ? (
          <PageError error={report.error} onRetry={report.reload} />
        ) : r === undefined ? null : (
          <>
            <Typography.Paragraph type="secondary">
              <WeekOf text={t('compl.weekOf', { date: r.weekStart, zone: ZONE_MARK })} zone={r.timeZone} />
            </Typography.Paragraph>
            <Row gutter={[16, 16]}>
              <Col xs={12} md={6}>
                <Statistic title={t('compl.total')} value={r.total} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('compl.repeats')} value={r.repeats} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('compl.closedCount')} value={r.closed} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('compl.onTime')} value={r.onTimePct === null ? t('compl.none') : `${number(r.onTimePct)} %`} />
              </Col>
            </Row>
            <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
              <Col xs={24} md={14}>
                <Table
                  size="small"
                  rowKey="subject"
                  pagination={false}
                  dataSource={[...r.bySubject]}
                  locale={{ emptyText: <Empty description={t('compl.empty')} /> }}
                  columns={[
                    { key: 's', title: t('compl.subject'), dataIndex: 'subject', render: (v: string) => <span translate="no">{v}</span> },
                    { key: 'c', title: t('compl.count'), dataIndex: 'count' },
                    { key: 'r', title: t('compl.repeats'), dataIndex: 'repeats' },
                  ]}
                />
              </Col>
              <Col xs={24} md={10}>
                <Table
                  size="small"
                  rowKey="severity"
                  pagination={false}
                  dataSource={[...r.bySeverity]}
                  locale={{ emptyText: <Empty description={t('compl.empty')} /> }}
                  columns={[
                    { key: 's', title: t('compl.severity'), dataIndex: 'severity', render: (v: string) => <span translate="no">{v}</span> },
                    { key: 'c', title: t('compl.count'), dataIndex: 'count' },
                  ]}
                />
              </Col>
            </Row>
          </>
        )}
      </Card>
      {list.error !== undefined && <PageError error={list.error} onRetry={list.reload} />}
      <Table
        rowKey="caseId"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        scroll={{ x: true }}
        locale={{ emptyText: <Empty description={t('compl.empty')} /> }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
      />
      <FindingDialog
        complaint={editing}
        staff={staff.data?.items ?? []}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          message.success(t('compl.saved'));
          list.reload();
        }}
      />
    </>
  );
}
