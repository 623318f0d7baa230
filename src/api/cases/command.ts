import { EngineError } from '../../engine/errors.ts';
import { commandOnRead, executeCommand, type CaseOutcome } from '../../store/cases.ts';
import { ConflictError } from '../../store/errors.ts';
import { seesPersonalData, seesStore } from '../policy/access.ts';
import { ApiProblem, notFound } from '../problem.ts';
import { auditRows } from '../audit/entry.ts';
import { detailOf, processOf, readCase, readTask, readTaskForCommand, summaryOf, taskFromRow, taskFromState, type CaseRow, type TaskRow, type TaskView } from '../repo/cases.ts';
import type { AuditEntry } from '../audit/entry.ts';
import type { Principal } from '../auth/principal.ts';
import type { RequestContext } from '../http/request-context.ts';
import type { Queryable } from '../../store/db.ts';
import type { Reply } from '../route.ts';
import type { Command } from '../../engine/types.ts';
import type { CertFacts } from '../../staff/certification/api-check.ts';
import type { CompiledProcess } from '../../model/types.ts';

/**
 * Running engine commands for API callers. Each attempt is one transaction: read the task (or
 * case), check what the caller may do with it, run the command at exactly the version read, and
 * write the audit entry. A change that slipped in between the read and the lock makes the
 * version check fail; when the caller did not pin a version we simply look again (the
 * permission check must see what the command will act on), otherwise it is their 409.
 *
 * Every conflict answers 409 with the case as it is now, so the caller can decide again
 * without another round trip.
 */

const RETRIES = 3;

/** The case as the caller may see it now (for 409 answers). */
export async function currentCase(rc: RequestContext, p: Principal, caseId: string): Promise<unknown> {
  const row = await readCase(rc.deps.store.db, p.orgId, caseId);
  if (row === undefined) return undefined;
  const proc = await processOf(rc.deps.store.db, rc.deps.store, p.orgId, row.process_key, row.process_version).catch(() => undefined);
  return detailOf(row, proc, rc.now, !seesPersonalData(p, row.store_id));
}

function conflict(e: ConflictError | EngineError, current: unknown): ApiProblem {
  const code = e instanceof ConflictError ? e.reason || 'CONFLICT' : e.code;
  const detail = code === 'STALE_VERSION' ? `${e.message}` : `${e.message}; reload the case and decide again`;
  return new ApiProblem(409, code, detail, { current });
}

/** Runs attempts of a change, retrying lost version races the caller did not pin, mapping conflicts to 409. */
async function attempt(rc: RequestContext, p: Principal, caseId: () => string | undefined, pinned: boolean, run: () => Promise<Reply>): Promise<Reply> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (e) {
      const stale = e instanceof ConflictError && e.reason === 'STALE_VERSION';
      if (stale && !pinned && i < RETRIES) continue;
      const id = caseId();
      if ((e instanceof ConflictError || (e instanceof EngineError && e.conflict)) && id !== undefined) throw conflict(e, await currentCase(rc, p, id));
      throw e;
    }
  }
}

export interface TaskAction {
  /** Refuses (403) when the caller may not do this to the task. */
  readonly authorise: (task: TaskRow) => void;
  readonly command: (task: TaskRow) => Command;
  readonly audit: (task: TaskRow, out: CaseOutcome) => AuditEntry;
  /**
   * Extra checks against the database before the command (the reassign target, certificates).
   * They read tables the command does not write, so they run in whichever path the command
   * takes — on the fast path outside any transaction, which guarantees exactly as much as
   * inside one: READ COMMITTED locks nothing they read either. On the fast path `certs` holds
   * the caller's certificate facts, read with the task (no query needed for them).
   */
  readonly check?: (q: Queryable, task: TaskRow, proc: CompiledProcess, certs?: CertFacts) => Promise<void>;
}

/** The answer of a task action: the task after it, the case, and the case's open tasks now. */
function actionReply(task: TaskRow, out: CaseOutcome, proc: CompiledProcess, meta: { now: number; actor: string }): Reply {
  const c = { id: out.caseId, version: out.version, storeId: task.store_id, key: task.process_key, processVersion: task.process_version };
  const openTasks = out.state.tasks.map((t) => taskFromState(t, c, proc, meta.now));
  let view = openTasks.find((t) => t.id === task.id);
  if (view === undefined) {
    // Closed by this command: the engine's `task.closed` effect carries its last state.
    let closed: TaskView | undefined;
    for (const e of out.effects)
      if (e.type === 'task.closed' && e.task.id === task.id)
        closed = { ...taskFromState(e.task, c, proc, meta.now), status: e.outcome, overdue: false, closedAt: new Date(e.at).toISOString(), closedBy: typeof e.by === 'string' && e.by !== 'system' ? e.by : null };
    view = closed ?? { ...taskFromRow(task, proc, meta.now), caseVersion: out.version };
  }
  const s = out.state;
  const caseRow: Omit<CaseRow, 'state'> = {
    id: out.caseId,
    org_id: '',
    process_key: task.process_key,
    process_version: task.process_version,
    store_id: task.store_id,
    customer_id: s.customer?.id ?? null,
    parent_case_id: s.parent?.caseId ?? null,
    status: s.status,
    priority: s.priority,
    version: out.version,
    sla_due_at: s.sla === undefined ? null : new Date(s.sla.dueAt),
    sla_state: s.sla?.state ?? null,
    outcome: s.outcome ?? null,
    started_at: new Date(s.startedAt),
    ended_at: s.endedAt === undefined ? null : new Date(s.endedAt),
    updated_at: new Date(meta.now),
    updated_by: meta.actor,
  };
  return { status: 200, body: { task: view, case: summaryOf(caseRow, proc), openTasks } };
}

