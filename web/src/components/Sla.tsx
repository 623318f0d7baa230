import { ClockCircleOutlined, ExclamationCircleOutlined, PauseCircleOutlined, WarningOutlined } from '@ant-design/icons';
import type { SlaState } from '../api/types.ts';
import { useNow } from '../hooks/useNow.ts';
import { useI18n } from '../i18n/index.ts';

export interface SlaProps {
  readonly state?: SlaState | null;
  readonly dueAt?: string | null;
  readonly warnAt?: string | null;
  readonly paused?: boolean;
  readonly timeZone?: string | null;
}

/**
 * The state of a clock now: the server's state moved on by the local clock, so a countdown turns
 * red at the due time without waiting for the SLA worker's event.
 */
export function liveState(p: SlaProps, now: number): SlaState | 'none' {
  if (!p.dueAt) return p.state ?? 'none';
  if (p.state === 'breached') return 'breached';
  const due = Date.parse(p.dueAt);
  if (!p.paused && now >= due) return 'breached';
  if (p.state === 'warning' || (p.warnAt && now >= Date.parse(p.warnAt))) return 'warning';
  return 'ok';
}

/** An SLA as colour, icon, word and countdown (colour is never the only sign). */
export function Sla(p: SlaProps) {
  const { t, duration, dateTime } = useI18n();
  const now = useNow();
  const state = liveState(p, now);
  if (state === 'none') return <span className="sf-sla sf-sla-none">{t('sla.none')}</span>;
  const due = p.dueAt ? Date.parse(p.dueAt) : undefined;
  const icon = p.paused ? <PauseCircleOutlined aria-hidden /> : state === 'breached' ? <ExclamationCircleOutlined aria-hidden /> : state === 'warning' ? <WarningOutlined aria-hidden /> : <ClockCircleOutlined aria-hidden />;
  const word = t(`sla.${state}`);
  const count = due === undefined ? '' : due >= now ? t('sla.dueIn', { t: duration(due - now) }) : t('sla.overdue', { t: duration(now - due) });
  const title = [p.paused ? t('sla.paused') : '', p.dueAt ? t('sla.dueAt', { at: dateTime(p.dueAt, p.timeZone ?? undefined) }) : ''].filter(Boolean).join(' · ');
  return (
    // A native title rather than antd's Tooltip: an inbox page shows 50 of these, and 50
    // tooltip triggers cost more on a phone than the whole rest of the row.
    <span className={`sf-sla sf-sla-${state}`} title={title || undefined}>
      {icon} {word}
      {count && <> · {count}</>}
      {title && <span className="sf-sr-only"> ({title})</span>}
    </span>
  );
}
