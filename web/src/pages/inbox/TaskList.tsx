import { Button, Card, Grid, List, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import type { TaskSummary } from '../../api/types.ts';
import { Sla } from '../../components/Sla.tsx';
import { LText, useI18n } from '../../i18n/index.ts';

export interface TaskListProps {
  readonly tasks: readonly TaskSummary[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly loading: boolean;
  readonly empty: string;
  /** Present for queue lists: the claim button. */
  readonly onClaim?: (t: TaskSummary) => void;
  readonly claiming?: string | null;
  onPage(page: number): void;
}

function stepLabel(t: TaskSummary) {
  return <LText value={t.stepName} fallback={t.node} />;
}

/** Tasks as a table on wide screens and as cards on phones, with SLA countdowns. */
export function TaskList(p: TaskListProps) {
  const { t, dateTime } = useI18n();
  const screens = Grid.useBreakpoint();
  const action = (task: TaskSummary) =>
    p.onClaim ? (
      <Button type="primary" size="small" loading={p.claiming === task.id} onClick={() => p.onClaim!(task)} aria-label={`${t('inbox.claim')}`}>
        {t('inbox.claim')}
      </Button>
    ) : (
      <Link to={`/tasks/${encodeURIComponent(task.id)}`}>{t('inbox.open')}</Link>
    );
  const sla = (task: TaskSummary) => <Sla state={task.slaState} dueAt={task.dueAt} warnAt={task.warnAt} paused={task.waitingForCustomer} timeZone={task.timeZone} />;
  const pagination = {
    current: p.page,
    pageSize: p.pageSize,
    total: p.total,
    showSizeChanger: false,
    onChange: p.onPage,
    showTotal: (n: number) => t('common.total', { n }),
  };

  if (screens.md === false) {
    return (
      <List
        loading={p.loading}
        dataSource={p.tasks as TaskSummary[]}
        locale={{ emptyText: p.empty }}
        pagination={{ ...pagination, size: 'small' }}
        renderItem={(task) => (
          <List.Item key={task.id} style={{ padding: 0, border: 'none', marginBottom: 8 }}>
            <Card size="small" style={{ width: '100%' }} className={task.slaState === 'breached' ? 'sf-row-breached' : task.slaState === 'warning' ? 'sf-row-warning' : ''}>
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                <Typography.Text strong>
                  <Link to={`/tasks/${encodeURIComponent(task.id)}`}>{stepLabel(task)}</Link>
                </Typography.Text>
                {sla(task)}
                <Typography.Text type="secondary">
                  <LText value={task.processName} fallback={task.processKey} />
                  {task.storeName ? <> · <span translate="no">{task.storeName}</span></> : null}
                  {task.customerName ? <> · <span translate="no">{task.customerName}</span></> : null}
                </Typography.Text>
                <div>{action(task)}</div>
              </Space>
            </Card>
          </List.Item>
        )}
      />
    );
  }

  const columns: ColumnsType<TaskSummary> = [
    { key: 'sla', title: t('inbox.sla'), width: 210, render: (_, task) => sla(task) },
    {
      key: 'step',
      title: t('inbox.step'),
      render: (_, task) => (
        <Link to={`/tasks/${encodeURIComponent(task.id)}`}>
          {stepLabel(task)}
        </Link>
      ),
    },
    { key: 'process', title: t('inbox.process'), render: (_, task) => <LText value={task.processName} fallback={task.processKey} /> },
    {
      key: 'case',
      title: t('inbox.case'),
      render: (_, task) => (
        <span translate="no">{task.customerName ?? task.caseId.slice(0, 8)}</span>
      ),
    },
    { key: 'store', title: t('inbox.store'), render: (_, task) => <span translate="no">{task.storeName ?? ''}</span> },
    { key: 'role', title: t('inbox.role'), render: (_, task) => <Tag><LText value={task.roleName} fallback={task.role} /></Tag> },
    { key: 'created', title: t('inbox.created'), render: (_, task) => dateTime(task.createdAt, task.timeZone ?? undefined) },
    { key: 'action', title: <span className="sf-sr-only">{t('common.details')}</span>, width: 100, render: (_, task) => action(task) },
  ];
  return (
    <Table<TaskSummary>
      rowKey="id"
      size="middle"
      loading={p.loading}
      columns={columns}
      dataSource={p.tasks as TaskSummary[]}
      locale={{ emptyText: p.empty }}
      pagination={pagination}
      rowClassName={(task) => (task.slaState === 'breached' ? 'sf-row-breached' : task.slaState === 'warning' ? 'sf-row-warning' : '')}
    />
  );
}
