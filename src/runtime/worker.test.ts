import { expect, it } from 'vitest';
import { end, HOUR, hours, human, proc } from '../engine/testing/build.ts';
import { caseJobs, caseTasks, executeCommand, startCase } from '../store/index.ts';
import { describeBackends } from '../store/testing/backends.ts';
import { ORG, SHOP, T0, seeded } from '../store/testing/fixtures.ts';
import { startWorker } from './worker.ts';

const followup = proc('followup', [human('deliver', 'advisor'), { kind: 'timer', id: 'wait48h', name: { en: 'wait 48 h' }, wait: { duration: hours(48) } }, human('call', 'advisor'), end()]);

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describeBackends('the worker loop', (b) => {
  it('runs a timer when its clock reaches it, and stops cleanly', async () => {
    const store = await seeded(await b.fresh(), { staff: { advisor: ['li'] }, processes: [followup] });
    let now = T0;
    const notified: string[] = [];
    const worker = startWorker(store, { clock: () => now, pollMs: 20, channel: { deliver: async (n) => void notified.push(n.reason) }, onLoopError: (e) => console.error(e) });
    try {
      const c = await startCase(store, { orgId: ORG, process: 'followup', storeId: SHOP }, { now, actor: 'li' });
      await executeCommand(store, c.caseId, { type: 'complete', taskId: Object.values(c.state.tasks)[0]!.id, by: 'li' }, { now, actor: 'li' });
      now = T0 + 48 * HOUR;
      worker.wake();
      await until(async () => (await caseJobs(store.db, c.caseId))[0]?.status === 'done', 'the timer to fire');
      expect((await caseTasks(store.db, c.caseId)).map((t) => [t.node, t.createdAt])).toEqual([
        ['deliver', T0],
        ['call', T0 + 48 * HOUR],
      ]);
    } finally {
      await worker.stop();
    }
  });
});
