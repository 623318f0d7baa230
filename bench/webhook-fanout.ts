// What the webhook fan-out trigger costs a command: starts and completes N cases of a two-step
// SOP on PGlite with the trigger as shipped (no subscription, then one subscription to '*'),
// and with the trigger dropped, interleaved. Run: npx tsx bench/webhook-fanout.ts [N]
import { PGlite } from '@electric-sql/pglite';
import { end, human, proc } from '../src/engine/testing/build.ts';
import { executeCommand, startCase } from '../src/store/index.ts';
import { migrate } from '../src/store/migrate.ts';
import { pgliteDb } from '../src/store/pglite.ts';
import { ORG, SHOP, T0, seeded } from '../src/store/testing/fixtures.ts';
import { createSubscription } from '../src/notify/webhook-store.ts';

const N = Number(process.argv[2] ?? 200);
const flow = proc('flow', [human('a', 'advisor'), human('b', 'advisor'), end()]);

async function run(mode: 'no trigger' | 'trigger, no subscription' | 'trigger, 1 subscription'): Promise<number> {
  const db = pgliteDb(new PGlite());
  await migrate(db);
  const store = await seeded(db, { staff: { advisor: ['li'] }, processes: [flow] });
  if (mode === 'no trigger') await db.exec('DROP TRIGGER events_webhook_fanout ON events');
  if (mode === 'trigger, 1 subscription') await createSubscription(db, { id: 'w', orgId: ORG, url: 'http://127.0.0.1:9/x', eventTypes: ['*'], secret: 'x'.repeat(20), createdBy: 'li' }, T0);
  const started = performance.now();
  for (let i = 0; i < N; i++) {
    const c = await startCase(store, { orgId: ORG, process: 'flow', storeId: SHOP }, { now: T0, actor: 'li' });
    const t1 = Object.values(c.state.tasks)[0]!.id;
    const c2 = await executeCommand(store, c.caseId, { type: 'complete', taskId: t1, by: 'li' }, { now: T0, actor: 'li' });
    const t2 = Object.values(c2.state.tasks)[0]!.id;
    await executeCommand(store, c.caseId, { type: 'complete', taskId: t2, by: 'li' }, { now: T0, actor: 'li' });
  }
  const ms = (performance.now() - started) / (N * 3);
  await db.close();
  return ms;
}

const modes = ['no trigger', 'trigger, no subscription', 'trigger, 1 subscription'] as const;
const results: Record<string, number[]> = {};
for (let round = 0; round < 2; round++) for (const m of modes) (results[m] ??= []).push(await run(m));
for (const m of modes) console.log(`${m.padEnd(26)} ms per command: ${results[m]!.map((x) => x.toFixed(2)).join(', ')}`);
