/**
 * A worker process for the crash and sharing tests (spawned with `node --import tsx`).
 *
 * SF_MODE=clock: runs the worker loop on a clock shared with the test (simulated time =
 *   SF_T0 + (real ms since SF_EPOCH) × SF_SPEED); with SF_HANG_AFTER=n it stops inside the
 *   transaction of the batch after n fired jobs — commands applied, COMMIT not sent — and says
 *   "hanging" so the test can kill it there.
 * SF_MODE=drain: waits until SF_PEERS processes are ready (rows in the test's `test_barrier` table), then fires every job due at SF_NOW
 *   in batches until none is left, and prints {"fired": n}.
 */
import { createStore, openPostgres } from '../../store/index.ts';
import { runCommandJobs } from '../command-jobs.ts';
import { startWorker } from '../worker.ts';

const env = process.env;
const db = await openPostgres({ url: env.SF_PG_URL!, schema: env.SF_SCHEMA!, max: 3 });
const store = createStore(db);
const say = (msg: unknown): void => void process.stdout.write(`${JSON.stringify(msg)}\n`);

if (env.SF_MODE === 'clock') {
  const t0 = Number(env.SF_T0);
  const epoch = Number(env.SF_EPOCH);
  const speed = Number(env.SF_SPEED);
  const hangAfter = env.SF_HANG_AFTER === undefined ? Infinity : Number(env.SF_HANG_AFTER);
  let fired = 0;
  startWorker(store, {
    clock: () => t0 + (Date.now() - epoch) * speed,
    pollMs: 5,
    batchSize: 10,
    channel: { deliver: async () => {} },
    async beforeCommit(jobs) {
      if (fired >= hangAfter) {
        say({ hanging: jobs.map((j) => j.id) });
        await new Promise(() => {}); // never commits: the test kills us here
      }
      fired += jobs.length;
    },
  });
  say({ ready: process.pid });
} else {
  const now = Number(env.SF_NOW);
  await db.query(`INSERT INTO test_barrier (pid) VALUES ($1)`, [process.pid]);
  while ((await db.query<{ n: number }>(`SELECT count(*) AS n FROM test_barrier`)).rows[0]!.n < Number(env.SF_PEERS ?? 1)) await new Promise((r) => setTimeout(r, 10));
  let fired = 0;
  for (;;) {
    const r = await runCommandJobs(store, now, { batchSize: Number(env.SF_BATCH ?? 50) });
    fired += r.fired;
    if (r.fired + r.failed + r.retried > 0) continue;
    // Nothing claimable: done, unless the other process still holds jobs that may come back.
    const left = (await db.query<{ n: number }>(`SELECT count(*) AS n FROM jobs WHERE status = 'pending'`)).rows[0]!.n;
    if (left === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  say({ fired });
  await db.close();
}
