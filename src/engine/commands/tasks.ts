import { evaluateChecklist, unknownChecklistItems } from '../checklist.ts';
import { EngineError, type FieldIssue } from '../errors.ts';
import { validateForm } from '../form.ts';
import { pauseClock, resumeClock, stopClock } from '../sla.ts';
import { hasKeys, type Run } from '../run.ts';
import type { ChecklistOutcome, Command, TaskState } from '../types.ts';
import type { FormField } from '../../model/types.ts';

type Cmd<T extends Command['type']> = Extract<Command, { type: T }>;

const NO_FIELDS: readonly FormField[] = [];
const NO_ISSUES: readonly FieldIssue[] = [];

function mustHold(task: TaskState, by: string, what: string): void {
  if (task.status === 'claimed' && task.assignee !== by)
    throw new EngineError('NOT_ASSIGNEE', `task ${task.id} is held by ${task.assignee}; ${by} cannot ${what} it (ask for it to be reassigned)`);
}

/**
 * Takes a task from the queue: work on it starts (a `start` event). A task given to you by
 * assignment (rotation, least-loaded, sameAs, the customer's owner, a manager's reassign) is
 * yours but not started: claiming it starts it, exactly like a claim from the queue, so logs
 * measure its work time too. Claiming a task you have already started is a no-op, not an error.
 */
export function claim(run: Run, cmd: Cmd<'claim'>): void {
  const task = run.task(cmd.taskId);
  if (task.status === 'claimed') {
    if (task.assignee !== cmd.by) throw new EngineError('ALREADY_CLAIMED', `task ${task.id} was already claimed by ${task.assignee}`);
    if (task.claimedAt !== undefined) return;
  }
  const next: TaskState = { ...task, status: 'claimed', assignee: cmd.by, claimedAt: run.now };
  run.putTask(next);
  if (run.logging) run.log({ scope: 'step', activity: task.node, lifecycle: 'start', taskId: task.id, resource: cmd.by });
  run.emit({ type: 'task.changed', caseId: run.caseId, task: next });
}

/** Puts a claimed task back into the role's queue. */
export function release(run: Run, cmd: Cmd<'release'>): void {
  const task = run.task(cmd.taskId);
  if (task.status !== 'claimed') return;
  mustHold(task, cmd.by, 'release');
  const { assignee: _a, claimedAt: _c, ...rest } = task;
  const next: TaskState = { ...rest, status: 'open' };
  run.putTask(next);
  run.log({ scope: 'step', activity: task.node, lifecycle: 'suspend', taskId: task.id, resource: cmd.by, attrs: { released: true } });
  run.emit({ type: 'task.changed', caseId: run.caseId, task: next });
}

/**
 * Completes a task: the form is validated against the step's fields, the checklist scored
 * against its pass rule, the values copied into case data, and the token moves on.
 * An unclaimed task is claimed implicitly by whoever completes it.
 */
export function complete(run: Run, cmd: Cmd<'complete'>): void {
  const task = run.task(cmd.taskId);
  mustHold(task, cmd.by, 'complete');
  const node = run.node(task.node);
  if (node.kind !== 'human') throw new EngineError('BAD_COMMAND', `node ${node.id} is not a human step`);
  const values = cmd.form ?? {};
  const fields = node.form ?? NO_FIELDS;
  // No fields and nothing given (most steps): nothing to validate, and no issue list to build.
  const formIssues = fields.length === 0 && !hasKeys(values) ? NO_ISSUES : validateForm(fields, values);
  if (formIssues.length > 0) throw new EngineError('FORM_INVALID', `the form of "${node.id}" has problems: ${formIssues.map((i) => i.message).join('; ')}`, formIssues);

  let outcome: ChecklistOutcome | undefined;
  if (node.checklist) {
    const submitted = cmd.checklist ?? {};
    const unknown = unknownChecklistItems(node.checklist, submitted);
    if (unknown.length > 0)
      throw new EngineError('CHECKLIST_FAILED', `not items of the checklist of "${node.id}": ${unknown.join(', ')}`, unknown.map((field) => ({ field, message: 'unknown checklist item' })));
    outcome = evaluateChecklist(node.checklist, submitted);
    if (!outcome.passed && (node.checklist.onFail ?? 'block') === 'block') {
      const need = node.checklist.pass.minOptional ?? 0;
      const why = [
        outcome.missingRequired.length > 0 ? `required items not done: ${outcome.missingRequired.join(', ')}` : '',
        outcome.optionalChecked < need ? `${outcome.optionalChecked} of at least ${need} optional items done` : '',
        node.checklist.pass.minScore !== undefined && outcome.score < node.checklist.pass.minScore ? `score ${outcome.score} below ${node.checklist.pass.minScore}` : '',
      ].filter(Boolean);
      throw new EngineError('CHECKLIST_FAILED', `the standards of "${node.id}" are not met: ${why.join('; ')}`, outcome.missingRequired.map((field) => ({ field, message: 'required item not done' })));
    }
  }

  if (task.status === 'open' && run.logging) run.log({ scope: 'step', activity: task.node, lifecycle: 'start', taskId: task.id, resource: cmd.by });
  if (node.form !== undefined && node.form.length > 0) {
    const data: Record<string, unknown> = {};
    for (const f of node.form) if (values[f.id] !== undefined) data[f.variable ?? f.id] = values[f.id];
    if (Object.keys(data).length > 0) run.setData(data);
  }
  run.putStep(node.id, { by: cmd.by, at: run.now, checklist: outcome });
  if (task.sla) stopClock(run, { task: task.id }, task.sla);
  run.dropTask(task.id);
  run.removeToken(task.token);
  if (run.logging) {
    run.log({
      scope: 'step',
      activity: task.node,
      lifecycle: 'complete',
      taskId: task.id,
      resource: cmd.by,
      attrs: {
        slaState: task.sla?.state,
        checklistPassed: outcome?.passed,
        checklistScore: outcome?.score,
        // Only which fields were given: values may be personal data, which lives in case data only.
        fields: Object.keys(values),
      },
    });
  }
  run.emit({ type: 'task.closed', caseId: run.caseId, task, outcome: 'completed', by: cmd.by, at: run.now, result: { form: values, checklist: outcome } });
  run.leave(node.id);
  run.completeIfDone();
}

