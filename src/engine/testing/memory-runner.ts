import { ALWAYS_OPEN } from '../calendar-clock.ts';
import { execute } from '../execute.ts';
import { counterIds } from '../ids.ts';
import type { CalendarClock, CaseCustomer, CaseState, Command, Effect, IdSource, JobSpec, LogEvent, ServiceRequest, TaskState } from '../types.ts';
import type { CompiledProcess } from '../../model/types.ts';

/** A task as the runner's inbox shows it (open, claimed or closed). */
export interface RunnerTask extends TaskState {
  readonly caseId: string;
  readonly closed?: 'completed' | 'cancelled';
  readonly closedBy?: string;
  readonly result?: Readonly<Record<string, unknown>>;
}

export interface Notification {
  readonly at: number;
  readonly caseId: string;
  readonly to: { readonly role: string } | { readonly staffId: string };
  readonly reason: string;
  readonly taskId?: string;
}

export interface MemoryRunnerOptions {
  readonly processes: readonly CompiledProcess[];
  readonly now?: number;
  readonly calendars?: Readonly<Record<string, CalendarClock>>;
  /** Staff per role in duty order (rotation and least-loaded assignment). */
  readonly staff?: Readonly<Record<string, readonly string[]>>;
  /** Answers service calls; default: every call fails. */
  readonly services?: (req: ServiceRequest) => { ok: true; result: unknown } | { ok: false; error: string };
  /** The engine's modes for callers that own their states (`EngineContext.inPlace`, `events`). */
  readonly engine?: { readonly inPlace?: boolean; readonly events?: boolean };
}

/**
 * Runs the pure engine in memory on a fake clock, applying its effects the way the store
 * does: tasks, jobs in due order, sub-cases, rotation. Tests (and template checks) drive it
 * instead of sleeping: `advance(ms)` fires whatever falls due, in order.
 */
export class MemoryRunner {
  now: number;
  readonly cases = new Map<string, CaseState>();
  readonly tasks = new Map<string, RunnerTask>();
  readonly events: LogEvent[] = [];
  readonly notifications: Notification[] = [];
  readonly effects: Effect[] = [];
  private jobs = new Map<string, JobSpec>();
  private procs = new Map<string, CompiledProcess>();
  private rotation = new Map<string, number>();
  private ids = counterIds();

  constructor(private readonly opts: MemoryRunnerOptions) {
    this.now = opts.now ?? Date.UTC(2026, 0, 5, 1, 0); // Monday 09:00 in Shanghai
    for (const p of opts.processes) this.procs.set(p.definition.key, p);
  }

  private proc(key: string): CompiledProcess {
    const p = this.procs.get(key);
    if (!p) throw new Error(`no process "${key}" in this runner`);
    return p;
  }

  private context: { now: number; readonly ids: IdSource; readonly calendar: (name: string) => CalendarClock; readonly inPlace?: boolean; readonly events?: boolean } | undefined;

  /** One context for the runner's life, as the simulator keeps one (the in-place engine reuses its result per context). */
  private ctx() {
    const cals = this.opts.calendars ?? {};
    const c = (this.context ??= { now: this.now, ids: this.ids, calendar: (name: string) => cals[name] ?? ALWAYS_OPEN, ...this.opts.engine });
    c.now = this.now;
    return c;
  }

  /** Starts a case and returns its id. */
  start(key: string, data: Record<string, unknown> = {}, extra: { customer?: CaseCustomer; storeId?: string; priority?: number; caseId?: string } = {}): string {
    const caseId = extra.caseId ?? this.ids.next('case');
    this.apply(this.proc(key), undefined, { type: 'start', caseId, data, customer: extra.customer, storeId: extra.storeId, priority: extra.priority });
    return caseId;
  }

  /** Runs a command on a case (throws the engine's error when refused). */
  send(caseId: string, cmd: Command): CaseState {
    const state = this.cases.get(caseId);
    if (!state) throw new Error(`no case ${caseId}`);
    this.apply(this.proc(state.process.key), state, cmd);
    return this.cases.get(caseId)!;
  }

