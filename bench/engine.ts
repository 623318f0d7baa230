/**
 * Engine benchmark (not a test): durable task completions per second for a 10-step SOP (ten
 * sequential human steps, queue assignment), on PGlite and on a PostgreSQL server, with 1 and 4
 * concurrent workers — next to the raw commit rate of the same database measured in the same
 * run (a transaction with one single-row INSERT and one UPDATE, same concurrency).
 *
 *   npm run bench:engine                       # both backends, 6 s per measurement
 *   npm run bench:engine -- --seconds 12 --rounds 4 --backend postgres --workers 1,4
 *
 * PostgreSQL: BENCH_PG_URL or DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test
 * (a scratch schema is created and dropped). PGlite: a temporary data directory on disk.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { end, human, proc } from '../src/engine/testing/build.ts';
import {
  addOrg,
  addStore,
  createStore,
  executeCommand,
  migrate,
  openPglite,
  openPostgres,
  publishDefinition,
  startCase,
  type Db,
  type Store,
  type Tx,
} from '../src/store/index.ts';
import type { CaseState } from '../src/engine/types.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '6' },
    rounds: { type: 'string', default: '3' },
    backend: { type: 'string', default: 'both' },
    workers: { type: 'string', default: '1,4' },
  },
});
// Each measurement is split into ROUNDS slices, interleaved (raw, optimistic, locking, raw, …),
// so a machine whose load changes during the run (shared CI) skews all three alike.
const ROUNDS = Number(args.rounds);
const SLICE = Number(args.seconds) / ROUNDS;
const WORKERS = args.workers!.split(',').map(Number);
const PG_URL = process.env.BENCH_PG_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const STEPS = 10;
const ORG = 'bench-org';
const SHOP = 'bench-shop';

const tenSteps = proc('ten-steps', [...Array.from({ length: STEPS }, (_, i) => human(`step${i + 1}`, 'clerk')), end('done')]);

/** Wraps a Db to count statements (round trips) — the number that sets the pace on a server. */
function counting(db: Db): { db: Db; count: () => number } {
  let n = 0;
  const wrapTx = (tx: Tx): Tx => ({
    inTransaction: true,
    query: (sql, p, o) => (n++, tx.query(sql, p, o)),
    exec: (sql) => (n++, tx.exec(sql)),
  });
  return {
    count: () => n,
    db: {
      backend: db.backend,
      query: (sql, p, o) => (n++, db.query(sql, p, o)),
      exec: (sql) => (n++, db.exec(sql)),
      // BEGIN and COMMIT are round trips too.
      transaction: (fn) => ((n += 2), db.transaction((tx) => fn(wrapTx(tx)))),
      close: () => db.close(),
    },
  };
}

async function forSeconds(workers: number, seconds: number, work: (w: number) => Promise<number>): Promise<{ ops: number; perSecond: number }> {
  const stopAt = Date.now() + seconds * 1000;
  const start = Date.now();
  const counts = await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      let ops = 0;
      while (Date.now() < stopAt) ops += await work(w);
      return ops;
    }),
  );
  const ops = counts.reduce((a, b) => a + b, 0);
  return { ops, perSecond: ops / ((Date.now() - start) / 1000) };
}

interface Rate {
  ops: number;
  seconds: number;
}
const rate = (r: Rate): number => r.ops / r.seconds;
const add = (a: Rate, ops: number, perSecond: number): Rate => ({ ops: a.ops + ops, seconds: a.seconds + ops / perSecond });

async function rawCommits(db: Db, workers: number): Promise<{ ops: number; perSecond: number }> {
  const r = await forSeconds(workers, SLICE, async () => {
    await db.transaction(async (tx) => {
      const id = (await tx.query<{ id: number }>(`INSERT INTO bench_raw (v, at) VALUES ($1, now()) RETURNING id`, [1], { name: 'bench_raw_i' })).rows[0]!.id;
      await tx.query(`UPDATE bench_raw SET v = v + 1 WHERE id = $1`, [id], { name: 'bench_raw_u' });
    });
    return 1;
  });
  return r;
}

async function completions(store: Store, workers: number, counter: () => number, seconds = SLICE): Promise<{ ops: number; perSecond: number; statementsPerCompletion: number }> {
  // Each worker drives its own cases: ten completions each, using the state the last command
  // returned to find the next task (as a client would).
  const now = Date.UTC(2026, 0, 5, 1, 0);
  const current: (CaseState | undefined)[] = Array.from({ length: workers });
  const startOne = async (w: number): Promise<CaseState> =>
    (current[w] = (await startCase(store, { orgId: ORG, process: 'ten-steps', storeId: SHOP }, { now, actor: 'bench' })).state);
  for (let w = 0; w < workers; w++) await startOne(w);
  let statements = 0;
  let counted = 0;
  const r = await forSeconds(workers, seconds, async (w) => {
    let state = current[w]!;
    if (state.status !== 'active') state = await startOne(w);
    const task = Object.values(state.tasks)[0]!;
    const before = counter();
    const out = await executeCommand(store, state.id, { type: 'complete', taskId: task.id, by: `clerk-${w}` }, { now, actor: `clerk-${w}` });
    if (workers === 1) {
      statements += counter() - before;
      counted++;
    }
    current[w] = out.state;
    return 1;
  });
  return { ops: r.ops, perSecond: r.perSecond, statementsPerCompletion: counted > 0 ? statements / counted : NaN };
}

