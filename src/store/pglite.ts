import { join } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { lockDataDir, type DataDirLock } from './datadir-lock.ts';
import type { Db, QueryResult, Queryable, Tx } from './db.ts';

/**
 * The PGlite adapter: every difference between embedded PGlite and a PostgreSQL server is here.
 *
 * - PGlite is ONE connection in this process. Its `transaction()` holds a mutex for the whole
 *   callback, so transactions (and lone queries) queue up behind each other instead of
 *   interleaving on the one session; a thrown error rolls the transaction back before the next
 *   one starts. We lean on that queue rather than adding our own: a second queue in front of
 *   PGlite's would only add a hop.
 * - Only one process may open the files: a pid lock file guards the directory (datadir-lock.ts).
 * - Value conversion already matches `postgres.ts`: int8 → number, timestamptz → Date,
 *   jsonb → objects; strings are passed through, so callers hand jsonb in as JSON text.
 */

export interface PgliteOptions {
  /** Directory for the files (the database lives in `<dir>/pgdata`); absent = in memory. */
  readonly dataDir?: string;
  /** Put every table in this schema (tests share one instance between cases). */
  readonly schema?: string;
}

function wrap(q: Pick<PGlite | Transaction, 'query' | 'exec'>): Queryable {
  return {
    // PGlite has no statement cache to name into: `opts.name` is for the server only.
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const r = await q.query<R>(sql, params as unknown[]);
      return { rows: r.rows, rowCount: Math.max(r.affectedRows ?? 0, r.rows.length) };
    },
    async exec(sql: string): Promise<void> {
      await q.exec(sql);
    },
  };
}

/**
 * Wraps a PGlite instance that is already open (tests share one instance between schemas).
 * `onClose` runs when the handle closes; the instance itself is closed only by `openPglite`'s handle.
 */
export function pgliteDb(pg: PGlite, onClose: () => Promise<void> = async () => {}): Db {
  const base = wrap(pg);
  return {
    backend: 'pglite',
    query: base.query,
    exec: base.exec,
    transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return pg.transaction((t) => fn({ ...wrap(t), inTransaction: true }));
    },
    close: onClose,
  };
}

/** Opens (creating if needed) an embedded PGlite database, locked to this process. */
export async function openPglite(opts: PgliteOptions = {}): Promise<Db> {
  let lock: DataDirLock | undefined;
  let pg: PGlite;
  if (opts.dataDir !== undefined) {
    lock = lockDataDir(opts.dataDir);
    try {
      pg = await PGlite.create(join(opts.dataDir, 'pgdata'));
    } catch (e) {
      lock.release();
      throw e;
    }
  } else pg = await PGlite.create();
  if (opts.schema !== undefined) {
    if (!/^[a-z_][a-z0-9_]*$/.test(opts.schema)) throw new Error(`bad schema name "${opts.schema}"`);
    // One session: the search path set here holds for every later statement.
    await pg.exec(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}; SET search_path TO ${opts.schema}`);
  }
  return pgliteDb(pg, async () => {
    try {
      if (!pg.closed) await pg.close();
    } finally {
      lock?.release();
    }
  });
}
