import { counterIds, EngineError, execute } from '../../engine/index.ts';
import { SimulationError } from '../errors.ts';
import { seedSubstream, STREAM, substream } from '../random/streams.ts';
import { Xoshiro128 } from '../random/xoshiro.ts';
import { Collector } from './collector.ts';
import { EventQueue } from './event-queue.ts';
import { pickBranch, type RoutedGateway } from './routing.ts';
import { Desk, Kind, Person, SimCase, SimTask, Where, type SimEvent } from './world.ts';
import type { CaseCustomer, Command, Effect, EngineContext, IdSource, JobSpec, LogEvent, TaskState } from '../../engine/index.ts';
import type { ResolvedModel } from './model.ts';
import type { PreparedNode, PreparedProcess } from './prepare.ts';

export interface ReplicationOptions {
  readonly seed: number;
  /** Measured cases. */
  readonly cases: number;
  readonly collectLog: boolean;
  /** Called every 1,000 measured cases ended. */
  readonly onCase?: (ended: number) => void;
  /** Stop before the first event after this instant: cases in flight stay as they are (demo history). */
  readonly until?: number;
  /** Every engine result (the start and each command) of every case, for callers that persist the history. */
  readonly onResult?: (c: SimCase, effects: readonly Effect[]) => void;
  /** From this instant on nobody takes new work (work begun is finished): the cases since wait in the queues (demo history). */
  readonly stopWorkAt?: number;
  /** Ids for the engine (tasks, tokens, sub-cases); default a counter from 1. */
  readonly ids?: IdSource;
  /** Case ids; default `case-N`. */
  readonly caseId?: (index: number) => string;
  /** Staff ids of the simulated people; default `role#N`. */
  readonly personId?: (role: string, index: number) => string;
}

/** The form of a step that has none: never changed, so one object serves every task. */
const NO_FORM: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/** Child cases draw from substreams numbered above every arrival index. */
const CHILD_BASE = 0x40000000;
/** A run that lets this many cases in per measured case is not reaching steady state. */
const RUNAWAY_FACTOR = 50;

/**
 * One replication: the simulator plays the runtime around the real engine.
 *
 * Every change to a case goes through `execute(proc, state, command, ctx)` on a virtual clock;
 * the simulator applies the effects the way the store and workers do — open tasks go to role
 * queues, jobs (timers, SLA points, service answers, sub-case results) become future events,
 * `assign.request` is answered with a `reassign` — and plays the staff: a free person on duty
 * takes the best waiting task of their roles (priority, then first come), claims it, works for
 * a sampled time (on their roster's open time) and completes it.
 *
 * Placing tasks is deferred to the end of each event (`settle`): one command's effects may open
 * a task and then reassign it (rotation), and the task must be placed as it finally is.
 */
export class Replication {
  readonly collector: Collector;
  readonly log: LogEvent[] | undefined;
  /** Cases that arrived (measured or not). */
  arrivals = 0;
  measuredEnded = 0;
  unfinished = 0;
  /** True when the run stopped because cases piled up faster than they were served. */
  runaway = false;

  private readonly queue = new EventQueue<SimEvent>();
  private readonly ctx: { now: number; ids: IdSource; calendar: EngineContext['calendar']; events: boolean; inPlace: true };
  private readonly rng = new Xoshiro128();
  private readonly arrivalRng: Xoshiro128;
  /** Sub-cases by id (a parent's cancellation names them). */
  private readonly childCases = new Map<string, SimCase>();
  /** Events handled and free for reuse: a tandem-line case would otherwise allocate six. */
  private readonly spareEvents: SimEvent[] = [];
  private readonly jobs = new Map<string, SimEvent>();
  private readonly desks = new Map<string, Desk>();
  private readonly people = new Map<string, Person>();
  // Work for settle(): stacks that are emptied by popping, never reallocated.
  private readonly pending: SimTask[] = [];
  private readonly freed: Person[] = [];
  /** Tasks closed during this event, free for reuse once it is settled (the pending list may still name them till then). */
  private readonly closedTasks: SimTask[] = [];
  private readonly spareTasks: SimTask[] = [];
  /** Effects being applied, innermost command on top (see applyAll). */
  private readonly effectStack: (Effect | undefined)[] = [];
  private effectTop = 0;
  // The claim and complete commands, filled in and sent again and again: the engine keeps nothing of a command.
  private readonly claimCmd: { type: 'claim'; taskId: string; by: string } = { type: 'claim', taskId: '', by: '' };
  private readonly completeCmd: { type: 'complete'; taskId: string; by: string; form: Readonly<Record<string, unknown>> | undefined; checklist: Readonly<Record<string, boolean>> | undefined } = {
    type: 'complete',
    taskId: '',
    by: '',
    form: undefined,
    checklist: undefined,
  };
  private order = 0;
  private children = 0;
  private measuredArrived = 0;
  private firstMeasured = 0;
  private readonly warmUpCases: number;
  private readonly warmUpUntil: number;

