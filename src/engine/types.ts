/**
 * The engine's data: a case's state, the commands that move it, and the effects a move asks for.
 *
 * The core is a pure function (see `execute`): it never reads a clock, a database or a random
 * source. The store applies the effects in the same transaction that saves the new state; the
 * simulator applies them to its virtual world. Everything is JSON-serialisable so the state can
 * live in one `jsonb` column.
 */
import type { CompiledProcess, EscalationAction, LocalizedText, TimeLimit } from '../model/types.ts';

export type CaseStatus = 'active' | 'completed' | 'cancelled' | 'failed';
export type SlaState = 'ok' | 'warning' | 'breached';

/** An SLA clock on a task or on the whole case. `generation` makes stale timer jobs harmless. */
export interface SlaClock {
  readonly calendar: string;
  /** Working-time clocks pause and shift on open time only. */
  readonly basis: 'elapsed' | 'working';
  readonly startedAt: number;
  readonly dueAt: number;
  readonly warnAt?: number;
  readonly state: SlaState;
  /** Escalation steps already fired. */
  readonly escalated: number;
  readonly generation: number;
  /** Set while paused (waiting for the customer): the instant the pause began. */
  readonly pausedAt?: number;
}

/** A token waiting at a node: a task, a timer, a service call or a sub-case. */
export interface Token {
  readonly id: string;
  readonly node: string;
  readonly since: number;
  /** The job this token waits for (timer or service call), if any. */
  readonly jobId?: string;
  /** The sub-case this token waits for (call step). */
  readonly childCaseId?: string;
}

export type TaskStatus = 'open' | 'claimed';

/** An open task of a human step (closed tasks leave the state; the store keeps them). */
export interface TaskState {
  readonly id: string;
  readonly node: string;
  readonly token: string;
  readonly role: string;
  readonly status: TaskStatus;
  readonly assignee?: string;
  readonly priority: number;
  readonly createdAt: number;
  readonly claimedAt?: number;
  readonly waitingForCustomer: boolean;
  readonly sla?: SlaClock;
}

/** What is known about the customer when a case starts (the customers issue fills it for real). */
export interface CaseCustomer {
  readonly id: string;
  readonly ownerId?: string;
  readonly tier?: string;
  /** Served before (earlier cases, membership cards or purchases): a returning customer (S01). */
  readonly returning?: boolean;
  /** Owed on prepaid cards, signed for, in cents: reception settles it first (S01). */
  readonly outstandingCents?: number;
}

/** A finished human step, kept for "same person as step X" and for FEEL (`steps.reception.by`). */
export interface StepResult {
  readonly by?: string;
  readonly at: number;
  readonly checklist?: ChecklistOutcome;
}

export interface ChecklistOutcome {
  readonly passed: boolean;
  readonly checked: readonly string[];
  readonly missingRequired: readonly string[];
  readonly optionalChecked: number;
  readonly score: number;
}

export interface CaseState {
  readonly id: string;
  readonly process: { readonly key: string; readonly version: number };
  readonly status: CaseStatus;
  readonly storeId?: string;
  readonly customer?: CaseCustomer;
  readonly priority: number;
  readonly data: Readonly<Record<string, unknown>>;
  readonly tokens: readonly Token[];
  /** Parallel joins: node id → ids of the incoming flows that have arrived. */
  readonly joins: Readonly<Record<string, readonly string[]>>;
  /** Open tasks, oldest first (an array: task ids are unique strings, which make poor object keys for V8). */
  readonly tasks: readonly TaskState[];
  readonly steps: Readonly<Record<string, StepResult>>;
  readonly sla?: SlaClock;
  readonly parent?: { readonly caseId: string; readonly token: string };
  readonly startedAt: number;
  readonly endedAt?: number;
  readonly outcome?: string;
}

/** Who issues a command: a staff member, or the system (workers, escalations). */
export type Actor = string | 'system';

export type Command =
  | {
      readonly type: 'start';
      readonly caseId: string;
      readonly data?: Readonly<Record<string, unknown>>;
      readonly storeId?: string;
      readonly customer?: CaseCustomer;
      readonly priority?: number;
      readonly parent?: { readonly caseId: string; readonly token: string };
      readonly by?: Actor;
    }
  | { readonly type: 'claim'; readonly taskId: string; readonly by: string }
  | { readonly type: 'release'; readonly taskId: string; readonly by: string }
  | {
      readonly type: 'complete';
      readonly taskId: string;
      readonly by: string;
      readonly form?: Readonly<Record<string, unknown>>;
      /** Checklist item id → checked. */
      readonly checklist?: Readonly<Record<string, boolean>>;
    }
  | { readonly type: 'reassign'; readonly taskId: string; readonly to: { readonly staffId: string } | { readonly role: string }; readonly by: Actor }
  | { readonly type: 'cancelTask'; readonly taskId: string; readonly by: Actor; readonly reason?: string }
  | { readonly type: 'waitForCustomer'; readonly taskId: string; readonly by: Actor }
  | { readonly type: 'customerResponded'; readonly taskId: string; readonly by: Actor }
  | { readonly type: 'timerDue'; readonly token: string }
  | { readonly type: 'slaDue'; readonly target: SlaTarget; readonly stage: SlaStage; readonly generation: number }
  | { readonly type: 'serviceResult'; readonly token: string; readonly ok: true; readonly result: unknown }
  | { readonly type: 'serviceResult'; readonly token: string; readonly ok: false; readonly error: string }
  | { readonly type: 'childEnded'; readonly token: string; readonly childCaseId: string; readonly status: CaseStatus; readonly data: Readonly<Record<string, unknown>>; readonly outcome?: string }
  | { readonly type: 'cancelCase'; readonly by: Actor; readonly reason?: string };

