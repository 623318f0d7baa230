import { App, Button, Card, Col, Input, List, Row, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../api/endpoints.ts';
import type { CaseDetail, CaseStatus } from '../../api/types.ts';
import { PageError, PageLoading } from '../../components/PageState.tsx';
import { Sla } from '../../components/Sla.tsx';
import { DiagramLegend, SopDiagram } from '../../diagram/SopDiagram.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { LText, useI18n } from '../../i18n/index.ts';
import { CaseDataCard } from '../task/CaseDataCard.tsx';
import { CaseTimeline } from './Timeline.tsx';

const STATUS_COLOR: Record<CaseStatus, string> = { active: 'blue', completed: 'green', cancelled: 'default', failed: 'red' };

/** One case: where it stands on the SOP diagram, its time limits, its timeline and comments. */
export default function CasePage() {
  const { id = '' } = useParams();
  const c = useLoad(() => api.case(id), [id]);
  if (c.error && !c.data) return <PageError error={c.error} onRetry={c.reload} />;
  if (!c.data) return <PageLoading />;
  return <CaseView detail={c.data} reload={c.reload} />;
}

function CaseView({ detail, reload }: { detail: CaseDetail; reload(): void }) {
  const { t, dateTime } = useI18n();
  const { message } = App.useApp();
  const [comment, setComment] = useState('');
  const [saving, setSaving] = useState(false);
  const tz = detail.timeZone ?? undefined;
  const nodeName = (nodeId: string) => detail.definition.nodes.find((n) => n.id === nodeId)?.name;

  const save = async () => {
    if (comment.trim() === '') return;
    setSaving(true);
    try {
      await api.comment(detail.id, comment.trim());
      setComment('');
      message.success(t('case.commentSaved'));
      reload();
    } catch {
      message.error(t('common.error'));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <div className="sf-page-head">
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          <LText value={detail.processName ?? detail.definition.name} fallback={detail.processKey} />
        </Typography.Title>
        <Tag color={STATUS_COLOR[detail.status]}>{t(`cases.status.${detail.status}`)}</Tag>
        <Typography.Text type="secondary">
          {t('cases.id')} <span translate="no">{detail.id.slice(0, 8)}</span> · {t('common.version', { v: detail.processVersion })}
          {detail.storeName ? <> · <span translate="no">{detail.storeName}</span></> : null}
          {detail.customerName ? <> · <span translate="no">{detail.customerName}</span></> : null} · {dateTime(detail.startedAt, tz)}
        </Typography.Text>
      </div>
      <Card size="small" title={t('case.diagram')} style={{ marginBottom: 16 }}>
        <SopDiagram nodes={detail.definition.nodes} active={detail.position.active} done={detail.position.done} />
        <DiagramLegend />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Card size="small" title={t('case.timeline')}>
            <CaseTimeline detail={detail} />
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {detail.tasks.length > 0 && (
              <Card size="small" title={t('case.openTasks')}>
                <List
                  size="small"
                  dataSource={detail.tasks as CaseDetail['tasks'][number][]}
                  renderItem={(task) => (
                    <List.Item key={task.id} extra={<Sla state={task.slaState} dueAt={task.dueAt} warnAt={task.warnAt} paused={task.waitingForCustomer} timeZone={tz} />}>
                      <Link to={`/tasks/${encodeURIComponent(task.id)}`}>
                        <LText value={task.stepName ?? nodeName(task.node)} fallback={task.node} />
                      </Link>
                    </List.Item>
                  )}
                />
              </Card>
            )}
            {detail.clocks.length > 0 && (
              <Card size="small" title={t('case.clocks')}>
                <List
                  size="small"
                  dataSource={detail.clocks as CaseDetail['clocks'][number][]}
                  renderItem={(clock, i) => (
                    <List.Item key={i}>
                      <Space orientation="vertical" size={0}>
                        <Typography.Text>{clock.target === 'case' ? t('case.caseClock') : <LText value={clock.name ?? nodeName(clock.target)} fallback={clock.target} />}</Typography.Text>
                        {clock.closedAt ? (
                          <span className={`sf-sla sf-sla-${clock.state}`}>{t(`sla.${clock.state}`)}</span>
                        ) : (
                          <Sla state={clock.state} dueAt={clock.dueAt} warnAt={clock.warnAt} paused={!!clock.pausedAt} timeZone={tz} />
                        )}
                      </Space>
                    </List.Item>
                  )}
                />
              </Card>
            )}
            <CaseDataCard data={detail.data} variables={detail.definition.variables ?? []} timeZone={tz} title={t('case.data')} />
            <Card size="small" title={t('case.comments')}>
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Input.TextArea aria-label={t('case.addComment')} placeholder={t('case.commentPlaceholder')} autoSize={{ minRows: 2, maxRows: 6 }} value={comment} onChange={(e) => setComment(e.target.value)} />
                <Button onClick={() => void save()} loading={saving} disabled={comment.trim() === ''}>
                  {t('case.addComment')}
                </Button>
              </Space>
            </Card>
          </Space>
        </Col>
      </Row>
    </>
  );
}