  constructor(
    private readonly model: ResolvedModel,
    private readonly opts: ReplicationOptions,
  ) {
    // Each simulated case's state belongs to the simulator alone and a refusal stops the run, so
    // the engine may change it in place; log events are built only when the log is kept.
    this.collector = new Collector(opts.cases);
    this.ctx = { now: model.start, ids: opts.ids ?? counterIds(), calendar: model.calendar, events: opts.collectLog, inPlace: true };
    this.arrivalRng = substream(opts.seed, STREAM.arrivals);
    this.log = opts.collectLog ? [] : undefined;
    const w = model.warmUp ?? { cases: Math.round(opts.cases / 10) };
    this.warmUpCases = 'cases' in w ? w.cases : 0;
    this.warmUpUntil = 'hours' in w ? model.start + w.hours * 3_600_000 : Number.NEGATIVE_INFINITY;
    for (const g of model.staff) {
      const desk = this.desk(g.role);
      const stats = this.collector.role(g.role);
      desk.queueLength = stats.queue;
      stats.people += g.count;
      stats.costPerHour = model.costPerHour[g.role] ?? 0;
      for (let i = 0; i < g.count; i++) {
        const n = desk.people.length + 1;
        const p = new Person(opts.personId?.(g.role, n) ?? `${g.role}#${n}`, [desk], g.availability, (model.costPerHour[g.role] ?? 0) / 3_600_000);
        desk.people.push(p);
        this.people.set(p.id, p);
        this.goIdle(p);
      }
    }
  }

  private desk(role: string): Desk {
    let d = this.desks.get(role);
    if (!d) this.desks.set(role, (d = new Desk(role)));
    return d;
  }

  private event(kind: Kind, t: number, job?: JobSpec, task?: SimTask, person?: Person, c?: SimCase): SimEvent {
    const e = this.spareEvents.pop();
    if (e === undefined) return this.queue.push({ t, seq: 0, cancelled: false, kind, job, c, task, person });
    e.t = t;
    e.cancelled = false;
    e.kind = kind;
    e.job = job;
    e.c = c;
    e.task = task;
    e.person = person;
    return this.queue.push(e);
  }

  /** Runs until every measured case has ended (or nothing more can happen). */
  run(): this {
    const first = this.model.arrivals.next(this.arrivalRng, this.model.start, 0);
    if (first !== undefined) this.event(Kind.Arrival, first);
    const limit = this.opts.cases * RUNAWAY_FACTOR + 1000;
    const until = this.opts.until;
    for (;;) {
      if (until !== undefined && !((this.queue.peekTime() ?? Number.NEGATIVE_INFINITY) <= until)) break;
      const e = this.queue.pop();
      if (e === undefined) break;
      this.ctx.now = e.t;
      switch (e.kind) {
        case Kind.Arrival:
          this.arrive();
          break;
        case Kind.Done:
          this.finishTask(e.task!);
          break;
        case Kind.Job:
          this.runJob(e.job!, e.c!);
          break;
        case Kind.Wake:
          e.person!.wake = undefined;
          if (e.person!.task === undefined) this.freed.push(e.person!);
          break;
      }
      // Nothing refers to a handled event any more (done, wake and job links are cleared first).
      e.job = undefined;
      e.c = undefined;
      e.task = undefined;
      e.person = undefined;
      this.spareEvents.push(e);
      this.settle();
      if (this.measuredArrived >= this.opts.cases && this.measuredEnded >= this.measuredArrived) break;
      if (this.measuredArrived > 0 && this.arrivals - this.firstMeasured > limit) {
        this.runaway = true;
        break;
      }
    }
    this.close();
    return this;
  }

