import { Button, Card, Empty, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { PageError } from '../../../components/PageState.tsx';
import { useLoad } from '../../../hooks/useLoad.ts';
import { useI18n, type MessageKey } from '../../../i18n/index.ts';
import { KIND_LABEL } from './ChannelsPanel.tsx';
import { integrationsApi, type ChannelKind, type OutboxItem, type OutboxStatus } from './api.ts';

/**
 * The notification outbox: what was sent (and to whom on which channel), what failed for good,
 * and what waits for another attempt with the error that held it back.
 */

const STATUS: Record<OutboxStatus, { label: MessageKey; color?: string }> = {
  pending: { label: 'integ.status.pending', color: 'gold' },
  retrying: { label: 'integ.status.retrying', color: 'orange' },
  sending: { label: 'integ.status.sending', color: 'blue' },
  delivered: { label: 'integ.status.sent', color: 'green' },
  failed: { label: 'integ.status.failed', color: 'red' },
};

const REASON: Record<string, MessageKey> = {
  'task.assigned': 'integ.reason.task.assigned',
  'sla.warning': 'integ.reason.sla.warning',
  'sla.breach': 'integ.reason.sla.breach',
  escalation: 'integ.reason.escalation',
};

type Filter = 'all' | OutboxStatus;

export function OutboxPanel() {
  const { t, dateTime } = useI18n();
  const [filter, setFilter] = useState<Filter>('all');
  const outbox = useLoad((signal) => integrationsApi.outbox(filter === 'all' ? undefined : filter, signal), [filter]);
  const filters: { value: Filter; label: string }[] = [
    { value: 'all', label: t('integ.all') },
    { value: 'retrying', label: t('integ.status.retrying') },
    { value: 'failed', label: t('integ.status.failed') },
    { value: 'delivered', label: t('integ.status.sent') },
    { value: 'pending', label: t('integ.status.pending') },
  ];
  return (
    <Card
      title={t('integ.outbox')}
      extra={
        <Space wrap>
          <Segmented<Filter> aria-label={t('integ.status')} value={filter} onChange={setFilter} options={filters} />
          <Button onClick={outbox.reload} loading={outbox.loading}>
            {t('integ.refresh')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('integ.outboxHelp')}</Typography.Paragraph>
      {outbox.error !== undefined && <PageError error={outbox.error} onRetry={outbox.reload} />}
      <Table<OutboxItem>
        size="small"
        rowKey="id"
        dataSource={outbox.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: true }}
        locale={{ emptyText: <Empty description={t('integ.outboxEmpty')} /> }}
        columns={[
          { key: 'at', title: t('integ.at'), render: (_, n) => dateTime(n.createdAt) },
          { key: 'reason', title: t('integ.reason'), render: (_, n) => (REASON[n.reason] !== undefined ? t(REASON[n.reason]!) : <span translate="no">{n.reason}</span>) },
          {
            key: 'case',
            title: t('integ.case'),
            render: (_, n) => (
              <Link to={`/cases/${encodeURIComponent(n.caseId)}`} translate="no">
                {n.caseId}
              </Link>
            ),
          },
          { key: 'to', title: t('integ.recipient'), render: (_, n) => ('staffId' in n.to ? <span translate="no">{n.to.staffId}</span> : <span>{t('integ.toRole')} <span translate="no">{n.to.role}</span></span>) },
          { key: 'status', title: t('integ.status'), render: (_, n) => <Tag color={STATUS[n.status].color}>{t(STATUS[n.status].label)}</Tag> },
          { key: 'attempts', title: t('integ.attempts'), dataIndex: 'attempts' },
          {
            key: 'sends',
            title: t('integ.sends'),
            render: (_, n) => (
              <Space size={2} wrap>
                {n.sends.map((s) => (
                  <Tag key={`${s.channel}/${s.staffId}`}>
                    {KIND_LABEL[s.channel as ChannelKind] !== undefined ? t(KIND_LABEL[s.channel as ChannelKind]) : s.channel} → <span translate="no">{s.staffId}</span>
                  </Tag>
                ))}
              </Space>
            ),
          },
          { key: 'error', title: t('integ.lastError'), render: (_, n) => (n.lastError === null ? '' : <span translate="no">{n.lastError}</span>) },
          { key: 'next', title: t('integ.nextAttempt'), render: (_, n) => (n.nextAttemptAt === null ? '' : dateTime(n.nextAttemptAt)) },
        ]}
      />
    </Card>
  );
}
