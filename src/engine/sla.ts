import { EngineError } from './errors.ts';
import { feel } from './feel.ts';
import { slaJobId, type Run } from './run.ts';
import { parseTimeLimit } from '../model/index.ts';
import type { Command, SlaClock, SlaStage, SlaTarget, TaskState } from './types.ts';
import type { EscalationAction, SlaSpec, TimeLimit } from '../model/types.ts';

/**
 * SLA clocks: due and warning points on a business calendar, escalation chains, and pausing
 * while the customer is awaited. Each point is a job; a clock's `generation` grows whenever it
 * is rescheduled, so a job from an older generation is recognised as stale and ignored.
 */

function dueLimit(run: Run, spec: SlaSpec): TimeLimit {
  if (!('expression' in spec.due)) return spec.due;
  const v = feel(spec.due.expression, run.feelContext());
  if (typeof v !== 'string') throw new EngineError('FEEL_ERROR', `SLA expression "${spec.due.expression}" gave ${JSON.stringify(v)}, not a time limit such as "4 h"`);
  try {
    return parseTimeLimit(v);
  } catch (e) {
    throw new EngineError('FEEL_ERROR', `SLA expression "${spec.due.expression}" gave "${v}": ${(e as Error).message}`);
  }
}

function schedule(run: Run, target: SlaTarget, stage: SlaStage, generation: number, dueAt: number): void {
  const command: Command = { type: 'slaDue', target, stage, generation };
  run.emit({ type: 'job.schedule', job: { id: slaJobId(target, stage, generation, run.caseId), kind: 'sla', dueAt, caseId: run.caseId, command } });
}

function scheduleClock(run: Run, target: SlaTarget, c: SlaClock): void {
  if (c.warnAt !== undefined && c.state === 'ok') schedule(run, target, 'warning', c.generation, c.warnAt);
  if (c.state !== 'breached') schedule(run, target, 'breach', c.generation, c.dueAt);
}

/** Starts an SLA clock now and schedules its warning and breach. */
export function startClock(run: Run, spec: SlaSpec, target: SlaTarget): SlaClock {
  const calendar = spec.calendar ?? run.proc.definition.calendar ?? 'default';
  const cal = run.ctx.calendar(calendar);
  const limit = dueLimit(run, spec);
  const dueAt = cal.add(run.now, limit);
  let warnAt: number | undefined;
  if (spec.warning && 'fraction' in spec.warning) {
    const total = limit.basis === 'working' ? cal.workingBetween(run.now, dueAt) : dueAt - run.now;
    const part = Math.round(total * spec.warning.fraction);
    warnAt = limit.basis === 'working' ? cal.addWorking(run.now, part) : run.now + part;
  } else if (spec.warning) {
    warnAt = Math.max(run.now, cal.subtract(dueAt, spec.warning.before));
  }
  const clock: SlaClock = { calendar, basis: limit.basis, startedAt: run.now, dueAt, warnAt, state: 'ok', escalated: 0, generation: 1 };
  scheduleClock(run, target, clock);
  return clock;
}

/** Cancels the pending jobs of a clock (the step is done, or the clock is paused). */
export function stopClock(run: Run, target: SlaTarget, c: SlaClock): void {
  if (c.state === 'ok' && c.warnAt !== undefined) run.emit({ type: 'job.cancel', jobId: slaJobId(target, 'warning', c.generation, run.caseId) });
  if (c.state !== 'breached') run.emit({ type: 'job.cancel', jobId: slaJobId(target, 'breach', c.generation, run.caseId) });
  const spec = specFor(run, target);
  const esc = spec?.escalations ?? [];
  if (c.state === 'breached') for (let i = c.escalated; i < esc.length; i++) run.emit({ type: 'job.cancel', jobId: slaJobId(target, `escalation:${i}`, c.generation, run.caseId) });
}

/** Pauses a task's clock (waiting for the customer). */
export function pauseClock(run: Run, task: TaskState): TaskState {
  const c = task.sla;
  if (!c || c.pausedAt !== undefined) return task;
  stopClock(run, { task: task.id }, c);
  return { ...task, sla: { ...c, pausedAt: run.now, generation: c.generation + 1 } };
}

/** Resumes a paused clock: due and warning move later by the (working) time spent paused. */
export function resumeClock(run: Run, task: TaskState): TaskState {
  const c = task.sla;
  if (!c || c.pausedAt === undefined) return task;
  const cal = run.ctx.calendar(c.calendar);
  const shift = (t: number): number => (c.basis === 'working' ? cal.addWorking(t, cal.workingBetween(c.pausedAt!, run.now)) : t + (run.now - c.pausedAt!));
  const { pausedAt: _paused, ...rest } = c;
  const clock: SlaClock = { ...rest, dueAt: c.state === 'breached' ? c.dueAt : shift(c.dueAt), warnAt: c.warnAt === undefined ? undefined : shift(c.warnAt), generation: c.generation + 1 };
  if (clock.state === 'breached') scheduleEscalations(run, { task: task.id }, clock);
  else scheduleClock(run, { task: task.id }, clock);
  return { ...task, sla: clock };
}