  private close(): void {
    const c = this.collector;
    const end = this.ctx.now;
    if (c.windowStart !== c.windowStart) c.openWindow(end);
    c.windowEnd = end;
    this.unfinished = this.measuredArrived - this.measuredEnded;
    for (const p of this.people.values()) {
      if (p.task) this.addBusy(p, p.task.startedAt, end);
      const stats = c.role(p.desks[0]!.role);
      stats.availableMs += p.availability ? p.availability.workingTimeBetween(c.windowStart, end) : end - c.windowStart;
    }
    for (const p of this.people.values()) c.role(p.desks[0]!.role).busyMs += p.busyMs;
  }

  // ---- the engine -------------------------------------------------------------------------

  private exec(c: SimCase, cmd: Command): void {
    let r;
    try {
      r = execute(c.prep.proc, c.state, cmd, this.ctx);
    } catch (e) {
      if (e instanceof EngineError)
        throw new SimulationError('ENGINE_REFUSED', `the engine refused ${cmd.type} in simulated case ${c.id} (${c.prep.proc.definition.key}) at ${new Date(this.ctx.now).toISOString()}: ${e.message}`);
      throw e;
    }
    c.state = r.state;
    this.applyAll(c, r.effects);
  }

  /**
   * Applies a command's effects. They are copied to a stack first: applying one may run another
   * command (a rotation's reassign, a sub-case), and the in-place engine reuses its result for
   * it. Slots are cleared as they are taken, so no handled effect outlives its command.
   */
  private applyAll(c: SimCase, effects: readonly Effect[]): void {
    this.opts.onResult?.(c, effects);
    const stack = this.effectStack;
    const from = this.effectTop;
    const to = from + effects.length;
    for (let i = 0; i < effects.length; i++) stack[from + i] = effects[i];
    this.effectTop = to;
    for (let i = from; i < to; i++) {
      const e = stack[i]!;
      stack[i] = undefined;
      this.apply(c, e);
    }
    this.effectTop = from;
  }

  private apply(c: SimCase, e: Effect): void {
    switch (e.type) {
      case 'event':
        if (this.log) this.log.push(e.event);
        return;
      case 'task.opened':
        this.taskOpened(c, e.task);
        return;
      case 'task.changed':
        this.taskChanged(c, e.task);
        return;
      case 'task.closed':
        this.taskClosed(c, e.task, e.outcome);
        return;
      case 'job.schedule':
        this.schedule(c, e.job);
        return;
      case 'job.cancel': {
        const ev = this.jobs.get(e.jobId);
        if (ev) {
          ev.cancelled = true;
          this.jobs.delete(e.jobId);
        }
        return;
      }
      case 'assign.request':
        this.assign(c, e.taskId, e.role, e.strategy);
        return;
      case 'notify':
        this.collector.notifications++;
        return;
      case 'case.startChild':
        this.startChild(c, e);
        return;
      case 'case.cancelChild': {
        const child = this.childCases.get(e.childCaseId);
        if (child && child.state.status === 'active') this.exec(child, { type: 'cancelCase', by: 'system', reason: 'parent cancelled' });
        return;
      }
      case 'case.ended':
        this.caseEnded(c, e.status, e.at);
        return;
    }
  }

