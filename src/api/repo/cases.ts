import { loadProcess } from '../../store/definitions.ts';
import { Batcher } from '../../store/batcher.ts';
import type { Db, Queryable } from '../../store/db.ts';
import type { LockedCase } from '../../store/sql/lock-case.ts';
import type { Store } from '../../store/store.ts';
import type { CertFacts } from '../../staff/certification/api-check.ts';
import type { CertificateRow, RequirementRow } from '../../staff/certification/certs.ts';
import type { CaseState, SlaClock, TaskState } from '../../engine/types.ts';
import type { CompiledProcess, LocalizedText } from '../../model/types.ts';
import type { z } from 'zod';
import type { caseDetailSchema, caseSummarySchema, slaClockSchema, taskSchema } from '../schemas/cases.ts';

/** Case and task reads for the API, and the views built from rows and engine state. */

export type CaseSummary = z.infer<typeof caseSummarySchema>;
export type CaseDetail = z.infer<typeof caseDetailSchema>;
export type TaskView = z.infer<typeof taskSchema>;
export type SlaView = z.infer<typeof slaClockSchema>;

const iso = (d: Date | null | undefined): string | null => (d === null || d === undefined ? null : d.toISOString());
const isoMs = (t: number | undefined): string | null => (t === undefined ? null : new Date(t).toISOString());

export interface CaseRow {
  id: string;
  org_id: string;
  process_key: string;
  process_version: number;
  store_id: string | null;
  customer_id: string | null;
  parent_case_id: string | null;
  status: CaseSummary['status'];
  priority: number;
  state: CaseState;
  version: number;
  sla_due_at: Date | null;
  sla_state: CaseSummary['slaState'];
  outcome: string | null;
  started_at: Date;
  ended_at: Date | null;
  updated_at: Date;
  updated_by: string | null;
}

const CASE_COLUMNS = `id, org_id, process_key, process_version, store_id, customer_id, parent_case_id, status, priority, version, sla_due_at, sla_state, outcome, started_at, ended_at, updated_at, updated_by`;

/** One case of the organisation with its engine state. */
export async function readCase(q: Queryable, orgId: string, caseId: string): Promise<CaseRow | undefined> {
  return (await q.query<CaseRow>(`SELECT ${CASE_COLUMNS}, state FROM cases WHERE org_id = $1 AND id = $2`, [orgId, caseId])).rows[0];
}

/** The compiled process of a case (cached by the store after the first load). */
export function processOf(q: Queryable, store: Store, orgId: string, key: string, version: number): Promise<CompiledProcess> {
  return loadProcess(q, store, orgId, key, version);
}

/** A step's display name from the definition (the id when unknown). */
export function stepName(proc: CompiledProcess | undefined, node: string): LocalizedText {
  const n = proc?.nodes[node];
  return n?.name ?? { en: node };
}

