import { EngineError } from '../engine/errors.ts';
import { execute } from '../engine/execute.ts';
import { pickAssignee, type AssignScope } from './assign.ts';
import { calendarsFor } from './calendars.ts';
import { latestPublished, loadProcess, publishedVersion } from './definitions.ts';
import { caseCustomer } from './directory.ts';
import { EffectRows } from './effects.ts';
import { ConflictError, StoreError } from './errors.ts';
import { sameJson } from './same-json.ts';
import { retryTransient } from './transient.ts';
import { lockCase, readCase, type LockedCase } from './sql/lock-case.ts';
import { writeCase, type AuditRow } from './sql/write-case.ts';
import { caseWrite } from './case-write.ts';
import type { Tx } from './db.ts';
import type { Store } from './store.ts';
import type { CaseCustomer, CaseState, Command, CompiledProcess, Effect, EngineContext } from '../engine/types.ts';

/**
 * Running commands durably: lock the case, run the pure engine, apply every effect and save the
 * new state — all in ONE transaction, so a command is either wholly committed or not at all.
 *
 * Round trips for a typical command on a server: read, one write statement (optimistic path);
 * BEGIN, lock+read, write, COMMIT when locking. The definition and the calendars come from
 * memory; assignment by rotation or load and sub-cases add their own reads only when needed.
 */

export interface CommandOptions {
  readonly now: number;
  /** Who asked (a staff id, or 'system'): saved as the case's `updated_by`. */
  readonly actor: string;
  /** The version the caller last saw: any other current version is a conflict (HTTP 409). */
  readonly expectedVersion?: number;
  /** The caller's organisation: a case of another organisation is reported as not found. */
  readonly orgId?: string;
}

export interface CaseOutcome {
  readonly caseId: string;
  readonly state: CaseState;
  /** The version now stored (pass it back as `expectedVersion`). */
  readonly version: number;
  /** What the engine asked for, assignment included (for callers that react, e.g. the API). */
  readonly effects: readonly Effect[];
}

export interface StartCaseInput {
  readonly orgId: string;
  /** Process key; the newest published version unless `version` is given. */
  readonly process: string;
  readonly version?: number;
  readonly caseId?: string;
  readonly storeId?: string;
  /** The customer's owner and tier are read from the customers table. */
  readonly customerId?: string;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly priority?: number;
}

/** One transaction's work: who, when, and the due times of jobs written (to wake workers). */
interface Session {
  readonly tx: Tx;
  readonly store: Store;
  readonly now: number;
  readonly actor: string;
  readonly dueTimes: number[];
}

function engineContext(s: Session, calendar: EngineContext['calendar']): EngineContext {
  return { now: s.now, ids: s.store.ids, calendar };
}

/** Runs the engine, turning lost races into ConflictError (the API's 409). */
function run(proc: CompiledProcess, state: CaseState | undefined, cmd: Command, ctx: EngineContext, caseId: string): { state: CaseState; effects: readonly Effect[] } {
  try {
    return execute(proc, state, cmd, ctx);
  } catch (e) {
    if (e instanceof EngineError && e.conflict) throw new ConflictError(e.message, caseId, e.code, { cause: e });
    throw e;
  }
}

/**
 * Applies one engine result to the database: settles assignment requests (each a `reassign`
 * run on the same state), writes the case and its effects in one statement, then starts or
 * cancels sub-cases. Returns the final state.
 */