  /** Sets the branch variables of the gateways a token leaving `routes`' node can reach, from the routing stream. */
  private route(c: SimCase, routes: readonly RoutedGateway[]): void {
    if (routes.length === 0) return;
    // The state is the simulator's own (the engine runs in place): the variables are set where they are.
    const data = c.state.data as Record<string, unknown>;
    for (const g of routes) {
      seedSubstream(this.rng, this.opts.seed, STREAM.routing, c.idx, g.index, c.visits[g.index]!++);
      data[g.variable] = pickBranch(g, this.rng.uniform());
    }
  }

  // ---- cases ------------------------------------------------------------------------------

  private arrive(): void {
    const i = this.arrivals++;
    const now = this.ctx.now;
    const measured = this.measuredArrived < this.opts.cases && i >= this.warmUpCases && now >= this.warmUpUntil;
    if (measured) {
      if (this.measuredArrived === 0) {
        this.collector.openWindow(now);
        this.firstMeasured = i;
      }
      this.measuredArrived++;
    }
    const next = this.model.arrivals.next(this.arrivalRng, now, i + 1);
    if (next !== undefined) this.event(Kind.Arrival, Math.max(now, next));

    const prep = this.model.main;
    const c = new SimCase(i, this.opts.caseId?.(i) ?? `case-${i + 1}`, prep, now, measured, undefined);
    let data: Record<string, unknown> | undefined = this.model.arrivals.data(i) as Record<string, unknown> | undefined;
    if (prep.startData.length > 0) {
      data = { ...data };
      for (const d of prep.startData) data[d.variable] = d.draw(seedSubstream(this.rng, this.opts.seed, STREAM.caseData, i, d.index + 1));
    }
    let customer: CaseCustomer | undefined;
    let priority: number | undefined;
    const tiers = this.model.tiers;
    if (tiers.length > 0) {
      const total = tiers.reduce((s, t) => s + t.share, 0);
      let u = seedSubstream(this.rng, this.opts.seed, STREAM.caseData, i, 0).uniform() * total;
      c.tier = tiers.length - 1;
      for (let j = 0; j < tiers.length; j++) {
        if (u < tiers[j]!.share) {
          c.tier = j;
          break;
        }
        u -= tiers[j]!.share;
      }
      const tier = tiers[c.tier]!;
      customer = { id: `customer-${i + 1}`, tier: tier.id };
      priority = tier.priority;
    }
    this.collector.wip.add(now, 1);
    this.startCase(c, { type: 'start', caseId: c.id, data, customer, priority });
  }

  private startCase(c: SimCase, cmd: Extract<Command, { type: 'start' }>): void {
    if (c.prep.startRoutes.length > 0) {
      // The start command creates the state, so branch variables ride in with the case data.
      const data: Record<string, unknown> = { ...cmd.data };
      for (const g of c.prep.startRoutes) {
        seedSubstream(this.rng, this.opts.seed, STREAM.routing, c.idx, g.index, c.visits[g.index]!++);
        data[g.variable] = pickBranch(g, this.rng.uniform());
      }
      cmd = { ...cmd, data };
    }
    let r;
    try {
      r = execute(c.prep.proc, undefined, cmd, this.ctx);
    } catch (e) {
      if (e instanceof EngineError) throw new SimulationError('ENGINE_REFUSED', `the engine refused to start simulated case ${c.id} (${c.prep.proc.definition.key}): ${e.message}`);
      throw e;
    }
    c.state = r.state;
    this.applyAll(c, r.effects);
  }

  private startChild(parent: SimCase, e: Extract<Effect, { type: 'case.startChild' }>): void {
    const prep = this.model.processes.get(e.process);
    if (!prep) throw new SimulationError('BAD_MODEL', `${parent.prep.proc.definition.key} calls "${e.process}", which is not among the simulated SOPs`);
    const root = parent.root ?? parent;
    const child = new SimCase(CHILD_BASE + this.children++, e.childCaseId, prep, this.ctx.now, root.measured, root);
    child.parent = parent;
    this.childCases.set(child.id, child);
    this.startCase(child, { type: 'start', caseId: child.id, data: e.data, storeId: e.storeId, customer: e.customer, priority: parent.state.priority, parent: { caseId: e.parentCaseId, token: e.token } });
  }

