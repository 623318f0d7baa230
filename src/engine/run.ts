import { EngineError } from './errors.ts';
import type {
  CaseState,
  CaseStatus,
  CompiledProcess,
  Effect,
  EngineContext,
  LogEvent,
  SlaClock,
  StepResult,
  TaskState,
  Token,
} from './types.ts';
import type { Flow, ProcessNode } from '../model/types.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const NO_EXTRA: Partial<Token> = Object.freeze({});

/** How many nodes one command may pass through before we call it a loop without a wait state. */
const STEP_LIMIT = 1_000;

/** Behaviour of one node kind when a token arrives on `via` (see behaviors/index.ts). */
export interface NodeBehavior<N extends ProcessNode = ProcessNode> {
  enter(run: Run, node: N, via: Flow | undefined): void;
}

/**
 * A mutable working copy of one case for the duration of one command.
 *
 * `execute` is pure from the outside: it copies what it changes into a Run, mutates the copy,
 * and returns a fresh state. Mutating a private copy (rather than spreading immutable objects
 * at every step) keeps the core fast enough for the simulator, which runs millions of commands.
 */
export class Run {
  status: CaseStatus;
  data: Record<string, unknown>;
  tokens: Token[];
  joins: Record<string, string[]>;
  tasks: TaskState[];
  steps: Record<string, StepResult>;
  sla: SlaClock | undefined;
  priority: number;
  endedAt: number | undefined;
  outcome: string | undefined;
  readonly effects: Effect[] = [];
  /** False when the caller wants no log events (`ctx.events === false`): call sites skip building them. */
  logging: boolean;
  private stepsTaken = 0;
  /** The result handed back; in place, the same object every command (see `EngineContext.inPlace`). */
  readonly result: { state: CaseState; effects: readonly Effect[] };

  constructor(
    public proc: CompiledProcess,
    public base: CaseState,
    readonly ctx: EngineContext,
    readonly behaviors: { readonly [K in ProcessNode['kind']]: NodeBehavior<Extract<ProcessNode, { kind: K }>> },
  ) {
    this.status = base.status;
    this.data = base.data as Record<string, unknown>;
    this.tokens = base.tokens as Token[];
    this.joins = base.joins as Record<string, string[]>;
    this.tasks = base.tasks as TaskState[];
    this.steps = base.steps as Record<string, StepResult>;
    this.sla = base.sla;
    this.priority = base.priority;
    this.endedAt = base.endedAt;
    this.outcome = base.outcome;
    this.logging = ctx.events !== false;
    this.result = { state: base, effects: this.effects };
    if (ctx.inPlace === true) {
      // The caller owns the state: its collections are changed where they are.
      this.copiedData = this.copiedTokens = this.copiedJoins = this.copiedTasks = this.copiedSteps = true;
    }
  }

  /**
   * In place only: makes this run the working copy of the next command, as a new Run would be
   * (every field set again, the effects emptied). The simulator runs millions of commands, and
   * a Run, its effects array and its result per command were a third of what it allocated.
   */
  reuse(proc: CompiledProcess, base: CaseState): this {
    this.proc = proc;
    this.base = base;
    this.status = base.status;
    this.data = base.data as Record<string, unknown>;
    this.tokens = base.tokens as Token[];
    this.joins = base.joins as Record<string, string[]>;
    this.tasks = base.tasks as TaskState[];
    this.steps = base.steps as Record<string, StepResult>;
    this.sla = base.sla;
    this.priority = base.priority;
    this.endedAt = base.endedAt;
    this.outcome = base.outcome;
    this.logging = this.ctx.events !== false;
    this.stepsTaken = 0;
    // Popped rather than `length = 0`, which is a runtime call and may give the backing store back.
    const effects = this.effects;
    while (effects.length > 0) effects.pop();
    return this;
  }

  // Copy-on-write: the first change to a collection copies it, so the input state stays untouched.
  // One flag per collection rather than a flags object: one allocation fewer per command.
  private copiedData = false;
  private copiedTokens = false;
  private copiedJoins = false;
  private copiedTasks = false;
  private copiedSteps = false;

  get now(): number {
    return this.ctx.now;
  }
  get caseId(): string {
    return this.base.id;
  }

  node(id: string): ProcessNode {
    const n = this.proc.nodes[id];
    if (n === undefined) throw new EngineError('BAD_COMMAND', `node "${id}" is not in ${this.proc.definition.key} v${this.proc.definition.version}`);
    return n;
  }

