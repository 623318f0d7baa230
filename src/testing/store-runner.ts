import { calendarClock, createCalendar, type CalendarSpec } from '../calendar/index.ts';
import { counterIds } from '../engine/ids.ts';
import { logChannel, runDueJobs } from '../runtime/index.ts';

// Notifications are read back from the outbox table; printing each one would bury test output.
const quiet = { channel: logChannel(() => {}) };
import {
  addCustomer,
  addOrg,
  addStaff,
  addStore,
  caseEvents,
  caseTasks,
  createStore,
  executeCommand,
  getCase,
  migrate,
  nextJobDueAt,
  openPglite,
  publishDefinition,
  setRoleStaff,
  startCase,
  type Db,
  type Store,
} from '../store/index.ts';
import type { CaseCustomer, CaseState, Command, LogEvent } from '../engine/types.ts';
import type { Notification, RunnerTask } from '../engine/testing/memory-runner.ts';
import type { CompiledProcess } from '../model/types.ts';

const ORG = 'tpl-org';

/**
 * Empties every table but the migration bookkeeping, so one database serves a whole test file
 * (opening PGlite costs seconds; emptying it, milliseconds). Replica mode skips the triggers
 * that keep the event log append-only in production — this is a test database being reset.
 */
async function wipe(db: Db): Promise<void> {
  const tables = await db.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT LIKE '%migration%'`,
  );
  if (tables.rows.length === 0) return;
  await db.transaction(async (tx) => {
    await tx.query(`SET LOCAL session_replication_role = replica`);
    await tx.query(`TRUNCATE ${tables.rows.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
  });
}
const SHOP = 'tpl-shop';

export interface StoreRunnerOptions {
  readonly processes: readonly CompiledProcess[];
  readonly now?: number;
  /** Named calendars of the organisation (a template's `calendar:` names one of them). */
  readonly calendars?: Readonly<Record<string, CalendarSpec>>;
  /** Staff per role in duty order (rotation and least-loaded assignment). */
  readonly staff?: Readonly<Record<string, readonly string[]>>;
  /** An open database to use (default: a fresh in-memory PGlite). */
  readonly db?: Db;
}

/**
 * The template tests' world on the durable store: every command is a real transaction on
 * PGlite (or a given PostgreSQL database), timers and SLA points are jobs claimed by the real
 * runtime, and the clock is fake. After each command it mirrors cases, tasks, events and
 * notifications from the database, so tests read them synchronously, as with `MemoryRunner`.
 */
export class StoreRunner {
  now: number;
  readonly cases = new Map<string, CaseState>();
  readonly tasks = new Map<string, RunnerTask>();
  events: LogEvent[] = [];
  notifications: Notification[] = [];
  private caseIds: string[] = [];
  private customers = 0;

  private constructor(
    readonly store: Store,
    private readonly opts: StoreRunnerOptions,
  ) {
    this.now = opts.now ?? Date.UTC(2026, 0, 5, 1, 0);
  }

  /** Opens the database, migrates it, and seeds the organisation, shop, staff and processes. */
  static async open(opts: StoreRunnerOptions): Promise<StoreRunner> {
    const db = opts.db ?? (await openPglite({}));
    await migrate(db);
    if (opts.db) await wipe(db);
    const store = createStore(db, { ids: counterIds(), calendarClock: (spec) => calendarClock(createCalendar(spec)) });
    const r = new StoreRunner(store, opts);
    const t = r.now;
    await addOrg(db, { id: ORG, name: 'Template tests', calendars: opts.calendars ?? {} }, { now: t });
    await addStore(db, { id: SHOP, orgId: ORG, name: 'Template shop' }, { now: t });
    const people = new Set(Object.values(opts.staff ?? {}).flat());
    for (const p of people) await addStaff(db, { id: p, orgId: ORG, name: p }, { now: t });
    for (const [role, list] of Object.entries(opts.staff ?? {})) await setRoleStaff(db, ORG, SHOP, role, list);
    for (const p of opts.processes) await publishDefinition(db, { orgId: ORG, definition: p.definition }, { now: t });
    return r;
  }

  async close(): Promise<void> {
    await this.store.db.close();
  }