async function seed(db: Db): Promise<void> {
  const now = Date.UTC(2026, 0, 5);
  await migrate(db);
  await addOrg(db, { id: ORG, name: 'bench' }, { now });
  await addStore(db, { id: SHOP, orgId: ORG, name: 'bench' }, { now });
  await publishDefinition(db, { orgId: ORG, definition: tenSteps.definition }, { now });
  await db.exec(`CREATE TABLE bench_raw (id bigserial PRIMARY KEY, v integer NOT NULL, at timestamptz NOT NULL)`);
}

interface Line {
  backend: string;
  path: 'optimistic' | 'locking';
  workers: number;
  completions: number;
  raw: number;
  statements: number;
}

async function benchBackend(name: string, open: (pool: number) => Promise<Db>, cleanup: () => Promise<void>): Promise<Line[]> {
  const lines: Line[] = [];
  const base = await open(Math.max(...WORKERS));
  try {
    await seed(base);
    const c = counting(base);
    const stores = { optimistic: createStore(c.db), locking: createStore(c.db, { optimistic: false }) };
    // Warm up: definitions and calendars cached, statements prepared on every connection.
    for (const store of Object.values(stores)) await completions(store, Math.max(...WORKERS), c.count, 1);
    await rawCommits(base, Math.max(...WORKERS));
    for (const workers of WORKERS) {
      let raw: Rate = { ops: 0, seconds: 0 };
      const paths = { optimistic: { ops: 0, seconds: 0 }, locking: { ops: 0, seconds: 0 } } as Record<'optimistic' | 'locking', Rate>;
      const stmts = { optimistic: NaN, locking: NaN };
      for (let round = 0; round < ROUNDS; round++) {
        const r = await rawCommits(base, workers);
        raw = add(raw, r.ops, r.perSecond);
        for (const path of ['optimistic', 'locking'] as const) {
          const done = await completions(stores[path], workers, c.count);
          paths[path] = add(paths[path], done.ops, done.perSecond);
          if (!Number.isNaN(done.statementsPerCompletion)) stmts[path] = done.statementsPerCompletion;
        }
      }
      for (const path of ['optimistic', 'locking'] as const) {
        const line = { backend: name, path, workers, completions: rate(paths[path]), raw: rate(raw), statements: stmts[path] };
        lines.push(line);
        print(line);
      }
    }
  } finally {
    await base.close();
    await cleanup();
  }
  return lines;
}

function print(l: Line): void {
  const pct = ((100 * l.completions) / l.raw).toFixed(0);
  const stmts = Number.isNaN(l.statements) ? '' : `  (${l.statements.toFixed(1)} round trips per completion incl. BEGIN/COMMIT)`;
  console.log(`${l.backend.padEnd(9)} ${l.path.padEnd(10)} ${String(l.workers).padStart(2)} worker(s): ${l.completions.toFixed(0).padStart(6)} completions/s   raw commits ${l.raw.toFixed(0).padStart(6)}/s   ratio ${pct.padStart(3)} %${stmts}`);
}

console.log(`servflow engine bench: ${STEPS}-step SOP, queue assignment, ${args.seconds} s per measurement in ${ROUNDS} interleaved slices, workers ${WORKERS.join(' and ')}`);
const all: Line[] = [];
if (args.backend === 'both' || args.backend === 'pglite') {
  const dir = mkdtempSync(join(tmpdir(), 'servflow-bench-'));
  all.push(
    ...(await benchBackend(
      'pglite',
      () => openPglite({ dataDir: dir }),
      async () => rmSync(dir, { recursive: true, force: true }),
    )),
  );
}
if (args.backend === 'both' || args.backend === 'postgres') {
  const schema = `bench_${process.pid}`;
  try {
    all.push(
      ...(await benchBackend(
        'postgres',
        (pool) => openPostgres({ url: PG_URL, schema, max: pool }),
        async () => {
          const c = new pg.Client({ connectionString: PG_URL });
          await c.connect();
          await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await c.end();
        },
      )),
    );
  } catch (e) {
    console.log(`postgres: skipped (${(e as Error).message})`);
  }
}
for (const goal of all.filter((l) => l.backend === 'postgres' && l.workers === 4))
  console.log(`goal (PostgreSQL, 4 workers, >= 50 % of raw commits), ${goal.path} path: ${((100 * goal.completions) / goal.raw).toFixed(0)} %`);