  private caseEnded(c: SimCase, status: string, at: number): void {
    if (c.root !== undefined) {
      this.childCases.delete(c.id);
      c.root.cost += c.cost;
      c.root.stepBreached ||= c.stepBreached;
      return;
    }
    const col = this.collector;
    col.wip.add(at, -1);
    if (col.windowStart === col.windowStart) col.endedInWindow++;
    if (!c.measured) return;
    const sla = c.state.sla;
    col.caseEnded(c, status, at, sla?.state === 'breached', sla !== undefined);
    this.measuredEnded++;
    if (this.opts.onCase && this.measuredEnded % 1000 === 0) this.opts.onCase(this.measuredEnded);
  }

  // ---- jobs -------------------------------------------------------------------------------

  private nodeOfToken(c: SimCase, token: string): PreparedNode | undefined {
    const t = c.state.tokens.find((x) => x.id === token);
    return t ? c.prep.byId.get(t.node) : undefined;
  }

  private schedule(c: SimCase, job: JobSpec): void {
    let t = Math.max(job.dueAt, this.ctx.now);
    if (job.kind === 'service') {
      const node = this.nodeOfToken(c, job.token);
      if (node?.duration) t += node.duration(seedSubstream(this.rng, this.opts.seed, STREAM.services, c.idx, node.index, c.visits[node.index]!++));
    }
    // A job is for the case that scheduled it, or (a sub-case's result) for its parent.
    const target = job.caseId === c.id ? c : c.parent !== undefined && job.caseId === c.parent.id ? c.parent : undefined;
    if (target === undefined) throw new SimulationError('BAD_MODEL', `case ${c.id} scheduled a job for case ${job.caseId}, which the simulator does not know`);
    this.jobs.set(job.id, this.event(Kind.Job, t, job, undefined, undefined, target));
  }

  private runJob(job: JobSpec, c: SimCase): void {
    this.jobs.delete(job.id);
    if (job.kind === 'service') {
      const node = this.nodeOfToken(c, job.token);
      if (node === undefined) return;
      this.route(c, node.routes);
      const failed = node.serviceFailure > 0 && seedSubstream(this.rng, this.opts.seed, STREAM.services, c.idx, node.index, -c.visits[node.index]!).uniform() < node.serviceFailure;
      this.exec(c, failed ? { type: 'serviceResult', token: job.token, ok: false, error: 'simulated failure' } : { type: 'serviceResult', token: job.token, ok: true, result: null });
      return;
    }
    const cmd = job.command;
    if (cmd.type === 'timerDue' || cmd.type === 'childEnded') {
      const node = this.nodeOfToken(c, cmd.token);
      if (node) this.route(c, node.routes);
    }
    this.exec(c, cmd);
  }

  // ---- tasks and people -------------------------------------------------------------------

  private taskOpened(c: SimCase, t: TaskState): void {
    const node = c.prep.byId.get(t.node)!;
    const k = (this.spareTasks.pop() ?? new SimTask()).reset(t.id, c, node, c.visits[node.index]!++, this.ctx.now, this.order++, t.priority, t.status, t.assignee, t.role);
    c.tasks.push(k);
    this.pending.push(k);
  }

  private findTask(c: SimCase, id: string): SimTask | undefined {
    const ts = c.tasks;
    for (let i = 0; i < ts.length; i++) if (ts[i]!.id === id) return ts[i];
    return undefined;
  }

  private taskChanged(c: SimCase, t: TaskState): void {
    const k = this.findTask(c, t.id);
    if (k === undefined) return;
    const moved = t.role !== k.role || t.priority !== k.priority || t.assignee !== k.assignee || t.status !== k.status;
    k.role = t.role;
    k.priority = t.priority;
    k.assignee = t.assignee;
    k.status = t.status;
    // Work already begun is not interrupted (non-preemptive): a reassignment affects waiting tasks only.
    if (!moved || k.where === Where.Working || k.where === Where.Pending) return;
    this.unqueue(k);
    k.where = Where.Pending;
    this.pending.push(k);
  }

