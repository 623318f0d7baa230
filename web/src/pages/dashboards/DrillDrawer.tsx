import { Drawer, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, type KpiQuery } from '../../api/endpoints.ts';
import type { CaseStatus, CaseSummary, Drill } from '../../api/types.ts';
import { PageError } from '../../components/PageState.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { LText, useI18n } from '../../i18n/index.ts';

const STATUS_COLOR: Record<CaseStatus, string> = { active: 'blue', completed: 'green', cancelled: 'default', failed: 'red' };

/** The cases behind a number: opened from any figure of the dashboard. */
export function DrillDrawer({ query, drill, title, onClose }: { query: KpiQuery; drill: Drill | null; title: string; onClose(): void }) {
  const { t, dateTime } = useI18n();
  const [page, setPage] = useState(1);
  const list = useLoad(async () => (drill ? api.drill(query, drill, (page - 1) * 50) : undefined), [JSON.stringify(query), JSON.stringify(drill), page]);
  return (
    <Drawer open={drill !== null} onClose={onClose} title={title} size={720} destroyOnHidden>
      {list.error ? (
        <PageError error={list.error} onRetry={list.reload} />
      ) : (
        <Table<CaseSummary>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={(list.data?.items ?? []) as CaseSummary[]}
          locale={{ emptyText: t('cases.empty') }}
          pagination={{ current: page, pageSize: 50, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n) => t('common.total', { n }) }}
          columns={[
            { key: 'id', title: t('cases.id'), render: (_, c) => <Link to={`/cases/${encodeURIComponent(c.id)}`}><span translate="no">{c.id.slice(0, 8)}</span></Link> },
            { key: 'p', title: t('cases.process'), render: (_, c) => <LText value={c.processName} fallback={c.processKey} /> },
            { key: 's', title: t('cases.status'), render: (_, c) => <Tag color={STATUS_COLOR[c.status]}>{t(`cases.status.${c.status}`)}</Tag> },
            { key: 'st', title: t('cases.store'), render: (_, c) => <span translate="no">{c.storeName ?? ''}</span> },
            { key: 'b', title: t('cases.started'), render: (_, c) => dateTime(c.startedAt, c.timeZone ?? undefined) },
          ]}
        />
      )}
    </Drawer>
  );
}
