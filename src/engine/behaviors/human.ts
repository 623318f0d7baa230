import { startClock } from '../sla.ts';
import type { NodeBehavior } from '../run.ts';
import type { HumanStep } from '../../model/types.ts';
import type { TaskState } from '../types.ts';

/**
 * A human step opens a task in the role's queue. Assignment that the case itself can decide
 * (the same person as an earlier step, the customer's owner) happens here; rotation and
 * least-loaded need the staff directory, so the store is asked (`assign.request`) and answers
 * with a `reassign` command in the same transaction.
 */
export const human: NodeBehavior<HumanStep> = {
  enter(run, node) {
    const token = run.addToken(node.id);
    const id = run.ctx.ids.next('task');
    let assignee: string | undefined;
    const a = node.assignment;
    if (a.strategy === 'sameAs') assignee = run.steps[a.node]?.by;
    else if (a.strategy === 'customerOwner') assignee = run.base.customer?.ownerId;
    let task: TaskState = {
      id,
      node: node.id,
      token: token.id,
      role: node.role,
      status: assignee ? 'claimed' : 'open',
      assignee,
      priority: node.priority ?? run.priority,
      createdAt: run.now,
      claimedAt: undefined,
      waitingForCustomer: false,
    };
    if (node.sla) {
      run.putTask(task); // the clock looks the task up for its spec
      task = { ...task, sla: startClock(run, node.sla, { task: id }) };
    }
    run.putTask(task);
    if (run.logging) run.log({ scope: 'step', activity: node.id, lifecycle: 'schedule', taskId: id, attrs: { role: node.role, dueAt: task.sla?.dueAt } });
    if (assignee) {
      if (run.logging) run.log({ scope: 'step', activity: node.id, lifecycle: 'assign', taskId: id, resource: assignee, attrs: { strategy: a.strategy } });
      run.emit({ type: 'notify', caseId: run.caseId, to: { staffId: assignee }, reason: 'task.assigned', taskId: id });
    }
    run.emit({ type: 'task.opened', caseId: run.caseId, task });
    if (!assignee && (a.strategy === 'rotation' || a.strategy === 'leastLoaded'))
      run.emit({ type: 'assign.request', caseId: run.caseId, taskId: id, role: node.role, strategy: a.strategy });
  },
};