export type CommandType = Command['type'];

export type SlaTarget = { readonly task: string } | { readonly case: true };
/** `escalation:N` is the N-th escalation step (0-based). */
export type SlaStage = 'warning' | 'breach' | `escalation:${number}`;

/** A deferred piece of work for the runtime: timers, SLA points, service calls, sub-case results. */
export type JobSpec =
  | { readonly id: string; readonly kind: 'timer'; readonly dueAt: number; readonly caseId: string; readonly command: Command }
  | { readonly id: string; readonly kind: 'sla'; readonly dueAt: number; readonly caseId: string; readonly command: Command }
  | {
      readonly id: string;
      readonly kind: 'service';
      readonly dueAt: number;
      readonly caseId: string;
      readonly token: string;
      readonly request: ServiceRequest;
    }
  | { readonly id: string; readonly kind: 'deliver'; readonly dueAt: number; readonly caseId: string; readonly command: Command };

export interface ServiceRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly backoff: { readonly initialMs: number; readonly factor: number; readonly maxMs: number };
}

/** XES-style lifecycle transitions (IEEE 1849 standard lifecycle model). */
export type Lifecycle =
  | 'schedule'
  | 'assign'
  | 'reassign'
  | 'start'
  | 'suspend'
  | 'resume'
  | 'complete'
  | 'withdraw'
  | 'ate_abort'
  | 'pi_abort'
  | 'autoskip';

/** One entry of the append-only event log. Activity is the node id; names come from the definition. */
export interface LogEvent {
  readonly caseId: string;
  /** What the event is about: a step (task/timer/service/call/gateway), the case, or an SLA clock. */
  readonly scope: 'step' | 'case' | 'sla';
  readonly activity: string;
  readonly lifecycle: Lifecycle | 'warning' | 'breach' | 'escalation' | 'data';
  readonly at: number;
  readonly resource?: string;
  readonly taskId?: string;
  readonly attrs?: Readonly<Record<string, unknown>>;
}

export type Effect =
  | { readonly type: 'task.opened'; readonly caseId: string; readonly task: TaskState }
  | { readonly type: 'task.changed'; readonly caseId: string; readonly task: TaskState }
  | {
      readonly type: 'task.closed';
      readonly caseId: string;
      readonly task: TaskState;
      readonly outcome: 'completed' | 'cancelled';
      readonly by?: Actor;
      readonly at: number;
      readonly result?: Readonly<Record<string, unknown>>;
    }
  | { readonly type: 'job.schedule'; readonly job: JobSpec }
  | { readonly type: 'job.cancel'; readonly jobId: string }
  | { readonly type: 'event'; readonly event: LogEvent }
  /** Ask the store to pick a person by duty rotation or load, then reassign the task to them. */
  | { readonly type: 'assign.request'; readonly caseId: string; readonly taskId: string; readonly role: string; readonly strategy: 'rotation' | 'leastLoaded' }
  | {
      readonly type: 'notify';
      readonly caseId: string;
      readonly to: { readonly role: string } | { readonly staffId: string };
      readonly reason: 'sla.warning' | 'sla.breach' | 'escalation' | 'task.assigned';
      readonly taskId?: string;
      readonly message?: LocalizedText;
    }
  | {
      readonly type: 'case.startChild';
      readonly parentCaseId: string;
      readonly token: string;
      readonly childCaseId: string;
      readonly process: string;
      readonly data: Readonly<Record<string, unknown>>;
      readonly storeId?: string;
      readonly customer?: CaseCustomer;
    }
  /** Cancel a sub-case because its parent was cancelled. */
  | { readonly type: 'case.cancelChild'; readonly childCaseId: string }
  | { readonly type: 'case.ended'; readonly caseId: string; readonly status: CaseStatus; readonly outcome?: string; readonly at: number };

/** Fresh ids (the store gives UUIDs; tests and the simulator give counters). */
export interface IdSource {
  next(prefix: string): string;
}

/** Calendar arithmetic the engine needs (implemented by src/calendar). */
export interface CalendarClock {
  /** `t` plus a time limit on this calendar. */
  add(t: number, limit: TimeLimit): number;
  /** `t` minus a time limit on this calendar (warning "2 working hours before"). */
  subtract(t: number, limit: TimeLimit): number;
  /** Open time between two instants (pausing an SLA on working time). */
  workingBetween(a: number, b: number): number;
  /** `t` plus an amount of open time. */
  addWorking(t: number, ms: number): number;
}

export interface EngineContext {
  readonly now: number;
  readonly ids: IdSource;
  /** Resolves a calendar by name ("default" and the process calendar always resolve). */
  readonly calendar: (name: string) => CalendarClock;
  /**
   * `false`: build no `event` effects (the log) — for a caller that does not keep the log, like
   * the simulator without `collectLog`. Every other effect and the state are the same.
   */
  readonly events?: boolean;
  /**
   * `true`: change the given state (and its collections) in place and return it, instead of
   * copying what changes. Only for a caller that owns the state, keeps no older reference to it
   * and treats a refusal as fatal (a refused command may leave it partly changed) — the
   * simulator. Results are otherwise identical (`engine.in-place.property.test.ts`). The result
   * object and its effects array are reused by the next in-place `execute` with the same
   * context: read (or copy) them before that call.
   */
  readonly inPlace?: boolean;
}

export interface EngineResult {
  readonly state: CaseState;
  readonly effects: readonly Effect[];
}

export type { CompiledProcess, EscalationAction };
