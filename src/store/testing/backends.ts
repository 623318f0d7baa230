import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe } from 'vitest';
import { migrate } from '../migrate.ts';
import { pgliteDb } from '../pglite.ts';
import { openPostgres } from '../postgres.ts';
import type { Db } from '../db.ts';

/**
 * One test suite, every backend: store tests run on PGlite always, and on the PostgreSQL server
 * named by SERVFLOW_TEST_PG when it is set and reachable. Each test gets its own schema, so
 * tests on one server (or one PGlite instance) never see each other's rows.
 *
 * SERVFLOW_REQUIRE_PG=1 (CI) turns an unset or unreachable server into a failure instead of a skip.
 */

export const PG_URL = process.env.SERVFLOW_TEST_PG;
const REQUIRE = process.env.SERVFLOW_REQUIRE_PG === '1';

async function probe(): Promise<string | undefined> {
  if (PG_URL === undefined || PG_URL === '') return 'SERVFLOW_TEST_PG is not set';
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 5_000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return undefined;
  } catch (e) {
    return `cannot reach ${PG_URL}: ${(e as Error).message}`;
  } finally {
    await c.end().catch(() => {});
  }
}

const why = await probe();
if (why !== undefined) {
  if (REQUIRE) throw new Error(`SERVFLOW_REQUIRE_PG=1 but the PostgreSQL server is unavailable (${why})`);
  console.warn(`\n[servflow store tests] PostgreSQL backend SKIPPED: ${why}. PGlite tests still run. Set SERVFLOW_TEST_PG=postgres://postgres@127.0.0.1:5432/test to run them on a server too.\n`);
}
/** True when the PostgreSQL server is there to test on. */
export const pgAvailable = why === undefined;

/** A fresh, unique schema name for one test. */
export function schemaName(): string {
  return `sf_t_${randomBytes(6).toString('hex')}`;
}

export interface TestBackend {
  readonly name: 'pglite' | 'postgres';
  /** A fresh database (own schema), migrated unless `migrated: false`. */
  fresh(opts?: { migrated?: boolean; poolSize?: number }): Promise<Db>;
  /** Another handle on the same schema as `fresh()` made last (a second node): postgres only. */
  another(opts?: { poolSize?: number }): Promise<Db>;
  /** Connection details of the last fresh database (postgres only), for child processes. */
  readonly last: { url?: string; schema?: string };
}

let sharedPglite: Promise<PGlite> | undefined;

/**
 * A fresh PGlite runs initdb, which takes 3–12 s on a busy 2-core machine; loading a copy of an
 * empty cluster takes a fraction of that. The first test file to need one saves the copy in
 * the temp directory (per PGlite version); the others load it.
 */
function templatePath(): string {
  const manifest = new URL('../../../node_modules/@electric-sql/pglite/package.json', import.meta.url);
  const version = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version : 'unknown';
  return join(tmpdir(), `servflow-test-pglite-${version}.tar`);
}

async function bootPglite(): Promise<PGlite> {
  const path = templatePath();
  if (existsSync(path)) {
    try {
      return await PGlite.create({ loadDataDir: new Blob([readFileSync(path)]) });
    } catch {
      /* a damaged copy: make a new one below */
    }
  }
  const pg = await PGlite.create();
  const dump = Buffer.from(await (await pg.dumpDataDir('none')).arrayBuffer());
  const temp = `${path}.${process.pid}`;
  writeFileSync(temp, dump);
  renameSync(temp, path);
  return pg;
}

/**
 * Fills an on-disk data directory (`<dir>/pgdata`, as `openPglite` lays it out) from the empty
 * cluster copy, so a test's child process skips initdb.
 */
export async function seedPgliteDir(dir: string): Promise<void> {
  if (!existsSync(templatePath())) await (await bootPglite()).close();
  const pg = await PGlite.create(join(dir, 'pgdata'), { loadDataDir: new Blob([readFileSync(templatePath())]) });
  await pg.close();
}

function pgliteBackend(opened: Db[]): TestBackend {
  const last: { url?: string; schema?: string } = {};
  return {
    name: 'pglite',
    last,
    async fresh(opts = {}) {
      // PGlite takes seconds to boot: one instance per test file, one schema per test. It is one
      // session, so the search path set here holds until the next test sets its own.
      sharedPglite ??= bootPglite();
      const inst = await sharedPglite;
      const schema = schemaName();
      await inst.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
      const db = pgliteDb(inst);
      if (opts.migrated !== false) await migrate(db);
      opened.push(db);
      return db;
    },
    another() {
      throw new Error('PGlite serves one process: there is no second node to open');
    },
  };
}

function postgresBackend(opened: Db[], schemas: string[]): TestBackend {
  const last: { url?: string; schema?: string } = {};
  return {
    name: 'postgres',
    last,
    async fresh(opts = {}) {
      const schema = schemaName();
      schemas.push(schema);
      const db = await openPostgres({ url: PG_URL!, schema, max: opts.poolSize ?? 4 });
      opened.push(db);
      last.url = PG_URL;
      last.schema = schema;
      if (opts.migrated !== false) await migrate(db);
      return db;
    },
    async another(opts = {}) {
      if (last.schema === undefined) throw new Error('call fresh() first');
      const db = await openPostgres({ url: PG_URL!, schema: last.schema, max: opts.poolSize ?? 4 });
      opened.push(db);
      return db;
    },
  };
}

async function dropSchemas(schemas: string[]): Promise<void> {
  if (schemas.length === 0) return;
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    for (const s of schemas.splice(0)) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  } finally {
    await c.end();
  }
}

/**
 * `describe` once per backend: `describeBackends('cases', (b) => { it(…, async () => { const db = await b.fresh(); … }) })`.
 * Handles opened through `b` are closed (and server schemas dropped) after the block.
 */
export function describeBackends(name: string, fn: (b: TestBackend) => void, opts: { only?: 'postgres' } = {}): void {
  if (opts.only === undefined) {
    describe(`${name} [pglite]`, () => {
      const opened: Db[] = [];
      afterAll(async () => {
        for (const db of opened.splice(0)) await db.close();
      });
      fn(pgliteBackend(opened));
    });
  }
  describe.skipIf(!pgAvailable)(`${name} [postgres]${pgAvailable ? '' : ' (skipped: no PostgreSQL server, see SERVFLOW_TEST_PG)'}`, () => {
    const opened: Db[] = [];
    const schemas: string[] = [];
    afterAll(async () => {
      for (const db of opened.splice(0)) await db.close();
      await dropSchemas(schemas);
    });
    fn(postgresBackend(opened, schemas));
  });
}