function specFor(run: Run, target: SlaTarget): SlaSpec | undefined {
  if ('case' in target) return run.proc.definition.sla;
  const task = run.findTask(target.task);
  if (!task) return undefined;
  const node = run.node(task.node);
  return node.kind === 'human' ? node.sla : undefined;
}

function scheduleEscalations(run: Run, target: SlaTarget, c: SlaClock): void {
  const spec = specFor(run, target);
  const cal = run.ctx.calendar(c.calendar);
  (spec?.escalations ?? []).forEach((e, i) => {
    if (i < c.escalated) return;
    const at = e.after ? cal.add(c.dueAt, e.after) : c.dueAt;
    schedule(run, target, `escalation:${i}`, c.generation, Math.max(at, run.now));
  });
}

/** Handles a due SLA point; stale points (older generation, closed task, paused clock) do nothing. */
export function onSlaDue(run: Run, cmd: Extract<Command, { type: 'slaDue' }>): void {
  const target = cmd.target;
  const task = 'task' in target ? run.findTask(target.task) : undefined;
  const clock = 'case' in target ? run.sla : task?.sla;
  if (!clock || clock.generation !== cmd.generation || clock.pausedAt !== undefined) return;
  if (run.status !== 'active') return;
  const spec = specFor(run, target);
  const activity = task ? task.node : run.proc.definition.key;
  const scope = { scope: 'sla' as const, activity, taskId: task?.id };
  const save = (c: SlaClock): void => {
    if (task) {
      const next = { ...run.findTask(task.id)!, sla: c };
      run.putTask(next);
      run.emit({ type: 'task.changed', caseId: run.caseId, task: next });
    } else run.sla = c;
  };
  if (cmd.stage === 'warning') {
    if (clock.state !== 'ok') return;
    save({ ...clock, state: 'warning' });
    run.log({ ...scope, lifecycle: 'warning', attrs: { dueAt: clock.dueAt } });
    const to = task?.assignee ? { staffId: task.assignee } : { role: task?.role ?? firstRole(run) };
    run.emit({ type: 'notify', caseId: run.caseId, to, reason: 'sla.warning', taskId: task?.id });
    return;
  }
  if (cmd.stage === 'breach') {
    if (clock.state === 'breached') return;
    const c: SlaClock = { ...clock, state: 'breached' };
    save(c);
    run.log({ ...scope, lifecycle: 'breach', attrs: { dueAt: clock.dueAt } });
    const to = task?.assignee ? { staffId: task.assignee } : { role: task?.role ?? firstRole(run) };
    run.emit({ type: 'notify', caseId: run.caseId, to, reason: 'sla.breach', taskId: task?.id });
    scheduleEscalations(run, target, c);
    return;
  }
  const index = Number(cmd.stage.slice('escalation:'.length));
  const esc = spec?.escalations?.[index];
  if (!esc || clock.state !== 'breached' || index < clock.escalated) return;
  save({ ...clock, escalated: index + 1 });
  run.log({ ...scope, lifecycle: 'escalation', attrs: { index, actions: esc.actions.map((a) => a.kind) } });
  for (const a of esc.actions) applyEscalation(run, a, task?.id);
}

function firstRole(run: Run): string {
  return run.proc.definition.roles[0]?.id ?? 'manager';
}

function applyEscalation(run: Run, a: EscalationAction, taskId: string | undefined): void {
  switch (a.kind) {
    case 'notify':
      run.emit({ type: 'notify', caseId: run.caseId, to: { role: a.role }, reason: 'escalation', taskId, message: a.message });
      return;
    case 'raisePriority': {
      const by = a.by ?? 1;
      const ids = taskId ? [taskId] : run.tasks.map((t) => t.id);
      if (!taskId) run.priority += by;
      for (const id of ids) {
        const t = run.findTask(id)!;
        const next = { ...t, priority: t.priority + by };
        run.putTask(next);
        run.emit({ type: 'task.changed', caseId: run.caseId, task: next });
      }
      return;
    }
    case 'reassign': {
      // A case-level SLA has no single task to hand over: reassigning applies to step clocks only.
      if (!taskId) return;
      const t = run.findTask(taskId)!;
      const { assignee: _a, claimedAt: _c, ...rest } = t;
      const next: TaskState = { ...rest, role: a.role, status: 'open' };
      run.putTask(next);
      run.log({ scope: 'step', activity: t.node, lifecycle: 'reassign', taskId, attrs: { role: a.role, from: t.assignee ?? null, reason: 'escalation' } });
      run.emit({ type: 'task.changed', caseId: run.caseId, task: next });
      run.emit({ type: 'notify', caseId: run.caseId, to: { role: a.role }, reason: 'escalation', taskId });
      return;
    }
  }
}