/** Runs a command on a task for the caller: 404 if they can't see it, 403 if they may not, 409 on conflicts. */
export async function runTaskAction(rc: RequestContext, p: Principal, taskId: string, expectedVersion: number | undefined, action: TaskAction): Promise<Reply> {
  let caseId: string | undefined;
  const pinned = expectedVersion !== undefined;
  const authorised = (task: TaskRow): void => {
    if (!seesStore(p, task.store_id)) throw notFound('task', taskId);
    caseId = task.case_id;
    action.authorise(task);
    if (expectedVersion !== undefined && expectedVersion !== task.case_version)
      throw new ConflictError(`case ${task.case_id} is at version ${task.case_version}, not ${expectedVersion}: someone changed it; reload and try again`, task.case_id, 'STALE_VERSION');
  };
  let tries = 0;
  return attempt(rc, p, () => caseId, pinned, async () => {
    // Fast path (optimistic store): read the task joined with its case, decide, and write case +
    // effects + audit entry as ONE statement at the version read: 2 round trips (+1 per check).
    // The last try locks instead, so a busy case cannot starve an unpinned caller.
    if (rc.deps.store.optimistic && ++tries < RETRIES) {
      const read = await readTaskForCommand(rc.deps.store.db, p.orgId, taskId, p.staffId);
      if (read === undefined) throw notFound('task', taskId);
      const { task } = read;
      authorised(task);
      const proc = await processOf(rc.deps.store.db, rc.deps.store, p.orgId, task.process_key, task.process_version);
      if (action.check !== undefined) await action.check(rc.deps.store.db, task, proc, read.certs);
      const meta = { now: rc.now, requestId: rc.requestId };
      const out = await commandOnRead(rc.deps.store, read.case, action.command(task), {
        now: rc.now,
        actor: p.staffId,
        expectedVersion: task.case_version,
        orgId: p.orgId,
        audit: (o) => auditRows(p, meta, [action.audit(task, o)]),
      });
      // A lost race: `attempt` reads again (or answers 409 when the caller pinned the version).
      if (out === 'raced') throw new ConflictError(`case ${task.case_id} changed while this command ran: reload and try again`, task.case_id, 'STALE_VERSION');
      if (out !== 'needs-lock') {
        rc.annotate({ caseId: task.case_id, taskId });
        return actionReply(task, out, proc, { now: rc.now, actor: p.staffId });
      }
    }
    // Locking path: one transaction (rotation, sub-cases, audited no-ops, repeated lost races).
    return rc.write(p, async (w) => {
      const task = await readTask(w.tx, p.orgId, taskId);
      if (task === undefined) throw notFound('task', taskId);
      authorised(task);
      const proc = await processOf(w.tx, w.store, p.orgId, task.process_key, task.process_version);
      if (action.check !== undefined) await action.check(w.tx, task, proc);
      const out = await executeCommand(w.store, task.case_id, action.command(task), { now: rc.now, actor: p.staffId, expectedVersion: task.case_version, orgId: p.orgId });
      w.audit(action.audit(task, out));
      rc.annotate({ caseId: task.case_id, taskId });
      return actionReply(task, out, proc, { now: rc.now, actor: p.staffId });
    });
  });
}

/** Runs a command on a whole case (cancel): same rules, the case instead of a task. */
export async function runCaseAction(
  rc: RequestContext,
  p: Principal,
  caseId: string,
  expectedVersion: number | undefined,
  action: { authorise: (c: CaseRow) => void; command: (c: CaseRow) => Command; audit: (c: CaseRow, out: CaseOutcome) => AuditEntry },
): Promise<Reply> {
  return attempt(rc, p, () => caseId, expectedVersion !== undefined, () =>
    rc.write(p, async (w) => {
      const row = await readCase(w.tx, p.orgId, caseId);
      if (row === undefined || !seesStore(p, row.store_id)) throw notFound('case', caseId);
      action.authorise(row);
      if (expectedVersion !== undefined && expectedVersion !== row.version)
        throw new ConflictError(`case ${caseId} is at version ${row.version}, not ${expectedVersion}: someone changed it; reload and try again`, caseId, 'STALE_VERSION');
      const out = await executeCommand(w.store, caseId, action.command(row), { now: rc.now, actor: p.staffId, expectedVersion: row.version, orgId: p.orgId });
      w.audit(action.audit(row, out));
      const after = await readCase(w.tx, p.orgId, caseId);
      const proc = await processOf(w.tx, w.store, p.orgId, row.process_key, row.process_version);
      return { status: 200, body: detailOf(after!, proc, rc.now, !seesPersonalData(p, row.store_id)) };
    }),
  );
}