/** Hands a task to a person (or back to a role's queue). */
export function reassign(run: Run, cmd: Cmd<'reassign'>): void {
  const task = run.task(cmd.taskId);
  let next: TaskState;
  if ('staffId' in cmd.to) next = { ...task, status: 'claimed', assignee: cmd.to.staffId, claimedAt: undefined };
  else {
    const { assignee: _a, claimedAt: _c, ...rest } = task;
    next = { ...rest, role: cmd.to.role, status: 'open' };
  }
  run.putTask(next);
  const lifecycle = task.assignee === undefined && 'staffId' in cmd.to ? 'assign' : 'reassign';
  run.log({
    scope: 'step',
    activity: task.node,
    lifecycle,
    taskId: task.id,
    resource: 'staffId' in cmd.to ? cmd.to.staffId : undefined,
    attrs: { by: cmd.by, from: task.assignee ?? null, role: next.role },
  });
  run.emit({ type: 'task.changed', caseId: run.caseId, task: next });
  if ('staffId' in cmd.to) run.emit({ type: 'notify', caseId: run.caseId, to: { staffId: cmd.to.staffId }, reason: 'task.assigned', taskId: task.id });
}

/** Withdraws a step that this case does not need: the task closes as cancelled and the flow goes on. */
export function cancelTask(run: Run, cmd: Cmd<'cancelTask'>): void {
  const task = run.task(cmd.taskId);
  if (task.sla) stopClock(run, { task: task.id }, task.sla);
  run.dropTask(task.id);
  run.removeToken(task.token);
  run.log({ scope: 'step', activity: task.node, lifecycle: 'withdraw', taskId: task.id, resource: cmd.by === 'system' ? undefined : cmd.by, attrs: { reason: cmd.reason } });
  run.emit({ type: 'task.closed', caseId: run.caseId, task, outcome: 'cancelled', by: cmd.by, at: run.now });
  run.leave(task.node);
  run.completeIfDone();
}

/** The step waits for the customer (a part, a decision, a signature): the SLA clock may pause. */
export function waitForCustomer(run: Run, cmd: Cmd<'waitForCustomer'>): void {
  const task = run.task(cmd.taskId);
  if (task.waitingForCustomer) return;
  const node = run.node(task.node);
  const pauses = node.kind === 'human' && node.sla?.pauseWhileWaitingForCustomer === true;
  const next = { ...(pauses ? pauseClock(run, task) : task), waitingForCustomer: true };
  run.putTask(next);
  run.log({ scope: 'step', activity: task.node, lifecycle: 'suspend', taskId: task.id, resource: cmd.by === 'system' ? undefined : cmd.by, attrs: { waitingForCustomer: true, slaPaused: pauses } });
  run.emit({ type: 'task.changed', caseId: run.caseId, task: next });
}

/** The customer answered: the SLA clock resumes, moved later by the time spent waiting. */
export function customerResponded(run: Run, cmd: Cmd<'customerResponded'>): void {
  const task = run.task(cmd.taskId);
  if (!task.waitingForCustomer) return;
  const next = { ...resumeClock(run, task), waitingForCustomer: false };
  run.putTask(next);
  run.log({ scope: 'step', activity: task.node, lifecycle: 'resume', taskId: task.id, resource: cmd.by === 'system' ? undefined : cmd.by, attrs: { dueAt: next.sla?.dueAt } });
  run.emit({ type: 'task.changed', caseId: run.caseId, task: next });
}
