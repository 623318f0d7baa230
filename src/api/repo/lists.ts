import { TASK_SELECT, type CaseRow, type TaskRow } from './cases.ts';
import type { Queryable } from '../../store/db.ts';

/**
 * The two big lists: cases (filtered, newest first) and the inbox (open tasks, most urgent
 * first). Both are keyset-paginated and both filter on the caller's organisation and visible
 * stores in SQL, so a page never has to be thinned out afterwards.
 */

export interface CaseFilter {
  readonly stores: 'all' | readonly string[];
  readonly status?: string;
  readonly process?: string;
  readonly storeId?: string;
  readonly sla?: string;
  readonly customerId?: string;
  readonly startedFrom?: string;
  readonly startedTo?: string;
}

/** A page of cases: `after` is the [startedAt, id] of the last case of the previous page. */
export async function listCases(q: Queryable, orgId: string, f: CaseFilter, after: readonly [string, string] | undefined, limit: number): Promise<Omit<CaseRow, 'state'>[]> {
  const r = await q.query<Omit<CaseRow, 'state'>>(
    `SELECT id, org_id, process_key, process_version, store_id, customer_id, parent_case_id, status, priority, version, sla_due_at, sla_state, outcome, started_at, ended_at, updated_at, updated_by
       FROM cases
      WHERE org_id = $1
        AND ($2::jsonb IS NULL OR store_id IN (SELECT jsonb_array_elements_text($2::jsonb)))
        AND ($3::text IS NULL OR status = $3)
        AND ($4::text IS NULL OR process_key = $4)
        AND ($5::text IS NULL OR store_id = $5)
        AND ($6::text IS NULL OR sla_state = $6)
        AND ($7::text IS NULL OR customer_id = $7)
        AND ($8::timestamptz IS NULL OR started_at >= $8)
        AND ($9::timestamptz IS NULL OR started_at < $9)
        AND ($10::timestamptz IS NULL OR (started_at, id) < ($10::timestamptz, $11::text))
      ORDER BY started_at DESC, id DESC
      LIMIT $12`,
    [
      orgId,
      f.stores === 'all' ? null : JSON.stringify(f.stores),
      f.status ?? null,
      f.process ?? null,
      f.storeId ?? null,
      f.sla ?? null,
      f.customerId ?? null,
      f.startedFrom ?? null,
      f.startedTo ?? null,
      after?.[0] ?? null,
      after?.[1] ?? null,
      limit,
    ],
  );
  return r.rows;
}

export type InboxView = 'inbox' | 'mine' | 'queue' | 'store';

export interface InboxFilter {
  readonly view: InboxView;
  readonly staffId: string;
  /** For the `store` view: the stores whose open work the caller oversees ('all' = every store). */
  readonly stores: 'all' | readonly string[];
  readonly storeId?: string;
  readonly role?: string;
  readonly sla?: 'ok' | 'warning' | 'breached' | 'overdue';
  readonly now: number;
}

/** The sort key of a task in the inbox: due time (none = last), priority high first, age, id. */
export type InboxKey = [string | null, number, string, string];

/** The inbox sort key of a task row (what its cursor encodes). */
export function inboxKey(t: TaskRow): InboxKey {
  return [t.due_at?.toISOString() ?? null, t.priority, t.created_at.toISOString(), t.id];
}

/** A page of open tasks, most urgent first. */
export async function listInbox(q: Queryable, orgId: string, f: InboxFilter, after: InboxKey | undefined, limit: number): Promise<TaskRow[]> {
  const r = await q.query<TaskRow>(
    `${TASK_SELECT}
      WHERE t.org_id = $1 AND t.status IN ('open', 'claimed')
        AND CASE $2::text
              WHEN 'mine' THEN t.assignee = $3
              WHEN 'queue' THEN t.status = 'open' AND EXISTS (SELECT 1 FROM staff_roles sr WHERE sr.staff_id = $3 AND sr.store_id = t.store_id AND sr.role = t.role)
              WHEN 'inbox' THEN t.assignee = $3 OR (t.status = 'open' AND EXISTS (SELECT 1 FROM staff_roles sr WHERE sr.staff_id = $3 AND sr.store_id = t.store_id AND sr.role = t.role))
              ELSE $4::jsonb IS NULL OR t.store_id IN (SELECT jsonb_array_elements_text($4::jsonb))
            END
        AND ($5::text IS NULL OR t.store_id = $5)
        AND ($6::text IS NULL OR t.role = $6)
        AND ($7::text IS NULL OR ($7 = 'overdue' AND t.due_at < $8::timestamptz) OR t.sla_state = $7)
        AND ($9::text IS NULL OR (coalesce(t.due_at, 'infinity'::timestamptz), -t.priority, t.created_at, t.id)
                                  > (coalesce($10::timestamptz, 'infinity'::timestamptz), -$11::int, $12::timestamptz, $9::text))
      ORDER BY coalesce(t.due_at, 'infinity'::timestamptz), -t.priority, t.created_at, t.id
      LIMIT $13`,
    [
      orgId,
      f.view,
      f.staffId,
      f.stores === 'all' ? null : JSON.stringify(f.stores),
      f.storeId ?? null,
      f.role ?? null,
      f.sla ?? null,
      new Date(f.now).toISOString(),
      after?.[3] ?? null,
      after?.[0] ?? null,
      after?.[1] ?? 0,
      after?.[2] ?? null,
      limit,
    ],
  );
  return r.rows;
}
