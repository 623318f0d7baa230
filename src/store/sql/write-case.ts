import type { Queryable } from '../db.ts';

/**
 * THE hot statement: one command's whole write — the case row and every effect — as ONE
 * statement of data-modifying CTEs fed by jsonb arrays.
 *
 *   WITH c  AS (UPDATE cases … WHERE id = $1 AND version = $prev RETURNING …)   -- or INSERT for a new case
 *      , t  AS (INSERT INTO tasks … FROM c, jsonb_to_recordset($n) ON CONFLICT (id) DO UPDATE …)
 *      , e  AS (INSERT INTO events … FROM c, jsonb_to_recordset($n) ORDER BY i)
 *      , j  AS (INSERT INTO jobs … FROM c, jsonb_to_recordset($n))
 *      , jc AS (UPDATE jobs SET status = 'cancelled' WHERE id IN (… FOR UPDATE SKIP LOCKED))
 *      , n  AS (INSERT INTO notifications … FROM c, jsonb_to_recordset($n))
 *      , a  AS (INSERT INTO audit_log … FROM c, jsonb_to_recordset($n))   -- the API's audit entries
 *   SELECT version FROM c
 *
 * Every part reads `c`, so if the case row did not match (version moved on) nothing at all is
 * written and the caller sees zero rows. Only the parts with data are included, and each
 * shape is a named prepared statement, so the server parses and plans it once per connection.
 *
 * Rejected designs:
 * - One INSERT/UPDATE per effect: 6–10 round trips per command instead of one; on a server the
 *   round trips, not the work, set the pace (see bench/engine.ts).
 * - Multi-row VALUES built per command: the text changes with the row count, so nothing can be
 *   prepared and every command is parsed and planned again.
 * - unnest() over parallel arrays: node-postgres and PGlite serialise JS arrays differently;
 *   jsonb text is passed identically by both drivers.
 * - Cancelling jobs with a plain UPDATE: a worker that has claimed the job and waits for this
 *   case's lock would deadlock with us. Cancelling is only tidying — the engine ignores a stale
 *   timer or SLA point (generations) — so locked jobs are skipped and left to fire harmlessly.
 */

export interface CaseRowWrite {
  readonly id: string;
  readonly orgId: string;
  readonly processKey: string;
  readonly processVersion: number;
  readonly storeId: string | null;
  readonly customerId: string | null;
  readonly parentCaseId: string | null;
  readonly status: string;
  readonly priority: number;
  /** CaseState as JSON text. */
  readonly state: string;
  readonly version: number;
  readonly slaDueAt: string | null;
  readonly slaState: string | null;
  readonly outcome: string | null;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly updatedAt: string;
  readonly updatedBy: string | null;
}

export interface TaskRow {
  id: string;
  node: string;
  role: string;
  assignee: string | null;
  status: string;
  priority: number;
  waiting: boolean;
  due_at: string | null;
  warn_at: string | null;
  sla_state: string | null;
  created_at: string;
  claimed_at: string | null;
  closed_at: string | null;
  closed_by: string | null;
  result: unknown;
}

export interface EventRow {
  readonly i: number;
  readonly scope: string;
  readonly activity: string;
  readonly lifecycle: string;
  readonly at: string;
  readonly resource: string | null;
  readonly task_id: string | null;
  readonly attrs: unknown;
}

export interface JobRow {
  readonly id: string;
  readonly case_id: string;
  readonly kind: string;
  readonly due_at: string;
  readonly payload: unknown;
}

export interface NotificationRow {
  readonly task_id: string | null;
  readonly to_staff: string | null;
  readonly to_role: string | null;
  readonly reason: string;
  readonly message: unknown;
}

/**
 * An audit entry of the request that ran the command (the API's `audit_log`, migration 100),
 * written by the same statement so the change and its audit commit together — without a
 * BEGIN/COMMIT around them.
 */