  private unqueue(k: SimTask): void {
    k.version++;
    if (k.where === Where.RoleQueue) {
      k.queuedAt!.queue.forget();
      k.queuedAt!.queueLength!.add(this.ctx.now, -1);
    } else if (k.where === Where.PersonalQueue) k.person!.personal.forget();
  }

  private taskClosed(c: SimCase, t: TaskState, outcome: 'completed' | 'cancelled'): void {
    const k = this.findTask(c, t.id);
    if (k === undefined) return;
    const ts = c.tasks;
    ts[ts.indexOf(k)] = ts[ts.length - 1]!; // order does not matter; splice would allocate
    ts.pop();
    const now = this.ctx.now;
    if (outcome === 'completed') {
      const breached = t.sla?.state === 'breached';
      if (breached) k.c.stepBreached = true;
      k.c.cost += k.work * (k.person?.costPerMs ?? 0);
      if (k.c.measured) this.collector.taskCompleted(k, now, breached, t.sla !== undefined, (k.c.root ?? k.c).tier);
    } else if (k.where === Where.Working) {
      // Withdrawn while someone works on it (the case was cancelled): the work stops now.
      const p = k.person!;
      if (k.done) k.done.cancelled = true;
      this.addBusy(p, k.startedAt, now);
      p.task = undefined;
      this.freed.push(p);
    } else if (k.where !== Where.Pending) this.unqueue(k);
    k.where = Where.Closed;
    this.closedTasks.push(k);
  }

  private assign(c: SimCase, taskId: string, role: string, strategy: 'rotation' | 'leastLoaded'): void {
    const desk = this.desks.get(role);
    if (!desk || desk.people.length === 0) return;
    let pick: Person;
    if (strategy === 'rotation') pick = desk.people[desk.rotation++ % desk.people.length]!;
    else {
      pick = desk.people[0]!;
      let best = Number.POSITIVE_INFINITY;
      for (const p of desk.people) {
        const load = (p.task ? 1 : 0) + p.personal.live;
        if (load < best) {
          best = load;
          pick = p;
        }
      }
    }
    this.exec(c, { type: 'reassign', taskId, to: { staffId: pick.id }, by: 'system' });
  }

  /** Places the tasks opened or moved by this event, then lets the people who became free take work. */
  private settle(): void {
    // Tasks first (so a freed person finds them queued), oldest first within one event.
    const pending = this.pending;
    const freed = this.freed;
    for (;;) {
      if (pending.length > 0) {
        if (pending.length > 1) pending.reverse();
        while (pending.length > 0) {
          const k = pending.pop()!;
          if (k.where === Where.Pending) this.place(k);
        }
        continue;
      }
      const p = freed.pop();
      if (p === undefined) break;
      if (p.task === undefined) this.takeNext(p);
    }
    const closed = this.closedTasks;
    while (closed.length > 0) {
      const k = closed.pop()!;
      k.retire();
      this.spareTasks.push(k);
    }
  }

  private place(k: SimTask): void {
    if (k.status === 'claimed' && k.assignee !== undefined) {
      const p = this.people.get(k.assignee);
      if (p === undefined) {
        // Assigned to someone the model has no person for (a customer's account manager, say):
        // hand it back to the role's queue through the engine, as a supervisor would.
        this.exec(k.c, { type: 'reassign', taskId: k.id, to: { role: k.role }, by: 'system' });
        if (k.where === Where.Pending && (k.status as string) === 'open') this.place(k);
        return;
      }
      if (p.idle && this.onDuty(p)) {
        this.stopIdle(p);
        this.start(p, k);
        return;
      }
      k.where = Where.PersonalQueue;
      k.person = p;
      p.personal.push(k);
      return;
    }
    const desk = this.desks.get(k.role);
    if (desk === undefined) throw new SimulationError('NO_STAFF', `a task of "${k.node.id}" went to role "${k.role}", which has no staff`);
    for (;;) {
      const p = desk.takeIdle();
      if (p === undefined) break;
      if (this.onDuty(p)) {
        this.stopIdle(p);
        this.start(p, k);
        return;
      }
    }
    k.where = Where.RoleQueue;
    k.queuedAt = desk;
    desk.queue.push(k);
    desk.queueLength!.add(this.ctx.now, 1);
  }

