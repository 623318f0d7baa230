import { resolve } from 'node:path';
import type { Db } from './db.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

/** Where the embedded database lives when DATABASE_URL is not set. */
export function dataDirFrom(env: Readonly<Record<string, string | undefined>>, cwd = process.cwd()): string {
  return resolve(cwd, env.SERVFLOW_DATA ?? 'data');
}

/**
 * Opens the database the environment asks for: the PostgreSQL server at `DATABASE_URL`, else
 * embedded PGlite under `SERVFLOW_DATA` (default `./data`).
 */
export function openDatabase(env: Readonly<Record<string, string | undefined>> = process.env): Promise<Db> {
  const url = env.DATABASE_URL;
  if (url !== undefined && url !== '') return openPostgres({ url, max: Number(env.SERVFLOW_DB_POOL ?? 10) });
  return openPglite({ dataDir: dataDirFrom(env) });
}