  /** The FEEL context: case data plus `customer`, `steps` and `priority`. */
  feelContext(): Record<string, unknown> {
    return { ...this.data, customer: this.base.customer ?? null, steps: this.steps, priority: this.priority };
  }

  setData(values: Readonly<Record<string, unknown>>): void {
    if (!this.copiedData) {
      this.data = { ...this.data };
      this.copiedData = true;
    }
    Object.assign(this.data, values);
  }

  addToken(node: string, extra: Partial<Token> = NO_EXTRA): Token {
    if (!this.copiedTokens) {
      this.tokens = [...this.tokens];
      this.copiedTokens = true;
    }
    // Spread only when there is something to spread: a token without extras is the common case.
    const id = this.ctx.ids.next('tok');
    const t: Token = extra === NO_EXTRA ? { id, node, since: this.now } : { id, node, since: this.now, ...extra };
    this.tokens.push(t);
    return t;
  }

  updateToken(t: Token): void {
    if (!this.copiedTokens) {
      this.tokens = [...this.tokens];
      this.copiedTokens = true;
    }
    this.tokens[indexById(this.tokens, t.id)] = t;
  }

  token(id: string): Token {
    const i = indexById(this.tokens, id);
    const t = i < 0 ? undefined : this.tokens[i];
    if (t === undefined) throw new EngineError('TOKEN_NOT_FOUND', `case ${this.caseId} is no longer waiting on ${id}`);
    return t;
  }

  removeToken(id: string): void {
    if (this.copiedTokens) {
      removeAt(this.tokens, indexById(this.tokens, id));
      return;
    }
    this.tokens = this.tokens.filter((x) => x.id !== id);
    this.copiedTokens = true;
  }

  putTask(task: TaskState): void {
    if (!this.copiedTasks) {
      this.tasks = this.tasks.slice();
      this.copiedTasks = true;
    }
    const i = indexById(this.tasks, task.id);
    if (i < 0) this.tasks.push(task);
    else this.tasks[i] = task;
  }

  dropTask(id: string): void {
    if (this.copiedTasks) {
      removeAt(this.tasks, indexById(this.tasks, id));
      return;
    }
    this.tasks = this.tasks.filter((t) => t.id !== id);
    this.copiedTasks = true;
  }

  /** The open task with this id, if any. */
  findTask(id: string): TaskState | undefined {
    const i = indexById(this.tasks, id);
    return i < 0 ? undefined : this.tasks[i];
  }

  task(id: string): TaskState {
    const t = this.findTask(id);
    if (t === undefined) throw new EngineError('TASK_NOT_OPEN', `task ${id} is not open in case ${this.caseId} (already completed, cancelled or unknown)`);
    return t;
  }

  putStep(node: string, r: StepResult): void {
    if (!this.copiedSteps) {
      this.steps = { ...this.steps };
      this.copiedSteps = true;
    }
    this.steps[node] = r;
  }

  arriveAtJoin(node: string, flow: string): string[] {
    if (!this.copiedJoins) {
      this.joins = { ...this.joins };
      this.copiedJoins = true;
    }
    const arrived = [...(this.joins[node] ?? []), flow];
    this.joins[node] = arrived;
    return arrived;
  }

  setJoin(node: string, arrived: string[]): void {
    if (!this.copiedJoins) {
      this.joins = { ...this.joins };
      this.copiedJoins = true;
    }
    if (arrived.length === 0) delete this.joins[node];
    else this.joins[node] = arrived;
  }

  emit(e: Effect): void {
    this.effects.push(e);
  }

  log(e: Omit<LogEvent, 'caseId' | 'at'>): void {
    if (!this.logging) return;
    // Built field by field: an object spread here was the engine's hottest line.
    const event: LogEvent = { caseId: this.base.id, scope: e.scope, activity: e.activity, lifecycle: e.lifecycle, at: this.ctx.now, resource: e.resource, taskId: e.taskId, attrs: e.attrs };
    this.effects.push({ type: 'event', event });
  }

  /** A token arrives at `to` over `via` (undefined for the start node). */
  enter(to: string, via: Flow | undefined): void {
    if (++this.stepsTaken > STEP_LIMIT)
      throw new EngineError('LOOP_LIMIT', `more than ${STEP_LIMIT} steps without waiting: the SOP loops through gateways only (last node "${to}")`);
    const node = this.node(to);
    // One call site per kind: each stays monomorphic (and can be inlined), where one site
    // indexing the table by kind was the engine's costliest line.
    const b = this.behaviors;
    switch (node.kind) {
      case 'human':
        return b.human.enter(this, node, via);
      case 'exclusive':
        return b.exclusive.enter(this, node, via);
      case 'parallel':
        return b.parallel.enter(this, node, via);
      case 'end':
        return b.end.enter(this, node, via);
      case 'timer':
        return b.timer.enter(this, node, via);
      case 'service':
        return b.service.enter(this, node, via);
      case 'call':
        return b.call.enter(this, node, via);
    }
  }