  /** True when the person is on duty now; otherwise they are put to sleep until their next shift. */
  private onDuty(p: Person): boolean {
    const stop = this.opts.stopWorkAt;
    if (stop !== undefined && this.ctx.now >= stop) {
      this.stopIdle(p); // off for good: no wake-up
      return false;
    }
    const a = p.availability;
    if (a === undefined || a.isOpen(this.ctx.now)) return true;
    this.stopIdle(p);
    if (p.wake === undefined) p.wake = this.event(Kind.Wake, a.nextOpen(this.ctx.now), undefined, undefined, p);
    return false;
  }

  private stopIdle(p: Person): void {
    if (p.idle) {
      p.idle = false;
      p.idleStamp++;
    }
  }

  private goIdle(p: Person): void {
    p.idle = true;
    p.idleStamp++;
    for (const d of p.desks) d.addIdle(p);
  }

  /** A free person takes the best waiting task of their own queue and their roles' queues. */
  private takeNext(p: Person): void {
    let best: SimTask | undefined = p.personal.peek();
    let from: Desk | undefined;
    for (const d of p.desks) {
      const k = d.queue.peek();
      if (k !== undefined && (best === undefined || k.priority > best.priority || (k.priority === best.priority && k.order < best.order))) {
        best = k;
        from = d;
      }
    }
    if (best === undefined) {
      if (!p.idle) this.goIdle(p);
      return;
    }
    if (!this.onDuty(p)) return;
    this.stopIdle(p);
    if (from) {
      from.queue.pop();
      from.queueLength!.add(this.ctx.now, -1);
    } else p.personal.pop();
    this.start(p, best);
  }

  private start(p: Person, k: SimTask): void {
    k.where = Where.Working;
    k.person = p;
    p.task = k;
    const now = this.ctx.now;
    // Work starts now: claim from the queue, or start a task assignment gave this person (the engine logs `start` for both).
    const claim = this.claimCmd;
    claim.taskId = k.id;
    claim.by = p.id;
    this.exec(k.c, claim);
    if (k.where !== Where.Working) return; // the claim closed it (cannot happen today; kept honest)
    k.startedAt = now;
    const node = k.node;
    const d = node.duration ? node.duration(seedSubstream(this.rng, this.opts.seed, STREAM.durations, k.c.idx, node.index, k.visit)) : 0;
    k.work = d;
    const end = p.availability ? p.availability.addWorkingTime(now, d) : now + d;
    k.done = this.event(Kind.Done, end, undefined, k, undefined);
  }

  private finishTask(k: SimTask): void {
    const p = k.person!;
    k.done = undefined;
    this.addBusy(p, k.startedAt, this.ctx.now);
    p.task = undefined;
    const c = k.c;
    this.route(c, k.node.routes);
    // A step without a form is completed with the one empty form (what the engine takes for none).
    let form: Record<string, unknown> = NO_FORM;
    if (k.node.form.length > 0) {
      form = {};
      for (const f of k.node.form) form[f.field] = f.draw ? f.draw(seedSubstream(this.rng, this.opts.seed, STREAM.caseData, c.idx, -1 - k.node.index, k.visit)) : f.placeholder;
    }
    const complete = this.completeCmd;
    complete.taskId = k.id;
    complete.by = p.id;
    complete.form = form;
    complete.checklist = k.node.checklist;
    this.exec(c, complete);
    this.freed.push(p);
  }

  /** Adds a person's work between `from` and `to` that falls inside the measurement window. */
  private addBusy(p: Person, from: number, to: number): void {
    const w = this.collector.windowStart;
    if (w !== w || to <= w) return;
    const a = Math.max(from, w);
    p.busyMs += p.availability ? p.availability.workingTimeBetween(a, to) : to - a;
  }
}
