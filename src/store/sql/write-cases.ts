import type { Queryable } from '../db.ts';
import type { CaseWrite } from './write-case.ts';

/**
 * Several commands' writes — each an update of one case at the version its command read — as
 * ONE statement (group commit, see `group-commit.ts`): one parse/bind/execute, one statement
 * trigger run and one COMMIT (one WAL flush) for all of them instead of one each.
 *
 *   WITH c  AS (UPDATE cases … FROM jsonb_to_recordset($1) x WHERE cases.id = x.id AND cases.version = x.prev RETURNING …)
 *      , t  AS (INSERT INTO tasks … FROM c JOIN jsonb_to_recordset($n) x ON x.of = c.id …)
 *      , e  AS (INSERT INTO events … ORDER BY x.i)   , j, jc, n, a: the same way
 *   SELECT id FROM c
 *
 * Every effect row names the case whose command produced it (`of`) and is joined to `c`: a case
 * whose version moved is not in `c`, so none of its rows (nor its audit entries) are written,
 * while the other cases of the batch are. The answer is the set of case ids written.
 *
 * The caller must not put two writes of one case in a batch: both would match the same row at
 * the same version, PostgreSQL would update it once, and the effects of both would follow it.
 * `GroupCommit` keeps a second write of a case for the next batch, where its version check fails.
 *
 * Like `writeCase` the statement text depends only on which parts are present, not on how many
 * rows, so each shape is one named prepared statement.
 */

const CASES = `UPDATE cases SET state = x.state, version = x.version, status = x.status, priority = x.priority, sla_due_at = x.sla_due_at,
      sla_state = x.sla_state, outcome = x.outcome, ended_at = x.ended_at, updated_at = x.updated_at, updated_by = x.updated_by
    FROM jsonb_to_recordset($1::jsonb) AS x(id text, state jsonb, version integer, prev integer, status text, priority integer,
      sla_due_at timestamptz, sla_state text, outcome text, ended_at timestamptz, updated_at timestamptz, updated_by text)
    WHERE cases.id = x.id AND cases.version = x.prev
    RETURNING cases.id, cases.org_id, cases.process_key, cases.process_version, cases.store_id, cases.updated_at`;

const TASKS = (p: number) => `INSERT INTO tasks (id, org_id, case_id, store_id, process_key, node, role, assignee, status, priority,
      waiting_for_customer, due_at, warn_at, sla_state, created_at, claimed_at, closed_at, closed_by, result)
    SELECT x.id, c.org_id, c.id, c.store_id, c.process_key, x.node, x.role, x.assignee, x.status, x.priority,
      x.waiting, x.due_at, x.warn_at, x.sla_state, x.created_at, x.claimed_at, x.closed_at, x.closed_by, x.result
    FROM c JOIN jsonb_to_recordset($${p}::jsonb) AS x(of text, id text, node text, role text, assignee text, status text, priority integer,
      waiting boolean, due_at timestamptz, warn_at timestamptz, sla_state text, created_at timestamptz, claimed_at timestamptz,
      closed_at timestamptz, closed_by text, result jsonb) ON x.of = c.id
    ON CONFLICT (id) DO UPDATE SET role = EXCLUDED.role, assignee = EXCLUDED.assignee, status = EXCLUDED.status,
      priority = EXCLUDED.priority, waiting_for_customer = EXCLUDED.waiting_for_customer, due_at = EXCLUDED.due_at,
      warn_at = EXCLUDED.warn_at, sla_state = EXCLUDED.sla_state, claimed_at = EXCLUDED.claimed_at,
      closed_at = EXCLUDED.closed_at, closed_by = EXCLUDED.closed_by, result = EXCLUDED.result`;

const EVENTS = (p: number) => `INSERT INTO events (org_id, case_id, process_key, process_version, scope, activity, lifecycle, at, resource, task_id, attrs)
    SELECT c.org_id, c.id, c.process_key, c.process_version, x.scope, x.activity, x.lifecycle, x.at, x.resource, x.task_id, x.attrs
    FROM c JOIN jsonb_to_recordset($${p}::jsonb) AS x(of text, i integer, scope text, activity text, lifecycle text, at timestamptz,
      resource text, task_id text, attrs jsonb) ON x.of = c.id
    ORDER BY x.i`;

const JOBS = (p: number) => `INSERT INTO jobs (id, org_id, case_id, kind, status, due_at, payload, created_at)
    SELECT x.id, c.org_id, x.case_id, x.kind, 'pending', x.due_at, x.payload, c.updated_at
    FROM c JOIN jsonb_to_recordset($${p}::jsonb) AS x(of text, id text, case_id text, kind text, due_at timestamptz, payload jsonb) ON x.of = c.id`;

