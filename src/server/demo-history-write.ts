import type { CaseWrite } from '../store/sql/write-case.ts';
import type { Tx } from '../store/db.ts';

/**
 * Writes many new cases at once: the rows `caseWrite` builds for each case (the same the store
 * writes command by command), sent as a few multi-row statements per table instead of one
 * statement per case — a thousand cases in about a second on PGlite rather than twenty.
 *
 * Only for the demo history, where every case is new and nothing else runs yet: no versions to
 * check, no jobs to cancel, no audit rows. Notifications are not written: the history's would
 * all be in the past (they were "delivered" then), and the outbox would otherwise send them now.
 * Events go in time order across cases, so the log reads like one written as the work happened.
 */
export async function insertNewCases(tx: Tx, writes: readonly CaseWrite[], chunk = 4000): Promise<void> {
  const cases = writes.map((w, ci) => ({ ci, ...w.row }));
  const home = new Map(writes.map((w) => [w.row.id, w.row]));
  const tasks = writes.flatMap((w) => w.tasks.map((t) => ({ ...t, case_id: w.row.id, org_id: w.row.orgId, store_id: w.row.storeId, process_key: w.row.processKey })));
  const events = writes
    .flatMap((w, ci) => w.events.map((e) => ({ ...e, ci, t: Date.parse(e.at), case_id: w.row.id, org_id: w.row.orgId, process_key: w.row.processKey, process_version: w.row.processVersion })))
    .sort((a, b) => a.t - b.t || a.ci - b.ci || a.i - b.i)
    .map((e, k) => ({ ...e, k }));
  const jobs = writes.flatMap((w) => w.jobs.map((j) => ({ ...j, org_id: home.get(j.case_id)?.orgId ?? w.row.orgId, created_at: w.row.updatedAt })));
  const send = async (sql: string, rows: readonly unknown[]): Promise<void> => {
    for (let i = 0; i < rows.length; i += chunk) await tx.query(sql, [JSON.stringify(rows.slice(i, i + chunk))]);
  };
  await send(
    `INSERT INTO cases (id, state, version, status, priority, sla_due_at, sla_state, outcome, ended_at, updated_at, updated_by,
        org_id, process_key, process_version, store_id, customer_id, parent_case_id, started_at)
      SELECT x.id, x.state::jsonb, x.version, x.status, x.priority, x."slaDueAt", x."slaState", x.outcome, x."endedAt", x."updatedAt", x."updatedBy",
        x."orgId", x."processKey", x."processVersion", x."storeId", x."customerId", x."parentCaseId", x."startedAt"
      FROM jsonb_to_recordset($1::jsonb) AS x(ci integer, id text, state text, version integer, status text, priority integer,
        "slaDueAt" timestamptz, "slaState" text, outcome text, "endedAt" timestamptz, "updatedAt" timestamptz, "updatedBy" text,
        "orgId" text, "processKey" text, "processVersion" integer, "storeId" text, "customerId" text, "parentCaseId" text, "startedAt" timestamptz)
      ORDER BY x.ci`,
    cases,
  );
  await send(
    `INSERT INTO tasks (id, org_id, case_id, store_id, process_key, node, role, assignee, status, priority,
        waiting_for_customer, due_at, warn_at, sla_state, created_at, claimed_at, closed_at, closed_by, result)
      SELECT x.id, x.org_id, x.case_id, x.store_id, x.process_key, x.node, x.role, x.assignee, x.status, x.priority,
        x.waiting, x.due_at, x.warn_at, x.sla_state, x.created_at, x.claimed_at, x.closed_at, x.closed_by, x.result
      FROM jsonb_to_recordset($1::jsonb) AS x(id text, org_id text, case_id text, store_id text, process_key text, node text, role text,
        assignee text, status text, priority integer, waiting boolean, due_at timestamptz, warn_at timestamptz, sla_state text,
        created_at timestamptz, claimed_at timestamptz, closed_at timestamptz, closed_by text, result jsonb)`,
    tasks,
  );
  await send(
    `INSERT INTO events (org_id, case_id, process_key, process_version, scope, activity, lifecycle, at, resource, task_id, attrs)
      SELECT x.org_id, x.case_id, x.process_key, x.process_version, x.scope, x.activity, x.lifecycle, x.at, x.resource, x.task_id, x.attrs
      FROM jsonb_to_recordset($1::jsonb) AS x(k integer, org_id text, case_id text, process_key text, process_version integer, scope text,
        activity text, lifecycle text, at timestamptz, resource text, task_id text, attrs jsonb)
      ORDER BY x.k`,
    events,
  );
  await send(
    `INSERT INTO jobs (id, org_id, case_id, kind, status, due_at, payload, created_at)
      SELECT x.id, x.org_id, x.case_id, x.kind, 'pending', x.due_at, x.payload, x.created_at
      FROM jsonb_to_recordset($1::jsonb) AS x(id text, org_id text, case_id text, kind text, due_at timestamptz, payload jsonb, created_at timestamptz)`,
    jobs,
  );
}
