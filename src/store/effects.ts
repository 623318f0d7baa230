import { iso } from './values.ts';
import type { EventRow, JobRow, NotificationRow, TaskRow } from './sql/write-case.ts';
import type { Effect, TaskState } from '../engine/types.ts';

/**
 * Folds the effects of one case's command into rows for `writeCase`, in the order the engine
 * emitted them: the last word on a task wins (one row per task), a job scheduled and cancelled
 * in the same command is never written, and effects that need the database (assignment) or
 * another case (sub-cases) are set aside for the caller.
 */

export type AssignRequest = Extract<Effect, { type: 'assign.request' }>;
export type CrossCaseEffect = Extract<Effect, { type: 'case.startChild' | 'case.cancelChild' }>;

function taskRow(t: TaskState): TaskRow {
  return {
    id: t.id,
    node: t.node,
    role: t.role,
    assignee: t.assignee ?? null,
    status: t.status,
    priority: t.priority,
    waiting: t.waitingForCustomer,
    due_at: iso(t.sla?.dueAt),
    warn_at: iso(t.sla?.warnAt),
    sla_state: t.sla?.state ?? null,
    created_at: iso(t.createdAt),
    claimed_at: iso(t.claimedAt),
    closed_at: null,
    closed_by: null,
    result: null,
  };
}

export class EffectRows {
  readonly tasks = new Map<string, TaskRow>();
  readonly events: EventRow[] = [];
  readonly jobs = new Map<string, JobRow>();
  readonly cancels = new Set<string>();
  readonly notifications: NotificationRow[] = [];
  readonly assignRequests: AssignRequest[] = [];
  readonly crossCase: CrossCaseEffect[] = [];
  /** Due times of the jobs written (to wake local workers). */
  readonly dueTimes: number[] = [];

  add(effects: readonly Effect[]): void {
    for (const e of effects) this.addOne(e);
  }

  private addOne(e: Effect): void {
    switch (e.type) {
      case 'task.opened':
      case 'task.changed':
        this.tasks.set(e.task.id, taskRow(e.task));
        return;
      case 'task.closed': {
        const row = taskRow(e.task);
        row.status = e.outcome;
        row.closed_at = iso(e.at);
        row.closed_by = e.by ?? 'system';
        row.result = e.result ?? null;
        this.tasks.set(e.task.id, row);
        return;
      }
      case 'job.schedule': {
        const j = e.job;
        // The whole JobSpec is the payload: the worker needs the command or the request, and
        // a job read back is exactly what the engine asked for.
        this.jobs.set(j.id, { id: j.id, case_id: j.caseId, kind: j.kind, due_at: iso(j.dueAt), payload: j });
        this.cancels.delete(j.id);
        this.dueTimes.push(j.dueAt);
        return;
      }
      case 'job.cancel':
        if (!this.jobs.delete(e.jobId)) this.cancels.add(e.jobId);
        return;
      case 'event': {
        const ev = e.event;
        this.events.push({
          i: this.events.length,
          scope: ev.scope,
          activity: ev.activity,
          lifecycle: ev.lifecycle,
          at: iso(ev.at),
          resource: ev.resource ?? null,
          task_id: ev.taskId ?? null,
          attrs: ev.attrs ?? null,
        });
        return;
      }
      case 'notify':
        this.notifications.push({
          task_id: e.taskId ?? null,
          to_staff: 'staffId' in e.to ? e.to.staffId : null,
          to_role: 'role' in e.to ? e.to.role : null,
          reason: e.reason,
          message: e.message ?? null,
        });
        return;
      case 'assign.request':
        this.assignRequests.push(e);
        return;
      case 'case.startChild':
      case 'case.cancelChild':
        this.crossCase.push(e);
        return;
      case 'case.ended':
        // The case row's status, outcome and ended_at come from the new state itself.
        return;
    }
  }
}