  private apply(proc: CompiledProcess, state: CaseState | undefined, cmd: Command): void {
    const r = execute(proc, state, cmd, this.ctx());
    this.cases.set(r.state.id, r.state);
    // Copied first: applying an effect may run another command, and in place that reuses the result.
    for (const e of r.effects.slice()) this.applyEffect(e);
  }

  private applyEffect(e: Effect): void {
    this.effects.push(e);
    switch (e.type) {
      case 'task.opened':
      case 'task.changed':
        this.tasks.set(e.task.id, { ...e.task, caseId: e.caseId });
        return;
      case 'task.closed':
        this.tasks.set(e.task.id, { ...e.task, caseId: e.caseId, closed: e.outcome, closedBy: e.by, result: e.result });
        return;
      case 'job.schedule':
        this.jobs.set(e.job.id, e.job);
        return;
      case 'job.cancel':
        this.jobs.delete(e.jobId);
        return;
      case 'event':
        this.events.push(e.event);
        return;
      case 'notify':
        this.notifications.push({ at: this.now, caseId: e.caseId, to: e.to, reason: e.reason, taskId: e.taskId });
        return;
      case 'assign.request': {
        const people = this.opts.staff?.[e.role] ?? [];
        if (people.length === 0) return;
        let pick: string;
        if (e.strategy === 'rotation') {
          const key = e.role;
          const i = this.rotation.get(key) ?? 0;
          pick = people[i % people.length]!;
          this.rotation.set(key, i + 1);
        } else {
          const load = (s: string) => [...this.tasks.values()].filter((t) => !t.closed && t.assignee === s).length;
          pick = [...people].sort((a, b) => load(a) - load(b))[0]!;
        }
        this.send(e.caseId, { type: 'reassign', taskId: e.taskId, to: { staffId: pick }, by: 'system' });
        return;
      }
      case 'case.startChild':
        this.apply(this.proc(e.process), undefined, {
          type: 'start',
          caseId: e.childCaseId,
          data: e.data,
          storeId: e.storeId,
          customer: e.customer,
          parent: { caseId: e.parentCaseId, token: e.token },
        });
        return;
      case 'case.cancelChild':
        if (this.cases.get(e.childCaseId)?.status === 'active') this.send(e.childCaseId, { type: 'cancelCase', by: 'system', reason: 'parent cancelled' });
        return;
      case 'case.ended':
        return;
    }
  }

  /** Jobs waiting, in due order (for assertions). */
  pendingJobs(): JobSpec[] {
    return [...this.jobs.values()].sort((a, b) => a.dueAt - b.dueAt);
  }

  /** Moves the fake clock forward, firing every job that falls due on the way, in order. */
  advance(ms: number): void {
    this.advanceTo(this.now + ms);
  }

  advanceTo(t: number): void {
    for (;;) {
      const next = this.pendingJobs()[0];
      if (!next || next.dueAt > t) break;
      this.now = Math.max(this.now, next.dueAt);
      this.jobs.delete(next.id);
      this.runJob(next);
    }
    this.now = Math.max(this.now, t);
  }

  private runJob(job: JobSpec): void {
    if (!this.cases.has(job.caseId)) return;
    if (job.kind === 'service') {
      const answer = this.opts.services?.(job.request) ?? { ok: false as const, error: 'no service configured' };
      this.send(job.caseId, answer.ok ? { type: 'serviceResult', token: job.token, ok: true, result: answer.result } : { type: 'serviceResult', token: job.token, ok: false, error: answer.error });
      return;
    }
    this.send(job.caseId, job.command);
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

  /** Claims and completes the task at a node. */
  completeAt(caseId: string, node: string, by: string, form?: Record<string, unknown>, checklist?: Record<string, boolean>): CaseState {
    const t = this.taskAt(caseId, node);
    return this.send(caseId, { type: 'complete', taskId: t.id, by, form, checklist });
  }

  /** Step events of a case as "node:lifecycle" strings, for readable assertions. */
  trail(caseId: string, lifecycles: readonly string[] = ['complete']): string[] {
    return this.events.filter((e) => e.caseId === caseId && e.scope === 'step' && lifecycles.includes(e.lifecycle)).map((e) => `${e.activity}:${e.lifecycle}`);
  }
}
