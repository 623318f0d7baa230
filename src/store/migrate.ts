import { readdirSync, readFileSync } from 'node:fs';
import { StoreError } from './errors.ts';
import type { Db } from './db.ts';

/**
 * Numbered, forward-only SQL migrations (`migrations/NNN_name.sql`). Published files are never
 * edited: a change is a new number.
 *
 * All pending files run in ONE transaction behind a transaction-scoped advisory lock, so several
 * nodes starting at once queue up and the later ones find nothing left to do; a failing file
 * leaves the schema as it was. Rejected: a session-level lock (it outlives a crashed migration
 * on a pooled connection) and "CREATE TABLE IF NOT EXISTS" everywhere (hides drift instead of
 * refusing it).
 */

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const DIR = new URL('./migrations/', import.meta.url);
// Arbitrary first key of the two-key advisory lock; the second is the schema, so test schemas
// on one server don't wait for each other.
const LOCK_KEY = 0x5e4f;

/** The migrations shipped with this code, in order. */
export function bundledMigrations(): Migration[] {
  return readdirSync(DIR)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f.slice(4, -4), sql: readFileSync(new URL(f, DIR), 'utf8') }));
}

export interface MigrateResult {
  /** Versions applied by this call (empty when the schema was already current). */
  readonly applied: readonly number[];
  readonly version: number;
}

/**
 * Brings the schema up to date, or refuses (SCHEMA_TOO_NEW) when the database was migrated by
 * a newer servflow than this one.
 */
export async function migrate(db: Db, migrations: readonly Migration[] = bundledMigrations()): Promise<MigrateResult> {
  const known = migrations.at(-1)?.version ?? 0;
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))', [LOCK_KEY]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL
    )`);
    const done = (await tx.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version')).rows;
    const newest = done.at(-1)?.version ?? 0;
    if (newest > known)
      throw new StoreError(
        'SCHEMA_TOO_NEW',
        `the database schema is at version ${newest} (${done.at(-1)?.name}), but this servflow knows versions up to ${known}: ` +
          `it was upgraded by a newer servflow. Run that version, or restore a backup taken before the upgrade.`,
      );
    const have = new Set(done.map((d) => d.version));
    const applied: number[] = [];
    for (const m of migrations) {
      if (have.has(m.version)) continue;
      await tx.exec(m.sql);
      // The database's own clock: when the schema changed is a fact about the database.
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [m.version, m.name]);
      applied.push(m.version);
    }
    return { applied, version: Math.max(newest, known) };
  });
}