  /** Leaves a node by its (single, or given) outgoing flow. */
  leave(nodeId: string, flow?: Flow): void {
    const f = flow ?? unconditional(this.proc.outgoing[nodeId]);
    if (f === undefined) throw new EngineError('BAD_COMMAND', `node "${nodeId}" has no outgoing flow`);
    this.enter(f.to, f);
  }

  /** The case ends when nothing is waiting any more (all parallel branches reached an end). */
  completeIfDone(): void {
    if (this.status !== 'active' || this.tokens.length > 0) return;
    if (hasKeys(this.joins)) return;
    this.end('completed');
  }

  end(status: Exclude<CaseStatus, 'active'>, reason?: string): void {
    this.status = status;
    this.endedAt = this.now;
    if (this.sla) {
      this.emit({ type: 'job.cancel', jobId: slaJobId({ case: true }, 'breach', this.sla.generation, this.caseId) });
      if (this.sla.warnAt !== undefined) this.emit({ type: 'job.cancel', jobId: slaJobId({ case: true }, 'warning', this.sla.generation, this.caseId) });
    }
    const lifecycle = status === 'completed' ? 'complete' : 'pi_abort';
    if (this.logging) this.log({ scope: 'case', activity: this.proc.definition.key, lifecycle, attrs: reason ? { status, reason, outcome: this.outcome } : { status, outcome: this.outcome } });
    this.emit({ type: 'case.ended', caseId: this.caseId, status, outcome: this.outcome, at: this.now });
    const parent = this.base.parent;
    if (parent) {
      this.emit({
        type: 'job.schedule',
        job: {
          id: `${this.caseId}:ended`,
          kind: 'deliver',
          dueAt: this.now,
          caseId: parent.caseId,
          command: { type: 'childEnded', token: parent.token, childCaseId: this.caseId, status, data: this.data, outcome: this.outcome },
        },
      });
    }
  }

  finish(): CaseState {
    const b = this.base;
    if (this.ctx.inPlace === true) {
      const m = b as Mutable<CaseState>;
      m.status = this.status;
      m.priority = this.priority;
      m.data = this.data;
      m.tokens = this.tokens;
      m.joins = this.joins;
      m.tasks = this.tasks;
      m.steps = this.steps;
      m.sla = this.sla;
      m.endedAt = this.endedAt;
      m.outcome = this.outcome;
      this.result.state = b;
      return b;
    }
    return (this.result.state = {
      id: b.id,
      process: b.process,
      status: this.status,
      storeId: b.storeId,
      customer: b.customer,
      priority: this.priority,
      data: this.data,
      tokens: this.tokens,
      joins: this.joins,
      tasks: this.tasks,
      steps: this.steps,
      sla: this.sla,
      parent: b.parent,
      startedAt: b.startedAt,
      endedAt: this.endedAt,
      outcome: this.outcome,
    });
  }
}

/** The first flow without a condition. */
function unconditional(flows: readonly Flow[] | undefined): Flow | undefined {
  if (flows === undefined) return undefined;
  for (let i = 0; i < flows.length; i++) if (flows[i]!.when === undefined) return flows[i];
  return undefined;
}

/** Index of the element with this id, -1 if none (a loop: `findIndex` with a closure allocates per call). */
function indexById(xs: readonly { readonly id: string }[], id: string): number {
  for (let i = 0; i < xs.length; i++) if (xs[i]!.id === id) return i;
  return -1;
}

/** Removes element `i` (if any), keeping the order; unlike `splice` it builds no array of removed elements. */
function removeAt<T>(xs: T[], i: number): void {
  if (i < 0) return;
  for (let j = i + 1; j < xs.length; j++) xs[j - 1] = xs[j]!;
  xs.pop();
}

/** True when the object has an own enumerable key (`Object.keys(o).length > 0` without the array). */
export function hasKeys(o: object): boolean {
  for (const k in o) if (Object.hasOwn(o, k)) return true;
  return false;
}

/** Stable job ids: a stale job (older generation) can be cancelled or ignored by id. */
export function slaJobId(target: { task: string } | { case: true }, stage: string, generation: number, caseId: string): string {
  const who = 'task' in target ? target.task : `${caseId}:case`;
  return `${who}:sla:${stage}:g${generation}`;
}
