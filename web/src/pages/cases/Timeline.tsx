import { CheckCircleOutlined, ClockCircleOutlined, CommentOutlined, ExclamationCircleOutlined, PlayCircleOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { Descriptions, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { CaseDetail, TimelineEntry } from '../../api/types.ts';
import { DataValue } from '../../components/DataValue.tsx';
import { isMessageKey, LText, pickText, useI18n } from '../../i18n/index.ts';

function icon(e: TimelineEntry): ReactNode {
  if (e.kind === 'comment') return <CommentOutlined aria-hidden />;
  if (e.lifecycle === 'breach' || e.lifecycle === 'escalation') return <ExclamationCircleOutlined aria-hidden style={{ color: '#c41d1f' }} />;
  if (e.lifecycle === 'warning') return <ClockCircleOutlined aria-hidden style={{ color: '#ad4e00' }} />;
  if (e.lifecycle === 'complete') return <CheckCircleOutlined aria-hidden style={{ color: '#237804' }} />;
  if (e.lifecycle === 'assign' || e.lifecycle === 'reassign') return <UserSwitchOutlined aria-hidden />;
  return <PlayCircleOutlined aria-hidden style={{ color: '#1554ad' }} />;
}

/** The case's history: every event (who, when), checklist results and form values, and comments. */
export function CaseTimeline({ detail }: { detail: CaseDetail }) {
  const { t, dateTime, locale } = useI18n();
  const tz = detail.timeZone ?? undefined;
  const nodeName = (id: string | undefined) => {
    const n = detail.definition.nodes.find((x) => x.id === id);
    return n ? <LText value={n.name} fallback={id} /> : <span translate="no">{id}</span>;
  };
  const results = new Map((detail.completedSteps ?? []).map((s) => [s.taskId, s]));
  const fieldsOf = (node: string) => {
    const n = detail.definition.nodes.find((x) => x.id === node);
    return n?.kind === 'human' ? (n.form ?? []) : [];
  };

  const items = detail.timeline.map((e) => {
    const who = e.resourceName ?? (e.resource === 'system' || !e.resource ? t('common.system') : e.resource);
    const when = dateTime(e.at, tz);
    if (e.kind === 'comment')
      return {
        key: `c${e.seq}`,
        dot: icon(e),
        children: (
          <>
            <Typography.Text strong>{t('event.comment')}</Typography.Text> · <span translate="no">{who}</span> · <time dateTime={e.at}>{when}</time>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
              <span translate="no">{e.text}</span>
            </Typography.Paragraph>
          </>
        ),
      };
    const lcKey = `event.${e.lifecycle ?? 'data'}`;
    const lifecycle = isMessageKey(lcKey) ? t(lcKey) : (e.lifecycle ?? '');
    const what =
      e.scope === 'case' ? (e.lifecycle === 'complete' || e.lifecycle === 'pi_abort' ? t('event.caseEnded') : e.lifecycle === 'start' ? t('event.caseStarted') : lifecycle) : null;
    const done = e.lifecycle === 'complete' && e.taskId ? results.get(e.taskId) : undefined;
    const outcome = done?.result?.checklist;
    const form = done?.result?.form ?? {};
    const fields = done ? fieldsOf(done.node) : [];
    return {
      key: `e${e.seq}`,
      dot: icon(e),
      children: (
        <>
          <Typography.Text strong>{what ?? nodeName(e.activity)}</Typography.Text> {what === null && <Tag>{lifecycle}</Tag>}
          {e.scope === 'sla' && <Tag color={e.lifecycle === 'warning' ? 'orange' : 'red'}>{t('case.clocks')}</Tag>}
          <div>
            <Typography.Text type="secondary">
              <span translate="no">{who}</span> · <time dateTime={e.at}>{when}</time>
            </Typography.Text>
          </div>
          {outcome && (
            <div>
              <Tag color={outcome.passed ? 'green' : 'red'}>
                {t('case.checklistResult', { passed: outcome.passed ? t('case.checklistPassed') : t('case.checklistFailed'), done: outcome.checked.length })}
              </Tag>
            </div>
          )}
          {Object.keys(form).length > 0 && (
            <Descriptions
              size="small"
              column={1}
              style={{ marginTop: 4, maxWidth: 560 }}
              items={Object.entries(form).map(([k, v]) => {
                const f = fields.find((x) => x.id === k);
                return { key: k, label: f ? <LText value={f.label} fallback={k} /> : <span translate="no">{k}</span>, children: <DataValue value={v} timeZone={tz} {...(f ? { label: pickText(f.label, locale, k).text } : {})} /> };
              })}
            />
          )}
        </>
      ),
    };
  });
  return <Timeline items={items} />;
}