// SKIP LOCKED for the reason given in write-case.ts (a worker holding the job waits for our case).
const CANCEL = (p: number) => `UPDATE jobs SET status = 'cancelled', done_at = k.at, locked_until = NULL
    FROM (SELECT j.id, c.updated_at AS at FROM jobs j JOIN jsonb_to_recordset($${p}::jsonb) AS x(of text, id text) ON j.id = x.id JOIN c ON c.id = x.of
           WHERE j.status IN ('pending', 'running') FOR UPDATE OF j SKIP LOCKED) k
    WHERE jobs.id = k.id`;

const NOTIFY = (p: number) => `INSERT INTO notifications (org_id, case_id, store_id, task_id, to_staff, to_role, reason, message, status, created_at)
    SELECT c.org_id, c.id, c.store_id, x.task_id, x.to_staff, x.to_role, x.reason, x.message, 'pending', c.updated_at
    FROM c JOIN jsonb_to_recordset($${p}::jsonb) AS x(of text, task_id text, to_staff text, to_role text, reason text, message jsonb) ON x.of = c.id`;

const AUDIT = (p: number) => `INSERT INTO audit_log (org_id, at, actor_id, via, token_id, request_id, action, target_type, target_id, store_id, before, after, personal)
    SELECT x.org_id, x.at, x.actor_id, x.via, x.token_id, x.request_id, x.action, x.target_type, x.target_id, x.store_id, x.before, x.after, x.personal
    FROM c JOIN jsonb_to_recordset($${p}::jsonb) AS x(of text, i integer, org_id text, at timestamptz, actor_id text, via text, token_id text, request_id text,
      action text, target_type text, target_id text, store_id text, before jsonb, after jsonb, personal jsonb) ON x.of = c.id
    ORDER BY x.i`;

const PARTS = [
  ['t', TASKS],
  ['e', EVENTS],
  ['j', JOBS],
  ['jc', CANCEL],
  ['n', NOTIFY],
  ['a', AUDIT],
] as const;

const texts = new Map<number, string>();

function statement(mask: number): string {
  let text = texts.get(mask);
  if (text === undefined) {
    const ctes = [`c AS (${CASES})`];
    let p = 2;
    PARTS.forEach(([name, sql], i) => {
      if (mask & (1 << i)) ctes.push(`${name} AS (${sql(p++)})`);
    });
    text = `WITH ${ctes.join(',\n  ')}\nSELECT id FROM c`;
    texts.set(mask, text);
  }
  return text;
}

/** A jsonb array of objects, each with the writing case's id as `of` (and a running `i` where order matters). */
function rowsOf<R extends object>(writes: readonly CaseWrite[], pick: (w: CaseWrite) => readonly R[], ordered: boolean): string | undefined {
  const out: string[] = [];
  let i = 0;
  for (const w of writes) for (const r of pick(w)) out.push(JSON.stringify(ordered ? { ...r, of: w.row.id, i: i++ } : { ...r, of: w.row.id }));
  return out.length === 0 ? undefined : `[${out.join(',')}]`;
}

/** The case rows; the state is already JSON text and is spliced in as it is (parsed once, by PostgreSQL). */
function caseRows(writes: readonly CaseWrite[]): string {
  const out: string[] = [];
  for (const w of writes) {
    if (w.mode !== 'update' || w.previousVersion === undefined) throw new Error(`writeCases only updates cases (case ${w.row.id} is new)`);
    const r = w.row;
    const head = JSON.stringify({
      id: r.id,
      version: r.version,
      prev: w.previousVersion,
      status: r.status,
      priority: r.priority,
      sla_due_at: r.slaDueAt,
      sla_state: r.slaState,
      outcome: r.outcome,
      ended_at: r.endedAt,
      updated_at: r.updatedAt,
      updated_by: r.updatedBy,
    });
    out.push(`${head.slice(0, -1)},"state":${r.state}}`);
  }
  return `[${out.join(',')}]`;
}

/**
 * Writes the updates of several cases (distinct ids) in one statement; returns the ids of the
 * cases written — a case missing from it was at another version, and nothing of its write went in.
 */
export async function writeCases(q: Queryable, writes: readonly CaseWrite[]): Promise<Set<string>> {
  const params: unknown[] = [caseRows(writes)];
  let mask = 0;
  const parts = [
    rowsOf(writes, (w) => w.tasks, false),
    rowsOf(writes, (w) => w.events, true),
    rowsOf(writes, (w) => w.jobs, false),
    rowsOf(writes, (w) => w.cancelJobs.map((id) => ({ id })), false),
    rowsOf(writes, (w) => w.notifications, false),
    rowsOf(writes, (w) => w.audit ?? [], true),
  ];
  parts.forEach((json, i) => {
    if (json !== undefined) {
      mask |= 1 << i;
      params.push(json);
    }
  });
  const res = await q.query<{ id: string }>(statement(mask), params, { name: `sf_cases_b${mask}` });
  return new Set(res.rows.map((r) => r.id));
}
