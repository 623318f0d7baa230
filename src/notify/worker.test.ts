import { afterEach, expect, it } from 'vitest';
import { end, human, proc } from '../engine/testing/build.ts';
import { startCase } from '../store/index.ts';
import { describeBackends } from '../store/testing/backends.ts';
import { ORG, SHOP, T0, seeded } from '../store/testing/fixtures.ts';
import { startWorker } from '../runtime/worker.ts';
import { verifySignature } from './signature.ts';
import { startReceiver, type Receiver } from './testing/receiver.ts';
import { createSubscription } from './webhook-store.ts';
import { useTestSecretKey } from './testing/secret-key.ts';

useTestSecretKey();

/** The worker process delivers webhooks in its own loop (as the server runs it). */

const visit = proc('visit', [human('greet', 'advisor'), end()]);
const receivers: Receiver[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close();
});

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describeBackends('webhooks in the worker', (b) => {
  it('a started case reaches the subscriber through the running worker, once', async () => {
    const store = await seeded(await b.fresh(), { staff: { advisor: ['li'] }, processes: [visit] });
    const rx = await startReceiver();
    receivers.push(rx);
    await createSubscription(store.db, { id: 'wh1', orgId: ORG, url: rx.url, eventTypes: ['case.start', 'task.complete'], secret: 'a-secret-of-enough-length', createdBy: 'li' }, T0);
    const now = T0;
    const worker = startWorker(store, { clock: () => now, pollMs: 20, channel: { deliver: async () => {} }, onLoopError: (e) => console.error(e) });
    try {
      const c = await startCase(store, { orgId: ORG, process: 'visit', storeId: SHOP }, { now, actor: 'li' });
      await until(() => rx.received.length >= 1, 'the webhook');
      await worker.stop();
      expect(rx.received).toHaveLength(1);
      const rows = (await store.db.query<{ status: string; attempts: number }>(`SELECT status, attempts FROM webhook_deliveries`)).rows;
      expect(rows).toEqual([{ status: 'delivered', attempts: 1 }]);
      const body = JSON.parse(rx.received[0]!.body);
      expect(body).toMatchObject({ type: 'case.start', event: { caseId: c.caseId } });
      expect(verifySignature('a-secret-of-enough-length', rx.received[0]!.body, rx.received[0]!.headers['x-servflow-signature'] as string)).toBe(true);
    } finally {
      await worker.stop();
    }
  });
});