/** The list view of a case (no state needed). */
export function summaryOf(row: Omit<CaseRow, 'state'>, proc: CompiledProcess | undefined): CaseSummary {
  return {
    id: row.id,
    process: { key: row.process_key, version: row.process_version, name: proc?.definition.name ?? { en: row.process_key } },
    status: row.status,
    storeId: row.store_id,
    customerId: row.customer_id,
    parentCaseId: row.parent_case_id,
    priority: row.priority,
    slaState: row.sla_state,
    slaDueAt: iso(row.sla_due_at),
    outcome: row.outcome,
    version: row.version,
    startedAt: row.started_at.toISOString(),
    endedAt: iso(row.ended_at),
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}

/** The SLA clock as the API shows it. */
export function slaView(c: SlaClock | undefined): SlaView | null {
  if (c === undefined) return null;
  return {
    state: c.state,
    startedAt: new Date(c.startedAt).toISOString(),
    dueAt: new Date(c.dueAt).toISOString(),
    warnAt: isoMs(c.warnAt),
    basis: c.basis,
    calendar: c.calendar,
    paused: c.pausedAt !== undefined,
    escalations: c.escalated,
  };
}

/** An open task from the engine state (no query needed after a command). */
export function taskFromState(t: TaskState, c: { id: string; version: number; storeId: string | null; key: string; processVersion: number }, proc: CompiledProcess | undefined, now: number): TaskView {
  return {
    id: t.id,
    caseId: c.id,
    caseVersion: c.version,
    storeId: c.storeId,
    process: { key: c.key, version: c.processVersion },
    step: t.node,
    stepName: stepName(proc, t.node),
    role: t.role,
    status: t.status,
    assignee: t.assignee ?? null,
    priority: t.priority,
    waitingForCustomer: t.waitingForCustomer,
    dueAt: isoMs(t.sla?.dueAt),
    warnAt: isoMs(t.sla?.warnAt),
    slaState: t.sla?.state ?? null,
    overdue: t.sla !== undefined && t.sla.pausedAt === undefined && t.sla.dueAt < now,
    createdAt: new Date(t.createdAt).toISOString(),
    claimedAt: isoMs(t.claimedAt),
    closedAt: null,
    closedBy: null,
  };
}

/** Values of phone fields, masked for people who only audit: 138****5678. */
export function maskPhones(data: Readonly<Record<string, unknown>>, proc: CompiledProcess | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { ...data };
  if (proc === undefined) return out;
  for (const n of Object.values(proc.nodes)) {
    if (n.kind !== 'human') continue;
    for (const f of n.form ?? []) {
      if (f.type !== 'phone') continue;
      const k = f.variable ?? f.id;
      const v = out[k];
      if (typeof v === 'string') out[k] = v.length <= 4 ? '****' : `${v.slice(0, 3)}****${v.slice(-4)}`;
    }
  }
  return out;
}

/** The full case view; `mask` hides phone numbers. */
export function detailOf(row: CaseRow, proc: CompiledProcess | undefined, now: number, mask: boolean): CaseDetail {
  const s = row.state;
  const c = { id: row.id, version: row.version, storeId: row.store_id, key: row.process_key, processVersion: row.process_version };
  const steps: CaseDetail['steps'] = {};
  for (const [id, r] of Object.entries(s.steps)) steps[id] = { by: r.by ?? null, at: new Date(r.at).toISOString(), checklistPassed: r.checklist?.passed ?? null };
  return {
    ...summaryOf(row, proc),
    data: mask ? maskPhones(s.data, proc) : { ...s.data },
    openTasks: s.tasks.map((t) => taskFromState(t, c, proc, now)),
    steps,
    sla: slaView(s.sla),
  };
}

export interface TaskRow {
  id: string;
  case_id: string;
  store_id: string | null;
  process_key: string;
  process_version: number;
  node: string;
  role: string;
  assignee: string | null;
  status: TaskView['status'];
  priority: number;
  waiting_for_customer: boolean;
  due_at: Date | null;
  warn_at: Date | null;
  sla_state: TaskView['slaState'];
  created_at: Date;
  claimed_at: Date | null;
  closed_at: Date | null;
  closed_by: string | null;
  case_version: number;
  case_status: CaseSummary['status'];
}

export const TASK_SELECT = `SELECT t.id, t.case_id, t.store_id, t.process_key, c.process_version, t.node, t.role, t.assignee, t.status, t.priority,
    t.waiting_for_customer, t.due_at, t.warn_at, t.sla_state, t.created_at, t.claimed_at, t.closed_at, t.closed_by,
    c.version AS case_version, c.status AS case_status
  FROM tasks t JOIN cases c ON c.id = t.case_id`;

/** One task of the organisation, with its case's version. */
export async function readTask(q: Queryable, orgId: string, taskId: string): Promise<TaskRow | undefined> {
  return (await q.query<TaskRow>(`${TASK_SELECT} WHERE t.org_id = $1 AND t.id = $2`, [orgId, taskId], { name: 'sf_api_read_task' })).rows[0];
}

// The certificate facts ride along (src/staff/certification): the requirement rows that may
// concern this step — its process or every process, naming the step or no step; which role they
// name is checked against the SOP's step in `requiredFrom` — and the caller's certificates, in
// issue order. A person holds a handful of certificates, a step few requirements: cheaper than
// the separate round trip they replace.
//
// Reads of several requests arriving together go as ONE statement (`q`: one row per request,
// `k` its place), the way their writes do (src/store/group-commit.ts); a lone read is a batch of one.
const TASKS_FOR_COMMAND = `SELECT q.k, t.id, t.case_id, t.store_id, t.process_key, c.process_version, t.node, t.role, t.assignee, t.status, t.priority,
    t.waiting_for_customer, t.due_at, t.warn_at, t.sla_state, t.created_at, t.claimed_at, t.closed_at, t.closed_by,
    c.version AS case_version, c.status AS case_status,
    c.org_id, c.store_id AS case_store_id, c.state, o.calendars_rev, coalesce(s.calendar_rev, 0) AS calendar_rev,
    (SELECT coalesce(jsonb_agg(jsonb_build_object('cert_type', r.cert_type, 'node', r.node, 'role', r.role)), '[]')
       FROM staff_cert_requirements r
      WHERE r.org_id = t.org_id AND (r.process_key = t.process_key OR r.process_key = '*') AND (r.node = t.node OR r.node IS NULL)) AS cert_requirements,
    (SELECT coalesce(jsonb_agg(jsonb_build_object('staff_id', x.staff_id, 'cert_type', x.cert_type, 'issued_at', x.issued_at,
              'expires_at', x.expires_at, 'revoked_at', x.revoked_at) ORDER BY x.issued_at), '[]')
       FROM staff_certificates x WHERE x.org_id = t.org_id AND x.staff_id = q.staff) AS caller_certificates
  FROM jsonb_to_recordset($1::jsonb) AS q(k integer, org text, task text, staff text)
  JOIN tasks t ON t.org_id = q.org AND t.id = q.task
  JOIN cases c ON c.id = t.case_id JOIN orgs o ON o.id = c.org_id LEFT JOIN stores s ON s.id = c.store_id`;

type TaskForCommandRow = TaskRow & {
  k: number;
  org_id: string;
  case_store_id: string | null;
  state: CaseState;
  calendars_rev: number;
  calendar_rev: number;
  cert_requirements: RequirementRow[];
  caller_certificates: CertificateRow[];
};

export interface TaskForCommand {
  readonly task: TaskRow;
  readonly case: LockedCase;
  readonly certs: CertFacts;
}

interface TaskReadRequest {
  readonly orgId: string;
  readonly taskId: string;
  readonly staffId: string;
}

async function readTasksForCommand(db: Queryable, reqs: readonly TaskReadRequest[]): Promise<(TaskForCommand | undefined)[]> {
  const q = JSON.stringify(reqs.map((r, k) => ({ k, org: r.orgId, task: r.taskId, staff: r.staffId })));
  const out: (TaskForCommand | undefined)[] = reqs.map(() => undefined);
  for (const r of (await db.query<TaskForCommandRow>(TASKS_FOR_COMMAND, [q], { name: 'sf_api_tasks_for_command' })).rows) {
    const { k, org_id, case_store_id, state, calendars_rev, calendar_rev, cert_requirements, caller_certificates, ...task } = r;
    out[k] = {
      task,
      case: { id: r.case_id, orgId: org_id, processKey: r.process_key, processVersion: r.process_version, storeId: case_store_id, state, version: r.case_version, orgRev: calendars_rev, storeRev: calendar_rev },
      certs: { requirements: cert_requirements, certificates: caller_certificates },
    };
  }
  return out;
}

const readers = new WeakMap<Db, Batcher<TaskReadRequest, TaskForCommand | undefined>>();

/**
 * A task with everything a command on its case needs (state, version, calendar revisions) and
 * what the certificate check of the caller (`staffId`) needs, in ONE statement: one snapshot, so
 * the task the caller is authorised against is the task of the case version the command will be
 * written at. Outside a transaction only (the API's fast path).
 */
export function readTaskForCommand(db: Db, orgId: string, taskId: string, staffId: string): Promise<TaskForCommand | undefined> {
  let reader = readers.get(db);
  if (reader === undefined) {
    reader = new Batcher((reqs) => readTasksForCommand(db, reqs));
    readers.set(db, reader);
  }
  return reader.submit({ orgId, taskId, staffId });
}

/** A task row as the API shows it. */
export function taskFromRow(r: TaskRow, proc: CompiledProcess | undefined, now: number): TaskView {
  const open = r.status === 'open' || r.status === 'claimed';
  return {
    id: r.id,
    caseId: r.case_id,
    caseVersion: r.case_version,
    storeId: r.store_id,
    process: { key: r.process_key, version: r.process_version },
    step: r.node,
    stepName: stepName(proc, r.node),
    role: r.role,
    status: r.status,
    assignee: r.assignee,
    priority: r.priority,
    waitingForCustomer: r.waiting_for_customer,
    dueAt: iso(r.due_at),
    warnAt: iso(r.warn_at),
    slaState: r.sla_state,
    overdue: open && r.due_at !== null && r.due_at.getTime() < now,
    createdAt: r.created_at.toISOString(),
    claimedAt: iso(r.claimed_at),
    closedAt: iso(r.closed_at),
    closedBy: r.closed_by,
  };
}
