import { EngineError } from '../errors.ts';
import { feel } from '../feel.ts';
import type { NodeBehavior, Run } from '../run.ts';
import type { TimeLimit, TimerStep } from '../../model/types.ts';

/** Turns what a FEEL `until` expression gave (ISO text, epoch ms, a FEEL date-time) into epoch ms. */
function toInstant(v: unknown, expr: string): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  const text = typeof v === 'string' ? v : v !== null && typeof v === 'object' && 'toString' in v ? String(v) : undefined;
  const t = text === undefined ? Number.NaN : Date.parse(text);
  if (Number.isNaN(t)) throw new EngineError('FEEL_ERROR', `timer "until: ${expr}" gave ${JSON.stringify(v)}, not a date-time`);
  return t;
}

function offset(run: Run, t: number, limit: TimeLimit, calendar: string): number {
  const cal = run.ctx.calendar(calendar);
  return limit.amount < 0 ? cal.subtract(t, { ...limit, amount: -limit.amount }) : cal.add(t, limit);
}

/** A timer waits for a duration, until a date from case data (± an offset), or N working days. */
export const timer: NodeBehavior<TimerStep> = {
  enter(run, node) {
    const calendar = node.wait.calendar ?? run.proc.definition.calendar ?? 'default';
    let dueAt: number;
    if ('duration' in node.wait) dueAt = offset(run, run.now, node.wait.duration, calendar);
    else {
      const base = toInstant(feel(node.wait.until, run.feelContext()), node.wait.until);
      dueAt = node.wait.offset ? offset(run, base, node.wait.offset, calendar) : base;
    }
    const jobId = `${run.caseId}:${node.id}:${run.ctx.ids.next('timer')}`;
    const token = run.addToken(node.id, { jobId });
    // A date already past fires at once (through the job, so there is one path for timers).
    run.emit({ type: 'job.schedule', job: { id: jobId, kind: 'timer', dueAt: Math.max(dueAt, run.now), caseId: run.caseId, command: { type: 'timerDue', token: token.id } } });
    run.log({ scope: 'step', activity: node.id, lifecycle: 'schedule', attrs: { dueAt } });
  },
};