export interface AuditRow {
  readonly i: number;
  readonly org_id: string;
  readonly at: string;
  readonly actor_id: string;
  readonly via: string;
  readonly token_id: string | null;
  readonly request_id: string | null;
  readonly action: string;
  readonly target_type: string;
  readonly target_id: string;
  readonly store_id: string | null;
  readonly before: unknown;
  readonly after: unknown;
  readonly personal: unknown;
}

export interface CaseWrite {
  /** `insert` for a new case; `update` expects the row at `previousVersion`. */
  readonly mode: 'insert' | 'update';
  readonly row: CaseRowWrite;
  readonly previousVersion?: number;
  readonly tasks: readonly TaskRow[];
  readonly events: readonly EventRow[];
  readonly jobs: readonly JobRow[];
  readonly cancelJobs: readonly string[];
  readonly notifications: readonly NotificationRow[];
  /** Audit entries to write with the change (none from the engine's own callers). */
  readonly audit?: readonly AuditRow[];
}

const UPDATE_CASE = `UPDATE cases SET state = $2::jsonb, version = $3, status = $4, priority = $5, sla_due_at = $6, sla_state = $7,
      outcome = $8, ended_at = $9, updated_at = $10, updated_by = $11
    WHERE id = $1 AND version = $12
    RETURNING id, org_id, process_key, process_version, store_id, version`;

const INSERT_CASE = `INSERT INTO cases (id, state, version, status, priority, sla_due_at, sla_state, outcome, ended_at, updated_at, updated_by,
      org_id, process_key, process_version, store_id, customer_id, parent_case_id, started_at)
    VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
    RETURNING id, org_id, process_key, process_version, store_id, version`;

const TASKS = (p: number) => `INSERT INTO tasks (id, org_id, case_id, store_id, process_key, node, role, assignee, status, priority,
      waiting_for_customer, due_at, warn_at, sla_state, created_at, claimed_at, closed_at, closed_by, result)
    SELECT x.id, c.org_id, c.id, c.store_id, c.process_key, x.node, x.role, x.assignee, x.status, x.priority,
      x.waiting, x.due_at, x.warn_at, x.sla_state, x.created_at, x.claimed_at, x.closed_at, x.closed_by, x.result
    FROM c, jsonb_to_recordset($${p}::jsonb) AS x(id text, node text, role text, assignee text, status text, priority integer,
      waiting boolean, due_at timestamptz, warn_at timestamptz, sla_state text, created_at timestamptz, claimed_at timestamptz,
      closed_at timestamptz, closed_by text, result jsonb)
    ON CONFLICT (id) DO UPDATE SET role = EXCLUDED.role, assignee = EXCLUDED.assignee, status = EXCLUDED.status,
      priority = EXCLUDED.priority, waiting_for_customer = EXCLUDED.waiting_for_customer, due_at = EXCLUDED.due_at,
      warn_at = EXCLUDED.warn_at, sla_state = EXCLUDED.sla_state, claimed_at = EXCLUDED.claimed_at,
      closed_at = EXCLUDED.closed_at, closed_by = EXCLUDED.closed_by, result = EXCLUDED.result`;

const EVENTS = (p: number) => `INSERT INTO events (org_id, case_id, process_key, process_version, scope, activity, lifecycle, at, resource, task_id, attrs)
    SELECT c.org_id, c.id, c.process_key, c.process_version, x.scope, x.activity, x.lifecycle, x.at, x.resource, x.task_id, x.attrs
    FROM c, jsonb_to_recordset($${p}::jsonb) AS x(i integer, scope text, activity text, lifecycle text, at timestamptz,
      resource text, task_id text, attrs jsonb)
    ORDER BY x.i`;

const JOBS = (p: number) => `INSERT INTO jobs (id, org_id, case_id, kind, status, due_at, payload, created_at)
    SELECT x.id, c.org_id, x.case_id, x.kind, 'pending', x.due_at, x.payload, $10
    FROM c, jsonb_to_recordset($${p}::jsonb) AS x(id text, case_id text, kind text, due_at timestamptz, payload jsonb)`;

