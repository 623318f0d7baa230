import { EngineError } from '../errors.ts';
import { stopClock } from '../sla.ts';
import type { Run } from '../run.ts';
import type { Command } from '../types.ts';

type Cmd<T extends Command['type']> = Extract<Command, { type: T }>;

/** A timer fired: the token moves on. A timer for a token that already left is ignored. */
export function timerDue(run: Run, cmd: Cmd<'timerDue'>): void {
  const token = run.tokens.find((t) => t.id === cmd.token);
  if (token === undefined) return;
  run.removeToken(token.id);
  run.log({ scope: 'step', activity: token.node, lifecycle: 'complete' });
  run.leave(token.node);
  run.completeIfDone();
}

/**
 * A service call answered (after the runtime's retries). Success stores the answer and moves
 * on; failure takes the step's error path, or fails the case (an incident to look at).
 */
export function serviceResult(run: Run, cmd: Cmd<'serviceResult'>): void {
  const token = run.tokens.find((t) => t.id === cmd.token);
  if (token === undefined) return;
  const node = run.node(token.node);
  if (node.kind !== 'service') throw new EngineError('BAD_COMMAND', `token ${cmd.token} is not at a service step`);
  run.removeToken(token.id);
  if (cmd.ok) {
    if (node.resultVariable) run.setData({ [node.resultVariable]: cmd.result });
    run.log({ scope: 'step', activity: node.id, lifecycle: 'complete' });
    run.leave(node.id);
    run.completeIfDone();
    return;
  }
  run.log({ scope: 'step', activity: node.id, lifecycle: 'ate_abort', attrs: { error: cmd.error } });
  const errorFlow = run.proc.outgoing[node.id]?.find((f) => f.when === 'error');
  if (errorFlow) {
    run.setData({ [`${node.id}Error`]: cmd.error });
    run.enter(errorFlow.to, errorFlow);
    run.completeIfDone();
    return;
  }
  failCase(run, `service step "${node.id}" failed: ${cmd.error}`);
}

/** A sub-case ended. Completed: its outputs are copied back and the flow goes on. Otherwise the case fails. */
export function childEnded(run: Run, cmd: Cmd<'childEnded'>): void {
  const token = run.tokens.find((t) => t.id === cmd.token);
  if (token === undefined || token.childCaseId !== cmd.childCaseId) return;
  const node = run.node(token.node);
  if (node.kind !== 'call') throw new EngineError('BAD_COMMAND', `token ${cmd.token} is not at a call step`);
  run.removeToken(token.id);
  run.log({ scope: 'step', activity: node.id, lifecycle: cmd.status === 'completed' ? 'complete' : 'ate_abort', attrs: { childCaseId: cmd.childCaseId, status: cmd.status, outcome: cmd.outcome } });
  if (cmd.status !== 'completed') {
    failCase(run, `sub-case ${cmd.childCaseId} (${node.process}) ended ${cmd.status}`);
    return;
  }
  const out: Record<string, unknown> = {};
  for (const [parentVar, childVar] of Object.entries(node.output ?? {})) out[parentVar] = cmd.data[childVar];
  if (Object.keys(out).length > 0) run.setData(out);
  run.leave(node.id);
  run.completeIfDone();
}

/** Ends the case with every open task, timer, call and sub-case withdrawn. */
export function withdrawAll(run: Run, by: string | undefined): void {
  for (const task of run.tasks) {
    run.log({ scope: 'step', activity: task.node, lifecycle: 'ate_abort', taskId: task.id, resource: by });
    run.emit({ type: 'task.closed', caseId: run.caseId, task, outcome: 'cancelled', by: by ?? 'system', at: run.now });
    if (task.sla) stopClock(run, { task: task.id }, task.sla);
  }
  for (const t of run.tokens) {
    if (t.jobId) run.emit({ type: 'job.cancel', jobId: t.jobId });
    if (t.childCaseId) run.emit({ type: 'case.cancelChild', childCaseId: t.childCaseId });
  }
  run.tasks = [];
  run.tokens = [];
  run.joins = {};
}

function failCase(run: Run, reason: string): void {
  withdrawAll(run, undefined);
  run.end('failed', reason);
}

/** Cancels the whole case. */
export function cancelCase(run: Run, cmd: Cmd<'cancelCase'>): void {
  const by = cmd.by === 'system' ? undefined : cmd.by;
  withdrawAll(run, by);
  run.end('cancelled', cmd.reason);
}
