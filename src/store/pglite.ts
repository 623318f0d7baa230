import { join } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { lockDataDir, type DataDirLock } from './datadir-lock.ts';
import type { Db, QueryOptions, QueryResult, Queryable, Tx } from './db.ts';

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
 * - Named (hot) statements are PREPAREd once per session and run as `EXECUTE name(literals)`.
 *   PGlite's `query()` speaks the extended protocol as five separate calls into the WASM backend
 *   (parse, describe, bind, describe, execute) and re-plans every time; one simple-protocol
 *   EXECUTE of a prepared plan is about three times faster for the command write. Parameters
 *   become E'' literals (`literal` below) — safe because every backslash and quote is escaped
 *   and the database is UTF-8 only. PREPARE is not transactional, so a prepared statement
 *   survives a rollback; a search_path change re-plans it.
 */

export interface PgliteOptions {
  /** Directory for the files (the database lives in `<dir>/pgdata`); absent = in memory. */
  readonly dataDir?: string;
  /** Put every table in this schema (tests share one instance between cases). */
  readonly schema?: string;
}

/** A parameter as an SQL literal for EXECUTE (see the module comment). */
export function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'bigint') return v.toString();
  const text = v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return `E'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function wrap(q: Pick<PGlite | Transaction, 'query' | 'exec'>, prepared: Map<string, string>): Queryable {
  return {
    async query<R>(sql: string, params: readonly unknown[] = [], opts?: QueryOptions): Promise<QueryResult<R>> {
      if (opts?.name === undefined) {
        const r = await q.query<R>(sql, params as unknown[]);
        return { rows: r.rows, rowCount: Math.max(r.affectedRows ?? 0, r.rows.length) };
      }
      if (!/^[a-z_][a-z0-9_]*$/.test(opts.name)) throw new Error(`bad statement name "${opts.name}"`);
      // Only statements known to be prepared are EXECUTEd alone. A first use PREPAREs under a
      // fresh unique name in the same call (PostgreSQL has no PREPARE IF NOT EXISTS); two first
      // uses at once simply prepare two copies, and one is kept. Waiting for another caller's
      // PREPARE instead could deadlock: it may be queued behind the transaction we are in.
      const known = prepared.get(opts.name);
      const args = params.length > 0 ? `(${params.map(literal).join(', ')})` : '';
      let results;
      if (known !== undefined) results = await q.exec(`EXECUTE ${known}${args}`);
      else {
        const actual = `${opts.name}_${++prepareCount}`;
        results = await q.exec(`PREPARE ${actual} AS ${sql};\nEXECUTE ${actual}${args}`);
        if (!prepared.has(opts.name)) prepared.set(opts.name, actual);
      }
      const r = results.at(-1)!;
      return { rows: r.rows as R[], rowCount: Math.max(r.affectedRows ?? 0, r.rows.length) };
    },
    async exec(sql: string): Promise<void> {
      await q.exec(sql);
    },
  };
}

// Statements PREPAREd in each PGlite session (one session per instance): name → prepared name.
const preparedBySession = new WeakMap<PGlite, Map<string, string>>();
let prepareCount = 0;

/**
 * Wraps a PGlite instance that is already open (tests share one instance between schemas).
 * `onClose` runs when the handle closes; the instance itself is closed only by `openPglite`'s handle.
 */
export function pgliteDb(pg: PGlite, onClose: () => Promise<void> = async () => {}): Db {
  let prepared = preparedBySession.get(pg);
  if (prepared === undefined) preparedBySession.set(pg, (prepared = new Map()));
  const base = wrap(pg, prepared);
  return {
    backend: 'pglite',
    query: base.query,
    exec: base.exec,
    transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return pg.transaction((t) => fn({ ...wrap(t, prepared), inTransaction: true }));
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