async function settle(
  s: Session,
  c: { id: string; orgId: string; storeId: string | null; proc: CompiledProcess; ctx: EngineContext },
  first: { state: CaseState; effects: readonly Effect[] },
  write: { mode: 'insert'; version: 1 } | { mode: 'update'; previousVersion: number },
): Promise<CaseOutcome> {
  let state = first.state;
  const effects: Effect[] = [...first.effects];
  const rows = new EffectRows();
  rows.add(first.effects);

  const scope: AssignScope = { orgId: c.orgId, storeId: c.storeId };
  const pending = new Map<string, number>();
  for (let req = rows.assignRequests.shift(); req !== undefined; req = rows.assignRequests.shift()) {
    const node = state.tasks.find((t) => t.id === req.taskId)?.node;
    const task = node === undefined ? undefined : { proc: c.proc, caseId: c.id, taskId: req.taskId, node };
    const who = await pickAssignee(s.tx, scope, req.role, req.strategy, pending, s.now, task);
    if (who === undefined) continue; // nobody holds the role here: the task waits in the role's queue
    pending.set(who, (pending.get(who) ?? 0) + 1);
    const next = run(c.proc, state, { type: 'reassign', taskId: req.taskId, to: { staffId: who }, by: 'system' }, c.ctx, c.id);
    state = next.state;
    effects.push(...next.effects);
    rows.add(next.effects);
  }

  const version = write.mode === 'insert' ? 1 : write.previousVersion + 1;
  const w = caseWrite(c, state, rows, write.mode === 'insert' ? { insert: true } : { insert: false, previousVersion: write.previousVersion }, s);
  // We hold the row lock, so the version cannot have moved; the check is a second fence.
  if (!(await writeCase(s.tx, w))) throw new ConflictError(`case ${c.id} changed while this command ran`, c.id, 'STALE_VERSION');
  s.dueTimes.push(...rows.dueTimes);

  for (const e of rows.crossCase) {
    if (e.type === 'case.startChild') {
      const proc = await latestPublished(s.tx, s.store, c.orgId, e.process);
      await startIn(s, {
        orgId: c.orgId,
        proc,
        caseId: e.childCaseId,
        storeId: e.storeId ?? null,
        customer: e.customer,
        data: e.data,
        parent: { caseId: e.parentCaseId, token: e.token },
      });
    } else {
      // Locks run parent → child only (a child reaches its parent through a `deliver` job, never
      // directly), so cancelling children here cannot deadlock.
      const child = await lockCase(s.tx, e.childCaseId);
      if (child !== undefined && child.state.status === 'active') await commandIn(s, child, { type: 'cancelCase', by: 'system', reason: 'parent case cancelled' });
    }
  }
  return { caseId: c.id, state, version, effects };
}

async function commandIn(s: Session, locked: LockedCase, cmd: Command): Promise<CaseOutcome> {
  const proc = await loadProcess(s.tx, s.store, locked.orgId, locked.processKey, locked.processVersion);
  const calendar = await calendarsFor(s.tx, s.store, locked.orgId, locked.storeId, locked.orgRev, locked.storeRev);
  const ctx = engineContext(s, calendar);
  const result = run(proc, locked.state, cmd, ctx, locked.id);
  // A late or stale signal (a timer whose token moved on, an old SLA generation) changes
  // nothing: keep the version, write nothing.
  if (result.effects.length === 0 && sameJson(result.state, locked.state)) return { caseId: locked.id, state: locked.state, version: locked.version, effects: [] };
  return settle(s, { id: locked.id, orgId: locked.orgId, storeId: locked.storeId, proc, ctx }, result, { mode: 'update', previousVersion: locked.version });
}

interface StartSpec {
  readonly orgId: string;
  readonly proc: CompiledProcess;
  readonly caseId: string;
  readonly storeId: string | null;
  readonly customer?: CaseCustomer;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly priority?: number;
  readonly parent?: { readonly caseId: string; readonly token: string };
  readonly by?: string;
}

async function startIn(s: Session, spec: StartSpec): Promise<CaseOutcome> {
  // Also checks that the store belongs to the organisation: ids from a request are not trusted.
  const revs = (
    await s.tx.query<{ calendars_rev: number; calendar_rev: number | null; store_id: string | null }>(
      `SELECT o.calendars_rev, s.calendar_rev, s.id AS store_id FROM orgs o LEFT JOIN stores s ON s.id = $2 AND s.org_id = o.id WHERE o.id = $1`,
      [spec.orgId, spec.storeId],
    )
  ).rows[0];
  if (revs === undefined) throw new StoreError('NOT_FOUND', `no organisation ${spec.orgId}`);
  if (spec.storeId !== null && revs.store_id === null) throw new StoreError('NOT_FOUND', `no store ${spec.storeId} in organisation ${spec.orgId}`);
  const calendar = await calendarsFor(s.tx, s.store, spec.orgId, spec.storeId, revs.calendars_rev, revs.calendar_rev ?? 0);
  const ctx = engineContext(s, calendar);
  const cmd: Command = {
    type: 'start',
    caseId: spec.caseId,
    data: spec.data,
    storeId: spec.storeId ?? undefined,
    customer: spec.customer,
    priority: spec.priority,
    parent: spec.parent,
    by: spec.by ?? 'system',
  };
  const result = run(spec.proc, undefined, cmd, ctx, spec.caseId);
  return settle(s, { id: spec.caseId, orgId: spec.orgId, storeId: spec.storeId, proc: spec.proc, ctx }, result, { mode: 'insert', version: 1 });
}

