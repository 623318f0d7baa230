import type { Db } from '../../store/db.ts';
import type { LocalizedText } from '../../model/types.ts';
import { definitionOf, nodeOf } from '../views/definitions-cache.ts';

/** A task change pushed to browsers. */
export interface TaskChange {
  readonly type: 'task';
  readonly orgId: string;
  readonly seq: number;
  readonly lifecycle: string;
  readonly taskId: string;
  readonly caseId: string;
  readonly node: string;
  readonly role: string | null;
  readonly storeId: string | null;
  readonly assignee: string | null;
  readonly stepName: LocalizedText | null;
}

export interface Feed {
  /** Registers a listener; the poller runs while at least one is registered. Returns the unsubscribe. */
  subscribe(fn: (c: TaskChange) => void): () => void;
  /** Stops polling for good (server shutdown). */
  close(): void;
}

/**
 * One poller per process reads new rows of the append-only event log (`seq` is its primary key,
 * so "everything after the last seq" is an index range scan) and fans task events out to the
 * browsers connected to this process. Because the log is shared, this works the same with
 * several servflow processes on one PostgreSQL: each polls the log, and a task opened by any
 * of them reaches every browser. Rejected: LISTEN/NOTIFY (needs a dedicated connection per
 * process and a NOTIFY in the store's transaction, which is not this module's to add) and
 * in-process hooks on the store (miss changes made by other processes).
 */
export function createFeed(db: Db, opts: { intervalMs?: number; batch?: number } = {}): Feed {
  const interval = opts.intervalMs ?? 1000;
  const batch = opts.batch ?? 500;
  const listeners = new Set<(c: TaskChange) => void>();
  let last: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let running = false;

  const poll = async () => {
    if (running) return;
    running = true;
    try {
      if (last === undefined) last = Number((await db.query<{ s: string | null }>(`SELECT max(seq) AS s FROM events`)).rows[0]?.s ?? 0);
      // The upper bound is read first: rows are then taken from (last, top], so nothing
      // committed between the two statements is skipped. A sequence value can still commit
      // late (a slow transaction holding seq 10 while 11 commits); the inbox also refreshes
      // every minute, which bounds what such a straggler can delay.
      const top = Number((await db.query<{ s: string | null }>(`SELECT max(seq) AS s FROM events`)).rows[0]?.s ?? 0);
      let cursor: number = last;
      while (cursor < top) {
        const r = await db.query<{ seq: string; org_id: string; case_id: string; process_key: string; process_version: number; activity: string; lifecycle: string; task_id: string; role: string | null; store_id: string | null; assignee: string | null }>(
          `SELECT e.seq, e.org_id, e.case_id, e.process_key, e.process_version, e.activity, e.lifecycle, e.task_id, t.role, t.store_id, t.assignee
             FROM events e LEFT JOIN tasks t ON t.id = e.task_id
            WHERE e.seq > $1 AND e.seq <= $2 AND e.task_id IS NOT NULL AND e.scope = 'step' ORDER BY e.seq LIMIT $3`,
          [cursor, top, batch],
        );
        for (const row of r.rows) {
          const def = await definitionOf(db, row.org_id, row.process_key, row.process_version);
          const change: TaskChange = {
            type: 'task',
            orgId: row.org_id,
            seq: Number(row.seq),
            lifecycle: row.lifecycle,
            taskId: row.task_id,
            caseId: row.case_id,
            node: row.activity,
            role: row.role,
            storeId: row.store_id,
            assignee: row.assignee,
            stepName: nodeOf(def, row.activity)?.name ?? null,
          };
          for (const l of listeners) l(change);
        }
        cursor = r.rows.length === batch ? Number(r.rows.at(-1)!.seq) : top;
        last = cursor;
      }
    } catch {
      // A failed poll (database busy, restarting) is retried at the next tick.
    } finally {
      running = false;
    }
  };

  const schedule = () => {
    if (closed || listeners.size === 0 || timer !== undefined) return;
    timer = setTimeout(async () => {
      await poll();
      timer = undefined;
      schedule();
    }, interval);
  };

  return {
    subscribe(fn) {
      listeners.add(fn);
      if (last === undefined) void poll();
      schedule();
      return () => {
        listeners.delete(fn);
      };
    },
    close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      listeners.clear();
    },
  };
}
