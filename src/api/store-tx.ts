import type { Db, Tx } from '../store/db.ts';
import type { Store } from '../store/store.ts';

/**
 * The store's command functions (`startCase`, `executeCommand`) open their own transaction.
 * The API needs their writes, its audit entries and its idempotency record to commit or roll
 * back TOGETHER, so inside an API write we hand them a store whose `db.transaction` joins the
 * transaction already open. Workers are woken only after our commit: the joined store collects
 * due times in its own listener set, and `wake()` passes them on once the data is visible.
 *
 * Rejected: auditing in a second transaction after the command (a crash in between loses the
 * audit entry of a committed change), and asking every store function for a `Tx` variant (the
 * store keeps one path per operation; this adapter costs nothing at run time).
 */
export interface JoinedStore {
  readonly store: Store;
  /** Tells the real store's job listeners about jobs the joined work scheduled. Call after COMMIT. */
  wake(): void;
}

/** A view of `store` whose transactions run inside `tx`. */
export function joinTransaction(store: Store, tx: Tx): JoinedStore {
  const dueTimes: number[] = [];
  const db: Db = {
    backend: store.db.backend,
    query: (sql, params, opts) => tx.query(sql, params, opts),
    exec: (sql) => tx.exec(sql),
    transaction: (fn) => fn(tx),
    close: () => Promise.reject(new Error('a joined transaction cannot close the database')),
  };
  const listeners = new Set<(dueAt: number) => void>([(t) => dueTimes.push(t)]);
  return {
    store: { ...store, db, jobListeners: listeners },
    wake() {
      if (dueTimes.length === 0) return;
      const earliest = Math.min(...dueTimes);
      for (const fn of store.jobListeners) fn(earliest);
    },
  };
}
