import pg from 'pg';
import type { Db, QueryOptions, QueryResult, Tx } from './db.ts';

/**
 * The PostgreSQL-server adapter (node-postgres pool). Any number of servflow processes may
 * share one server: row locks, `SKIP LOCKED` and advisory locks coordinate them.
 */

export interface PostgresOptions {
  readonly url: string;
  /** Pool size; default 10. */
  readonly max?: number;
  /** Use this schema (created if missing) instead of `public`: one per test. */
  readonly schema?: string;
}

// int8 (count(*), bigserial) as a number, as PGlite does; our counters stay far below 2^53.
const INT8 = 20;
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 && format !== 'binary') return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/** Opens a pool on a PostgreSQL server. */
export async function openPostgres(opts: PostgresOptions): Promise<Db> {
  if (opts.schema !== undefined) {
    if (!/^[a-z_][a-z0-9_]*$/.test(opts.schema)) throw new Error(`bad schema name "${opts.schema}"`);
    const c = new pg.Client({ connectionString: opts.url });
    await c.connect();
    try {
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
    } finally {
      await c.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 10,
    types,
    ...(opts.schema !== undefined ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  // An idle client whose server connection drops must not crash the process: the pool replaces it.
  pool.on('error', (e) => console.error(`servflow: PostgreSQL connection lost (${e.message}); reconnecting on next use`));

  const run = async <R>(c: pg.Pool | pg.PoolClient, sql: string, params: readonly unknown[] = [], opts?: QueryOptions): Promise<QueryResult<R>> => {
    const r = opts?.name === undefined ? await c.query(sql, params as unknown[]) : await c.query({ name: opts.name, text: sql, values: params as unknown[] });
    return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
  };

  return {
    backend: 'postgres',
    query: (sql, params, o) => run(pool, sql, params, o),
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const tx: Tx = {
          inTransaction: true,
          query: (sql, params, o) => run(client, sql, params, o),
          async exec(sql) {
            await client.query(sql);
          },
        };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (e) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true; // connection gone: don't return it to the pool
        }
        throw e;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
