import { expect, it } from 'vitest';
import { end, proc } from '../engine/testing/build.ts';
import { startCase } from '../store/index.ts';
import { describeBackends } from '../store/testing/backends.ts';
import { ORG, T0, seeded } from '../store/testing/fixtures.ts';
import { spawnTs } from '../store/testing/spawn.ts';
import type { Db } from '../store/index.ts';
import type { ProcessNode } from '../model/types.ts';

/**
 * The durability guarantees, shown with real processes on the PostgreSQL server: a worker killed
 * with SIGKILL loses and repeats nothing, and two workers share ten thousand jobs without firing
 * any twice. Everything is checked on the event log.
 */

const WORKER = new URL('./testing/worker-child.ts', import.meta.url);
const MIN = 60_000;

const timer = (id: string, minutes: number, next?: string): ProcessNode => ({
  kind: 'timer',
  id,
  name: { en: id },
  wait: { duration: { amount: minutes, unit: 'minutes', basis: 'elapsed' } },
  ...(next ? { next } : {}),
});

// Three timers in a row: the second is only scheduled when the first fired, and so on.
const chain = proc('chain', [timer('t1', 1), timer('t2', 1), timer('t3', 1), end('done')]);

// Twenty timers in parallel, joined: twenty jobs per case, all due together.
const FAN = 20;
const fanTimers = Array.from({ length: FAN }, (_, i) => timer(`f${i}`, 1, 'join'));
const fan = proc('fan', [{ kind: 'parallel', id: 'split', name: { en: 'split' }, to: fanTimers.map((t) => t.id) }, ...fanTimers, { kind: 'parallel', id: 'join', name: { en: 'join' } }, end('done')]);

async function count(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  return (await db.query<{ n: number }>(sql, params)).rows[0]!.n;
}

async function until(check: () => Promise<boolean>, what: string, limitMs = 120_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > limitMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describeBackends(
  'runtime: crashes and several processes',
  (b) => {
    it('loses and repeats nothing when a worker is killed with SIGKILL in the middle of a batch and another one restarts', async () => {
      const db = await b.fresh();
      const store = await seeded(db, { processes: [chain] });
      const CASES = 60;
      for (let i = 0; i < CASES; i++) await startCase(store, { orgId: ORG, process: 'chain' }, { now: T0, actor: 'system' });
      const env = { SF_PG_URL: b.last.url!, SF_SCHEMA: b.last.schema!, SF_MODE: 'clock', SF_T0: String(T0), SF_EPOCH: String(Date.now()), SF_SPEED: '600' };

      // The first worker fires 40 jobs, then stops inside the next batch's transaction: its
      // commands are applied but not committed. That is where it dies.
      const first = spawnTs(WORKER, { ...env, SF_HANG_AFTER: '40' });
      const inFlight = await first.waitFor((m) => m.hanging as string[] | undefined);
      expect(inFlight.length).toBeGreaterThan(0);
      first.proc.kill('SIGKILL');
      expect(await first.exited).toBe('SIGKILL');

      const doneBefore = await count(db, `SELECT count(*) AS n FROM jobs WHERE status = 'done'`);
      expect(doneBefore).toBeGreaterThanOrEqual(40);
      expect(doneBefore).toBeLessThan(CASES * 3);
      // Nothing of the killed transaction is visible: its jobs are still pending.
      expect(await count(db, `SELECT count(*) AS n FROM jobs WHERE status = 'pending' AND id IN (SELECT jsonb_array_elements_text($1::jsonb))`, [JSON.stringify(inFlight)])).toBe(
        inFlight.length,
      );

      const second = spawnTs(WORKER, env);
      await second.waitFor((m) => m.ready);
      await until(async () => (await count(db, `SELECT count(*) AS n FROM cases WHERE status = 'completed'`)) === CASES, 'every case to complete');
      second.proc.kill('SIGKILL');
      await second.exited;

      // Every timer fired exactly once and every case went through its steps once, in order.
      const trails = (
        await db.query<{ case_id: string; trail: string }>(
          `SELECT case_id, string_agg(activity || ':' || lifecycle, ' ' ORDER BY seq) AS trail FROM events GROUP BY case_id`,
        )
      ).rows;
      expect(trails).toHaveLength(CASES);
      const expected = 'chain:start t1:schedule t1:complete t2:schedule t2:complete t3:schedule t3:complete done:complete chain:complete';
      for (const t of trails) expect(t.trail).toBe(expected);
      expect(await count(db, `SELECT count(*) AS n FROM jobs WHERE status <> 'done' OR attempts <> 1`)).toBe(0);
      expect(await count(db, `SELECT count(*) AS n FROM jobs`)).toBe(CASES * 3);
      // Each case's version counts its commands: start + three timers.
      expect(await count(db, `SELECT count(*) AS n FROM cases WHERE version <> 4`)).toBe(0);
    }, 180_000);

    it('shares 10,000 due jobs between two processes without firing any twice', async () => {
      const db = await b.fresh({ poolSize: 4 });
      const store = await seeded(db, { processes: [fan] });
      const CASES = 500;
      for (let i = 0; i < CASES; i += 10)
        await Promise.all(Array.from({ length: 10 }, () => startCase(store, { orgId: ORG, process: 'fan' }, { now: T0, actor: 'system' })));
      const JOBS = CASES * FAN;
      expect(await count(db, `SELECT count(*) AS n FROM jobs WHERE status = 'pending'`)).toBe(JOBS);
      await db.query(`CREATE TABLE test_barrier (pid integer PRIMARY KEY)`);

      const env = { SF_PG_URL: b.last.url!, SF_SCHEMA: b.last.schema!, SF_MODE: 'drain', SF_NOW: String(T0 + 5 * MIN), SF_PEERS: '2', SF_BATCH: '50' };
      const workers = [spawnTs(WORKER, env), spawnTs(WORKER, env)];
      const fired = await Promise.all(workers.map((w) => w.waitFor((m) => m.fired as number | undefined)));
      for (const w of workers) expect(await w.exited).toBe(0);

      expect(fired[0]! + fired[1]!).toBe(JOBS);
      // Both took part (they started together at the barrier).
      expect(Math.min(...fired)).toBeGreaterThan(0);
      const fires = (
        await db.query<{ n: number; distinct_n: number }>(
          `SELECT count(*)::int AS n, count(DISTINCT case_id || '/' || activity)::int AS distinct_n FROM events WHERE activity ~ '^f[0-9]+$' AND lifecycle = 'complete'`,
        )
      ).rows[0]!;
      expect(fires).toEqual({ n: JOBS, distinct_n: JOBS });
      expect(await count(db, `SELECT count(*) AS n FROM jobs WHERE status <> 'done' OR attempts <> 1`)).toBe(0);
      expect(await count(db, `SELECT count(*) AS n FROM cases WHERE status = 'completed'`)).toBe(CASES);
    }, 300_000); // ~30 s on an idle 2-core machine; much more when it is shared
  },
  { only: 'postgres' },
);