function wake(store: Store, dueTimes: readonly number[]): void {
  if (dueTimes.length === 0 || store.jobListeners.size === 0) return;
  const earliest = Math.min(...dueTimes);
  for (const fn of store.jobListeners) fn(earliest);
}

/**
 * Runs a command on a case inside a transaction the caller holds (workers mark their job done
 * in the same transaction). Throws ConflictError on a lost race, EngineError when the engine
 * refuses, StoreError CASE_NOT_FOUND.
 */
export async function executeCommandInTx(tx: Tx, store: Store, caseId: string, command: Command, opts: CommandOptions): Promise<CaseOutcome> {
  const s: Session = { tx, store, now: opts.now, actor: opts.actor, dueTimes: [] };
  return commandInSession(s, caseId, command, opts);
}

async function commandInSession(s: Session, caseId: string, command: Command, opts: CommandOptions): Promise<CaseOutcome> {
  const locked = await lockCase(s.tx, caseId);
  if (locked === undefined || (opts.orgId !== undefined && locked.orgId !== opts.orgId)) throw new StoreError('CASE_NOT_FOUND', `no case ${caseId}`);
  if (opts.expectedVersion !== undefined && opts.expectedVersion !== locked.version)
    throw new ConflictError(`case ${caseId} is at version ${locked.version}, not ${opts.expectedVersion}: someone changed it; reload and try again`, caseId, 'STALE_VERSION');
  return commandIn(s, locked, command);
}

/**
 * Runs one command on a case durably (see CommandOptions).
 *
 * Two paths, both all-or-nothing:
 * - optimistic (default, `store.optimistic`): read the case, run the engine, and write the case
 *   and every effect as ONE statement that only applies at the version read — 2 round trips and
 *   no BEGIN/COMMIT. A lost race (the version moved) reruns the command on the fresh state: it
 *   then succeeds, or the engine reports the conflict (a task completed meanwhile).
 * - locking: one transaction that locks the case row first. Taken when the command needs more
 *   reads between engine and write (assignment by rotation or load, sub-cases), after repeated
 *   lost races, and always by workers (their job must be marked done in the same transaction).
 */
export async function executeCommand(store: Store, caseId: string, command: Command, opts: CommandOptions): Promise<CaseOutcome> {
  if (store.optimistic) {
    for (let attempt = 0; attempt < OPTIMISTIC_TRIES; attempt++) {
      const r = await optimistic(store, caseId, command, opts);
      if (r === 'needs-lock') break;
      if (r !== 'raced') {
        wake(store, r.dueTimes);
        return r.outcome;
      }
    }
  }
  const dueTimes: number[] = [];
  const out = await retryTransient(() => {
    dueTimes.length = 0;
    return store.db.transaction((tx) => commandInSession({ tx, store, now: opts.now, actor: opts.actor, dueTimes }, caseId, command, opts));
  });
  wake(store, dueTimes);
  return out;
}

const OPTIMISTIC_TRIES = 3;

/** The optimistic path: the outcome, or why the locking path must take over. */
async function optimistic(
  store: Store,
  caseId: string,
  command: Command,
  opts: CommandOptions,
): Promise<{ outcome: CaseOutcome; dueTimes: readonly number[] } | 'raced' | 'needs-lock'> {
  const c = await readCase(store.db, caseId);
  if (c === undefined || (opts.orgId !== undefined && c.orgId !== opts.orgId)) throw new StoreError('CASE_NOT_FOUND', `no case ${caseId}`);
  return optimisticAt(store, c, command, opts);
}

