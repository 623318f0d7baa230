import { randomUUID } from 'node:crypto';
import { clockFromSpec } from './calendars.ts';
import { GroupCommit, type GroupCommitOptions } from './group-commit.ts';
import type { Db } from './db.ts';
import type { CalendarSpec } from '../calendar/spec.ts';
import type { CalendarClock, CompiledProcess, IdSource } from '../engine/types.ts';

/**
 * The store handle: the database plus what lives beside it in memory — immutable published
 * definitions and calendar arithmetic, cached — and the injected id source. One per process,
 * made in the composition root; repositories take it (or a bare `Db`/`Tx`) first.
 */
export interface Store {
  readonly db: Db;
  readonly ids: IdSource;
  /** Turns a stored calendar spec into the engine's calendar arithmetic. */
  readonly calendarClock: (spec: CalendarSpec) => CalendarClock;
  /** Published definitions by `org/key/version`: they never change, so they are cached for good. */
  readonly definitions: Map<string, CompiledProcess>;
  /** Calendar resolvers by `org/store`, valid while the stored revisions match. */
  readonly calendars: Map<string, CachedCalendars>;
  /**
   * Commands first try the optimistic path (read, then one version-checked write statement)
   * and fall back to locking the case; false always locks (see executeCommand).
   */
  readonly optimistic: boolean;
  /** Callbacks told when a committed command scheduled a job (local workers wake up at once). */
  readonly jobListeners: Set<(dueAt: number) => void>;
  /**
   * Batches the optimistic path's writes (group-commit.ts). Used only while `groupCommit.db` is
   * this store's `db`: a copy of the store joined to a transaction writes inside it, unbatched.
   */
  readonly groupCommit?: GroupCommit;
}

export interface CachedCalendars {
  readonly orgRev: number;
  readonly storeRev: number;
  readonly resolve: (name: string) => CalendarClock;
}

/** Ids in production: random UUIDs (the prefix is for readable test ids only). */
export const uuidIds: IdSource = { next: () => randomUUID() };

export interface StoreOptions {
  readonly ids?: IdSource;
  readonly calendarClock?: (spec: CalendarSpec) => CalendarClock;
  /** Default true. */
  readonly optimistic?: boolean;
  /** Group commit of optimistic writes: default on; false sends each write alone. */
  readonly groupCommit?: boolean | GroupCommitOptions;
}

/** Makes the store handle for a database (migrate it first, see `migrate`). */
export function createStore(db: Db, opts: StoreOptions = {}): Store {
  return {
    db,
    ids: opts.ids ?? uuidIds,
    calendarClock: opts.calendarClock ?? clockFromSpec,
    definitions: new Map(),
    calendars: new Map(),
    optimistic: opts.optimistic ?? true,
    jobListeners: new Set(),
    groupCommit: opts.groupCommit === false ? undefined : new GroupCommit(db, opts.groupCommit === true ? {} : opts.groupCommit),
  };
}

/** Registers a callback for newly scheduled jobs; returns the unsubscribe function. */
export function onJobsScheduled(store: Store, fn: (dueAt: number) => void): () => void {
  store.jobListeners.add(fn);
  return () => store.jobListeners.delete(fn);
}
