import { expect, it } from 'vitest';
import { describeBackends } from '../store/testing/backends.ts';
import { startWorker } from '../runtime/worker.ts';
import { makeWorld } from '../api/testing/world.ts';
import { publishTemplate, useTemplateCalendars } from './testing.ts';

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

const sh = (local: string) => Date.parse(`${local}+08:00`);

describeBackends('the worker runs schedules', (b) => {
  it('starts the 9:00 round when its clock reaches 9:00', async () => {
    const w = await makeWorld(await b.fresh());
    await useTemplateCalendars(w.db, 'org-a');
    await publishTemplate(w.db, 'org-a', 'utilities/hot-water-inspection.yaml', w.clock.now);
    w.clock.now = sh('2026-03-02T08:00');
    expect((await w.as('mgr1').put('/api/schedules/hot-water-inspection/stores/s1', {})).status).toBe(200);
    let now = sh('2026-03-02T08:59');
    const worker = startWorker(w.store, { clock: () => now, pollMs: 20, onLoopError: (e) => console.error(e) });
    const count = async () => (await w.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE process_key = 'hot-water-inspection'`)).rows[0]!.n;
    try {
      expect(await count()).toBe(0);
      now = sh('2026-03-02T09:00');
      await until(async () => (await count()) === 1, 'the round to start');
    } finally {
      await worker.stop();
    }
    expect(await count()).toBe(1);
  });
});