const CANCEL = (p: number) => `UPDATE jobs SET status = 'cancelled', done_at = $10, locked_until = NULL
    WHERE id IN (SELECT id FROM jobs WHERE id IN (SELECT jsonb_array_elements_text($${p}::jsonb))
                   AND status IN ('pending', 'running') AND EXISTS (SELECT 1 FROM c) FOR UPDATE SKIP LOCKED)`;

const NOTIFY = (p: number) => `INSERT INTO notifications (org_id, case_id, store_id, task_id, to_staff, to_role, reason, message, status, created_at)
    SELECT c.org_id, c.id, c.store_id, x.task_id, x.to_staff, x.to_role, x.reason, x.message, 'pending', $10
    FROM c, jsonb_to_recordset($${p}::jsonb) AS x(task_id text, to_staff text, to_role text, reason text, message jsonb)`;

/** Inserts audit rows given as a jsonb array in parameter `p` (`from`: tables to join first, e.g. `c, `). */
export const auditInsert = (p: number, from = '') => `INSERT INTO audit_log (org_id, at, actor_id, via, token_id, request_id, action, target_type, target_id, store_id, before, after, personal)
    SELECT x.org_id, x.at, x.actor_id, x.via, x.token_id, x.request_id, x.action, x.target_type, x.target_id, x.store_id, x.before, x.after, x.personal
    FROM ${from}jsonb_to_recordset($${p}::jsonb) AS x(i integer, org_id text, at timestamptz, actor_id text, via text, token_id text, request_id text,
      action text, target_type text, target_id text, store_id text, before jsonb, after jsonb, personal jsonb)
    ORDER BY x.i`;
const AUDIT = (p: number) => auditInsert(p, 'c, ');

const PARTS = [
  ['t', TASKS],
  ['e', EVENTS],
  ['j', JOBS],
  ['jc', CANCEL],
  ['n', NOTIFY],
  ['a', AUDIT],
] as const;

const texts = new Map<number, string>();

function statement(insert: boolean, mask: number): string {
  const key = (insert ? 64 : 0) | mask;
  let text = texts.get(key);
  if (text === undefined) {
    const ctes = [`c AS (${insert ? INSERT_CASE : UPDATE_CASE})`];
    let p = insert ? 19 : 13;
    PARTS.forEach(([name, sql], i) => {
      if (mask & (1 << i)) ctes.push(`${name} AS (${sql(p++)})`);
    });
    text = `WITH ${ctes.join(',\n  ')}\nSELECT version FROM c`;
    texts.set(key, text);
  }
  return text;
}

/**
 * Writes one command's result. Returns false when an update found the case at another version
 * (nothing was written). One statement, so it is atomic on its own: it runs inside the
 * command's transaction (locking path) or alone in autocommit (optimistic path).
 */
export async function writeCase(q: Queryable, w: CaseWrite): Promise<boolean> {
  const r = w.row;
  const params: unknown[] = [r.id, r.state, r.version, r.status, r.priority, r.slaDueAt, r.slaState, r.outcome, r.endedAt, r.updatedAt, r.updatedBy];
  if (w.mode === 'insert') params.push(r.orgId, r.processKey, r.processVersion, r.storeId, r.customerId, r.parentCaseId, r.startedAt);
  else params.push(w.previousVersion);
  let mask = 0;
  const parts = [w.tasks, w.events, w.jobs, w.cancelJobs, w.notifications, w.audit ?? []];
  parts.forEach((rows, i) => {
    if (rows.length > 0) {
      mask |= 1 << i;
      params.push(JSON.stringify(rows));
    }
  });
  const insert = w.mode === 'insert';
  const res = await q.query(statement(insert, mask), params, { name: `sf_case_${insert ? 'i' : 'u'}${mask}` });
  return res.rowCount > 0;
}
