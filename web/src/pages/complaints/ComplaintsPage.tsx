import { Card, Col, DatePicker, Empty, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useSearchParams } from 'react-router';
import { PageError } from '../../components/PageState.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { useI18n } from '../../i18n/index.ts';
import { complaintApi, type Complaint } from './api.ts';

/**
 * Complaints: the complaints of a store (repeats flagged: the same customer about the same
 * subject within the organisation's window, escalated by the SOP) and the store's weekly report
 * (counts by subject and severity, repeats, share closed on time). Store and week are in the URL.
 */
export default function ComplaintsPage() {
  const { t, dateTime, number } = useI18n();
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
  const report = useLoad((signal) => (storeId === undefined ? Promise.resolve(undefined) : complaintApi.report(storeId, week, signal)), [storeId, week]);

  const columns: ColumnsType<Complaint> = [
    { key: 'at', title: t('compl.at'), render: (_, c) => dateTime(c.createdAt) },
    {
      key: 'subject',
      title: t('compl.subject'),
      render: (_, c) => (
        <Space size={4} wrap>
          <Link to={`/cases/${encodeURIComponent(c.caseId)}`}>{c.subject}</Link>
          {c.repeat && <Tag color="red">{t('compl.repeatN', { n: c.repeatCount + 1 })}</Tag>}
        </Space>
      ),
    },
    { key: 'severity', title: t('compl.severity'), render: (_, c) => <Tag>{c.severity}</Tag> },
    { key: 'customer', title: t('compl.customer'), render: (_, c) => <Link to={`/customers/${encodeURIComponent(c.customerId)}`} translate="no">{c.customerId}</Link> },
    { key: 'status', title: t('compl.status'), render: (_, c) => t(c.status === 'completed' ? 'compl.closed' : c.status === 'active' ? 'compl.open' : 'compl.other') },
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
          options={(stores.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
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
            <Typography.Paragraph type="secondary">{t('compl.weekOf', { date: r.weekStart, zone: r.timeZone })}</Typography.Paragraph>
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
                    { key: 's', title: t('compl.subject'), dataIndex: 'subject' },
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
                    { key: 's', title: t('compl.severity'), dataIndex: 'severity' },
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
    </>
  );
}
