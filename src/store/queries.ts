import { ms } from './values.ts';
import type { Queryable } from './db.ts';
import type { CaseState, LogEvent } from '../engine/types.ts';

/** Read side used by tests, workers and (later) the API: cases, their tasks, events and jobs. */

export interface CaseRecord {
  readonly id: string;
  readonly orgId: string;
  readonly state: CaseState;
  readonly version: number;
  readonly status: CaseState['status'];
  readonly processKey: string;
  readonly processVersion: number;
  readonly storeId: string | null;
  readonly parentCaseId: string | null;
}

/** One case, or undefined (of another organisation counts as absent when `orgId` is given). */
export async function getCase(q: Queryable, caseId: string, orgId?: string): Promise<CaseRecord | undefined> {
  const row = (
    await q.query<{ id: string; org_id: string; state: CaseState; version: number; status: CaseState['status']; process_key: string; process_version: number; store_id: string | null; parent_case_id: string | null }>(
      `SELECT id, org_id, state, version, status, process_key, process_version, store_id, parent_case_id FROM cases WHERE id = $1 AND ($2::text IS NULL OR org_id = $2)`,
      [caseId, orgId ?? null],
    )
  ).rows[0];
  if (row === undefined) return undefined;
  return {
    id: row.id,
    orgId: row.org_id,
    state: row.state,
    version: row.version,
    status: row.status,
    processKey: row.process_key,
    processVersion: row.process_version,
    storeId: row.store_id,
    parentCaseId: row.parent_case_id,
  };
}

export interface StoredEvent extends LogEvent {
  readonly seq: number;
  readonly processKey: string;
  readonly processVersion: number;
}

/** The event log of a case in the order it was written. */
export async function caseEvents(q: Queryable, caseId: string): Promise<StoredEvent[]> {
  const r = await q.query<{
    seq: number;
    case_id: string;
    process_key: string;
    process_version: number;
    scope: LogEvent['scope'];
    activity: string;
    lifecycle: LogEvent['lifecycle'];
    at: Date;
    resource: string | null;
    task_id: string | null;
    attrs: Record<string, unknown> | null;
  }>(`SELECT seq, case_id, process_key, process_version, scope, activity, lifecycle, at, resource, task_id, attrs FROM events WHERE case_id = $1 ORDER BY seq`, [caseId]);
  return r.rows.map((x) => ({
    seq: x.seq,
    caseId: x.case_id,
    processKey: x.process_key,
    processVersion: x.process_version,
    scope: x.scope,
    activity: x.activity,
    lifecycle: x.lifecycle,
    at: x.at.getTime(),
    ...(x.resource !== null ? { resource: x.resource } : {}),
    ...(x.task_id !== null ? { taskId: x.task_id } : {}),
    ...(x.attrs !== null ? { attrs: x.attrs } : {}),
  }));
}

export interface TaskRecord {
  readonly id: string;
  readonly caseId: string;
  readonly node: string;
  readonly role: string;
  readonly assignee: string | null;
  readonly status: 'open' | 'claimed' | 'completed' | 'cancelled';
  readonly priority: number;
  readonly dueAt?: number;
  readonly slaState: string | null;
  readonly createdAt: number;
  readonly claimedAt?: number;
  readonly closedAt?: number;
  readonly closedBy: string | null;
  readonly result: unknown;
}

/** Tasks of a case (open and closed), oldest first. */
export async function caseTasks(q: Queryable, caseId: string): Promise<TaskRecord[]> {
  const r = await q.query<Record<string, unknown>>(
    `SELECT id, case_id, node, role, assignee, status, priority, due_at, sla_state, created_at, claimed_at, closed_at, closed_by, result
       FROM tasks WHERE case_id = $1 ORDER BY created_at, id`,
    [caseId],
  );
  return r.rows.map((x) => ({
    id: x.id as string,
    caseId: x.case_id as string,
    node: x.node as string,
    role: x.role as string,
    assignee: (x.assignee as string | null) ?? null,
    status: x.status as TaskRecord['status'],
    priority: x.priority as number,
    dueAt: ms(x.due_at as Date | null),
    slaState: (x.sla_state as string | null) ?? null,
    createdAt: (x.created_at as Date).getTime(),
    claimedAt: ms(x.claimed_at as Date | null),
    closedAt: ms(x.closed_at as Date | null),
    closedBy: (x.closed_by as string | null) ?? null,
    result: x.result,
  }));
}

export interface JobRecord {
  readonly id: string;
  readonly caseId: string;
  readonly kind: string;
  readonly status: 'pending' | 'running' | 'done' | 'cancelled' | 'failed';
  readonly dueAt: number;
  readonly attempts: number;
  readonly lastError: string | null;
}

/** Jobs of a case, in due order. */
export async function caseJobs(q: Queryable, caseId: string): Promise<JobRecord[]> {
  const r = await q.query<{ id: string; case_id: string; kind: string; status: JobRecord['status']; due_at: Date; attempts: number; last_error: string | null }>(
    `SELECT id, case_id, kind, status, due_at, attempts, last_error FROM jobs WHERE case_id = $1 ORDER BY due_at, id`,
    [caseId],
  );
  return r.rows.map((x) => ({ id: x.id, caseId: x.case_id, kind: x.kind, status: x.status, dueAt: x.due_at.getTime(), attempts: x.attempts, lastError: x.last_error }));
}
