/**
 * The simulated world's moving parts: cases, tasks, people and the desks (role queues) they
 * work at. Plain mutable classes on purpose: the simulator touches them millions of times per
 * run and keeps them private; what leaves the simulator is the result summary and the log.
 */
import type { CaseState } from '../../engine/index.ts';
import { TaskHeap, type Queueable } from './task-heap.ts';
import type { TimeAverage } from '../stats/time-average.ts';
import type { QueuedEvent } from './event-queue.ts';
import type { PreparedNode, PreparedProcess } from './prepare.ts';
import type { JobSpec } from '../../engine/index.ts';

/** When a person works: a business calendar or roster (the shape of src/calendar's BusinessCalendar). */
export interface Availability {
  isOpen(t: number): boolean;
  nextOpen(t: number): number;
  addWorkingTime(t: number, ms: number): number;
  workingTimeBetween(a: number, b: number): number;
}

/** Where a task is: waiting to be placed, in a role queue, in a person's own queue, being worked on, closed. */
export const Where = { Pending: 0, RoleQueue: 1, PersonalQueue: 2, Working: 3, Closed: 4 } as const;
export type Where = (typeof Where)[keyof typeof Where];

export class SimCase {
  state!: CaseState;
  /** Visits per node index: keys the duration and routing substreams of each visit. */
  readonly visits: Int32Array;
  cost = 0;
  stepBreached = false;
  /** Customer tier (index into the model's tiers), -1 without tiers. */
  tier = -1;
  /** Open tasks (a case has one or two: a list beats a map keyed by task id). */
  readonly tasks: SimTask[] = [];
  parent: SimCase | undefined;
  constructor(
    readonly idx: number,
    readonly id: string,
    readonly prep: PreparedProcess,
    readonly arrivedAt: number,
    readonly measured: boolean,
    readonly root: SimCase | undefined,
  ) {
    this.visits = new Int32Array(prep.nodes.length);
  }
}

/**
 * A task as the simulator sees it. Closed tasks are handed out again for new ones (`reset`): a
 * tandem case opens five, and they were a sixth of what a case allocated. That is safe because
 * nothing reads a closed task: queue entries left behind are stale (the `version` only ever
 * grows, so an old entry never matches the task's next life), a cancelled finishing event is
 * never handled, and the replication recycles a task only after the event that closed it.
 */
export class SimTask implements Queueable {
  id!: string;
  c!: SimCase;
  node!: PreparedNode;
  /** The visit of its node this task is (keys its random draws). */
  visit = 0;
  createdAt = 0;
  priority = 0;
  order = 0;
  version = 0;
  where: Where = Where.Pending;
  status: 'open' | 'claimed' = 'open';
  assignee: string | undefined;
  role = '';
  /** The person working on it, or whose own queue holds it. */
  person: Person | undefined;
  /** The role queue holding it. */
  queuedAt: Desk | undefined;
  startedAt = Number.NaN;
  work = 0;
  done: SimEvent | undefined;

  /** Closed and settled: its queue entries turn stale, and what it referred to may be collected. */
  retire(): void {
    this.version++;
    this.c = undefined!;
    this.node = undefined!;
    this.person = undefined;
    this.queuedAt = undefined;
    this.done = undefined;
  }

  /** Makes this (new or closed) task a freshly opened one. */
  reset(
    id: string,
    c: SimCase,
    node: PreparedNode,
    visit: number,
    createdAt: number,
    order: number,
    priority: number,
    status: 'open' | 'claimed',
    assignee: string | undefined,
    role: string,
  ): this {
    this.id = id;
    this.c = c;
    this.node = node;
    this.visit = visit;
    this.createdAt = createdAt;
    this.order = order;
    this.priority = priority;
    this.version++;
    this.where = Where.Pending;
    this.status = status;
    this.assignee = assignee;
    this.role = role;
    this.person = undefined;
    this.queuedAt = undefined;
    this.startedAt = Number.NaN;
    this.work = 0;
    this.done = undefined;
    return this;
  }
}

export class Person {
  task: SimTask | undefined;
  readonly personal = new TaskHeap<SimTask>();
  /** Moves on whenever the person goes idle or stops being idle: stale idle-list entries are skipped. */
  idleStamp = 0;
  idle = false;
  wake: SimEvent | undefined;
  busyMs = 0;
  constructor(
    readonly id: string,
    readonly desks: Desk[],
    readonly availability: Availability | undefined,
    readonly costPerMs: number,
  ) {}
}

export class Desk {
  readonly queue = new TaskHeap<SimTask>();
  /** Queue length over time (the collector's, kept here to skip a lookup per change). */
  queueLength: TimeAverage | undefined;
  readonly people: Person[] = [];
  private idlePeople: Person[] = [];
  private idleStamps: number[] = [];
  private head = 0;
  rotation = 0;
  constructor(readonly role: string) {}

  addIdle(p: Person): void {
    this.idlePeople.push(p);
    this.idleStamps.push(p.idleStamp);
  }

  /** The longest-idle person still idle, removed from the list (the caller checks their roster). */
  takeIdle(): Person | undefined {
    while (this.head < this.idlePeople.length) {
      const p = this.idlePeople[this.head]!;
      const stamp = this.idleStamps[this.head]!;
      this.head++;
      if (this.head > 1024 && this.head * 2 > this.idlePeople.length) {
        this.idlePeople = this.idlePeople.slice(this.head);
        this.idleStamps = this.idleStamps.slice(this.head);
        this.head = 0;
      }
      if (p.idle && p.idleStamp === stamp) return p;
    }
    return undefined;
  }
}

/** What a future event is: a case arriving, an engine job (timer, SLA point, service answer, sub-case result), a person finishing a task, a person's shift starting. */
export const Kind = { Arrival: 0, Job: 1, Done: 2, Wake: 3 } as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

export interface SimEvent extends QueuedEvent {
  kind: Kind;
  job: JobSpec | undefined;
  /** The case a job is for (or whose child sends it a result). */
  c: SimCase | undefined;
  task: SimTask | undefined;
  person: Person | undefined;
}