async function optimisticAt(
  store: Store,
  c: LockedCase,
  command: Command,
  opts: CommandOptions & AuditedCommand,
): Promise<{ outcome: CaseOutcome; dueTimes: readonly number[] } | 'raced' | 'needs-lock'> {
  const caseId = c.id;
  if (opts.expectedVersion !== undefined && opts.expectedVersion !== c.version)
    throw new ConflictError(`case ${caseId} is at version ${c.version}, not ${opts.expectedVersion}: someone changed it; reload and try again`, caseId, 'STALE_VERSION');
  const proc = await loadProcess(store.db, store, c.orgId, c.processKey, c.processVersion);
  const calendar = await calendarsFor(store.db, store, c.orgId, c.storeId, c.orgRev, c.storeRev);
  const result = run(proc, c.state, command, { now: opts.now, ids: store.ids, calendar }, c.id);
  if (result.effects.length === 0 && sameJson(result.state, c.state)) {
    // Nothing to write — but an audited no-op still owes its audit entry: the locking path writes it.
    if (opts.audit !== undefined) return 'needs-lock';
    return { outcome: { caseId, state: c.state, version: c.version, effects: [] }, dueTimes: [] };
  }
  const rows = new EffectRows();
  rows.add(result.effects);
  if (rows.assignRequests.length > 0 || rows.crossCase.length > 0) return 'needs-lock';
  const outcome: CaseOutcome = { caseId, state: result.state, version: c.version + 1, effects: result.effects };
  const w = caseWrite(c, result.state, rows, { insert: false, previousVersion: c.version }, opts);
  const write = opts.audit === undefined ? w : { ...w, audit: opts.audit(outcome) };
  const batch = store.groupCommit;
  const written = batch !== undefined && batch.db === store.db ? await batch.write(write) : await writeCase(store.db, write);
  if (!written) {
    if (opts.expectedVersion !== undefined)
      throw new ConflictError(`case ${caseId} changed while this command ran: reload and try again`, caseId, 'STALE_VERSION');
    return 'raced';
  }
  return { outcome, dueTimes: rows.dueTimes };
}

/** Audit rows a caller wants written by the command's own write statement (see `commandOnRead`). */
export interface AuditedCommand {
  readonly audit?: (out: CaseOutcome) => readonly AuditRow[];
}

/**
 * ONE optimistic attempt on a case the caller has just read itself (the API reads it joined
 * with the task it acts on, so authorisation and the case load are one round trip): run the
 * engine, then write the case, its effects and the caller's audit rows as ONE statement at the
 * version read. No transaction, so two round trips in all.
 *
 * 'raced': the version moved after the read, nothing was written (read again, or 409 when the
 * caller pinned a version). 'needs-lock': the command needs reads between engine and write
 * (rotation, sub-cases) or wrote nothing but owes an audit entry — use the transactional path.
 */
export async function commandOnRead(store: Store, c: LockedCase, command: Command, opts: CommandOptions & AuditedCommand): Promise<CaseOutcome | 'raced' | 'needs-lock'> {
  if (opts.orgId !== undefined && c.orgId !== opts.orgId) throw new StoreError('CASE_NOT_FOUND', `no case ${c.id}`);
  const r = await optimisticAt(store, c, command, opts);
  if (r === 'raced' || r === 'needs-lock') return r;
  wake(store, r.dueTimes);
  return r.outcome;
}

/** Starts a case on the newest published version of a process (or the given version). */
export async function startCase(store: Store, input: StartCaseInput, opts: { now: number; actor: string }): Promise<CaseOutcome> {
  const dueTimes: number[] = [];
  const caseId = input.caseId ?? store.ids.next('case');
  const start = (tx: Tx): Promise<CaseOutcome> => startInTx(tx, store, input, caseId, opts, dueTimes);
  const out = await retryTransient(() => {
    dueTimes.length = 0;
    return store.db.transaction(start);
  });
  wake(store, dueTimes);
  return out;
}

async function startInTx(tx: Tx, store: Store, input: StartCaseInput, caseId: string, opts: { now: number; actor: string }, dueTimes: number[]): Promise<CaseOutcome> {
  const s: Session = { tx, store, now: opts.now, actor: opts.actor, dueTimes };
  const proc =
    input.version === undefined ? await latestPublished(tx, store, input.orgId, input.process) : await publishedVersion(tx, store, input.orgId, input.process, input.version);
  const customer = input.customerId === undefined ? undefined : await caseCustomer(tx, input.orgId, input.customerId);
  return startIn(s, { orgId: input.orgId, proc, caseId, storeId: input.storeId ?? null, customer, data: input.data, priority: input.priority, by: opts.actor });
}