  /** Starts a case and returns its id. */
  async start(key: string, data: Record<string, unknown> = {}, extra: { customer?: CaseCustomer; priority?: number } = {}): Promise<string> {
    let customerId: string | undefined;
    if (extra.customer) {
      customerId = extra.customer.id || `cust-${++this.customers}`;
      await addCustomer(this.store.db, { id: customerId, orgId: ORG, ownerStaffId: extra.customer.ownerId, tier: extra.customer.tier }, { now: this.now });
    }
    const out = await startCase(this.store, { orgId: ORG, process: key, storeId: SHOP, customerId, data, priority: extra.priority }, { now: this.now, actor: 'system' });
    this.caseIds.push(out.caseId);
    await this.refresh();
    return out.caseId;
  }

  /** Runs a command on a case as one transaction (throws the engine's or store's error when refused). */
  async send(caseId: string, cmd: Command): Promise<CaseState> {
    const actor = 'by' in cmd && typeof cmd.by === 'string' ? cmd.by : 'system';
    try {
      await executeCommand(this.store, caseId, cmd, { now: this.now, actor });
    } finally {
      await this.refresh();
    }
    return this.cases.get(caseId)!;
  }

  /** Claims and completes the task at a node. */
  async completeAt(caseId: string, node: string, by: string, form?: Record<string, unknown>, checklist?: Record<string, boolean>): Promise<CaseState> {
    const t = this.taskAt(caseId, node);
    return this.send(caseId, { type: 'complete', taskId: t.id, by, form, checklist });
  }

  /** Moves the fake clock forward, letting the runtime fire every job that falls due on the way, in order. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.now + ms);
  }

  async advanceTo(t: number): Promise<void> {
    for (;;) {
      const due = await nextJobDueAt(this.store.db);
      if (due === undefined || due > t) break;
      this.now = Math.max(this.now, due);
      await runDueJobs(this.store, this.now, quiet);
    }
    this.now = Math.max(this.now, t);
    await runDueJobs(this.store, this.now, quiet);
    await this.refresh();
  }

  /** Re-reads what tests look at from the database. */
  private async refresh(): Promise<void> {
    const db = this.store.db;
    const found = await db.query<{ id: string }>('SELECT id FROM cases ORDER BY started_at, id');
    this.caseIds = found.rows.map((r) => r.id);
    this.tasks.clear();
    const events: LogEvent[] = [];
    for (const id of this.caseIds) {
      const c = await getCase(db, id);
      if (!c) continue;
      this.cases.set(id, c.state);
      const open = new Map(c.state.tasks.map((t) => [t.id, t]));
      for (const t of await caseTasks(db, id)) {
        const live = open.get(t.id);
        const closed = t.status === 'completed' || t.status === 'cancelled' ? t.status : undefined;
        this.tasks.set(t.id, {
          ...(live ?? { id: t.id, node: t.node, token: '', role: t.role, status: 'open', priority: t.priority, createdAt: t.createdAt, waitingForCustomer: false }),
          caseId: id,
          assignee: live?.assignee ?? t.assignee ?? undefined,
          closed,
          closedBy: t.closedBy ?? undefined,
          result: (t.result ?? undefined) as Record<string, unknown> | undefined,
        });
      }
      for (const e of await caseEvents(db, id)) events.push(e);
    }
    this.events = events.sort((a, b) => a.at - b.at);
    const n = await db.query<{ case_id: string; task_id: string | null; to_staff: string | null; to_role: string | null; reason: string; created_at: Date }>(
      'SELECT case_id, task_id, to_staff, to_role, reason, created_at FROM notifications ORDER BY id',
    );
    this.notifications = n.rows.map((x) => ({
      at: x.created_at.getTime(),
      caseId: x.case_id,
      to: x.to_staff !== null ? { staffId: x.to_staff } : { role: x.to_role! },
      reason: x.reason,
      taskId: x.task_id ?? undefined,
    }));
  }

  /** Open tasks (optionally of one case), oldest first. */
  openTasks(caseId?: string): RunnerTask[] {
    return [...this.tasks.values()].filter((t) => !t.closed && (caseId === undefined || t.caseId === caseId));
  }

  /** The single open task of a case at a node (fails loudly when there is none). */
  taskAt(caseId: string, node: string): RunnerTask {
    const t = this.openTasks(caseId).find((x) => x.node === node);
    if (!t) throw new Error(`case ${caseId} has no open task at "${node}" (open: ${this.openTasks(caseId).map((x) => x.node).join(', ') || 'none'})`);
    return t;
  }

  /** Step events of a case as "node:lifecycle" strings, for readable assertions. */
  trail(caseId: string, lifecycles: readonly string[] = ['complete']): string[] {
    return this.events.filter((e) => e.caseId === caseId && e.scope === 'step' && lifecycles.includes(e.lifecycle)).map((e) => `${e.activity}:${e.lifecycle}`);
  }
}
