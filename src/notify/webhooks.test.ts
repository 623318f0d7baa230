import { afterEach, expect, it } from 'vitest';
import { describeBackends } from '../store/testing/backends.ts';
import { makeWorld, type World } from '../api/testing/world.ts';
import { verifySignature } from './signature.ts';
import { startReceiver, type Receiver } from './testing/receiver.ts';
import { deliverWebhooks, WEBHOOK_BACKOFF } from './webhooks.ts';
import { purgeNotifyLog } from './webhook-store.ts';
import { backoffMs } from '../runtime/backoff.ts';
import { useTestSecretKey } from './testing/secret-key.ts';

useTestSecretKey();

/**
 * Signed webhooks through the API and the delivery loop, against a real HTTP receiver on
 * 127.0.0.1 that checks every signature. Time is a fake clock moved by the test.
 */

const receivers: Receiver[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close();
});

async function subscribe(w: World, url: string, eventTypes: string[]): Promise<{ id: string; secret: string }> {
  const res = await w.as('admin').post('/api/webhooks', { url, eventTypes });
  expect(res.status, res.text).toBe(201);
  return { id: res.body.subscription.id, secret: res.body.secret };
}

async function startRepair(w: World): Promise<string> {
  const res = await w.as('adv1').post('/api/cases', { process: 'repair', storeId: 's1', data: { plate: 'A1' } });
  expect(res.status, res.text).toBe(201);
  return res.body.id ?? res.body.case?.id;
}

describeBackends('webhooks', (b) => {
  it('a receiver that fails three times then succeeds gets the event exactly once more: 4 attempts, one success, signed', async () => {
    const w = await makeWorld(await b.fresh());
    const rx = await startReceiver((n) => (n <= 3 ? 503 : 200));
    receivers.push(rx);
    const sub = await subscribe(w, `${rx.url}/hook`, ['case.start']);
    const caseId = await startRepair(w);

    const results: { delivered: number; failed: number }[] = [];
    for (let i = 0; i < 4; i++) {
      results.push(await deliverWebhooks(w.store, w.clock.now));
      // Nothing is due before the backoff has passed.
      expect(await deliverWebhooks(w.store, w.clock.now)).toEqual({ delivered: 0, failed: 0 });
      w.clock.now += backoffMs(i + 1, WEBHOOK_BACKOFF);
    }
    expect(results).toEqual([
      { delivered: 0, failed: 1 },
      { delivered: 0, failed: 1 },
      { delivered: 0, failed: 1 },
      { delivered: 1, failed: 0 },
    ]);
    // Long after: nothing more is sent.
    w.clock.now += 30 * 86_400_000;
    expect(await deliverWebhooks(w.store, w.clock.now)).toEqual({ delivered: 0, failed: 0 });

    expect(rx.received).toHaveLength(4);
    const ids = new Set<string>();
    for (const [i, r] of rx.received.entries()) {
      expect(r.method).toBe('POST');
      expect(r.url).toBe('/hook');
      expect(verifySignature(sub.secret, r.body, r.headers['x-servflow-signature'] as string), `attempt ${i + 1} signature`).toBe(true);
      expect(verifySignature('whsec_wrong-secret-entirely', r.body, r.headers['x-servflow-signature'] as string)).toBe(false);
      const body = JSON.parse(r.body);
      expect(body).toMatchObject({ type: 'case.start', attempt: i + 1, orgId: 'org-a', event: { caseId, storeId: 's1', scope: 'case', lifecycle: 'start', processKey: 'repair' } });
      expect(r.headers['x-servflow-delivery']).toBe(body.id);
      expect(r.headers['x-servflow-event']).toBe('case.start');
      expect(Number(r.headers['x-servflow-timestamp'])).toBe(Math.floor(Date.parse(body.sentAt) / 1000));
      ids.add(body.id);
    }
    expect(ids.size, 'every attempt carries the same delivery id').toBe(1);

    // The delivery log says the same.
    const log = await (await w.fresh('admin')).get(`/api/webhooks/${sub.id}/deliveries`);
    expect(log.status, log.text).toBe(200);
    expect(log.body.items).toHaveLength(1);
    const d = log.body.items[0];
    expect(d).toMatchObject({ id: [...ids][0], eventType: 'case.start', status: 'delivered', attempts: 4, lastStatus: 200, lastError: null, nextAttemptAt: null });
    expect(d.attemptLog.map((a: { responseStatus: number }) => a.responseStatus)).toEqual([503, 503, 503, 200]);
    expect(d.attemptLog[0].error).toMatch(/HTTP 503/);
  });

  it('only subscribed event types of the own organisation are delivered; families and * match', async () => {
    const w = await makeWorld(await b.fresh());
    const rx = await startReceiver();
    receivers.push(rx);
    await subscribe(w, `${rx.url}/tasks`, ['task.*']);
    await subscribe(w, `${rx.url}/all`, ['*']);
    const other = await w.as('adminB').post('/api/webhooks', { url: `${rx.url}/b`, eventTypes: ['*'] });
    expect(other.status).toBe(201);
    await startRepair(w);
    await deliverWebhooks(w.store, w.clock.now);
    const byPath = (p: string) => rx.received.filter((r) => r.url === p).map((r) => JSON.parse(r.body).type as string);
    expect(byPath('/b'), 'org B hears nothing of org A').toEqual([]);
    expect(byPath('/tasks').length).toBeGreaterThan(0);
    expect(byPath('/tasks').every((t) => t.startsWith('task.'))).toBe(true);
    expect(byPath('/all')).toContain('case.start');
    expect(byPath('/all').filter((t) => t.startsWith('task.')).sort()).toEqual(byPath('/tasks').sort());
    const first = await w.as('admin').get('/api/webhooks');
    const allId = first.body.items.find((s: { url: string }) => s.url.endsWith('/all')).id;
    const done = await w.as('admin').get(`/api/webhooks/${allId}/deliveries`);
    const deliveredId = done.body.items[0].id;
    const refused = await w.as('admin').post(`/api/webhooks/${allId}/deliveries/${deliveredId}/redeliver`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('DELIVERY_NOT_FAILED');
    expect((await w.as('adminB').post(`/api/webhooks/${allId}/deliveries/${deliveredId}/redeliver`)).status, 'other organisation').toBe(404);
  });

  it('gives up after maxAttempts and marks the delivery failed; a paused subscription holds its deliveries until resumed', async () => {
    const w = await makeWorld(await b.fresh());
    const rx = await startReceiver(() => 500);
    receivers.push(rx);
    const sub = await subscribe(w, rx.url, ['case.start']);
    await startRepair(w);
    for (let i = 0; i < 5; i++) {
      await deliverWebhooks(w.store, w.clock.now, { maxAttempts: 3 });
      w.clock.now += 86_400_000;
    }
    expect(rx.received).toHaveLength(3);
    const admin = await w.fresh('admin');
    const failed = await admin.get(`/api/webhooks/${sub.id}/deliveries?status=failed`);
    expect(failed.body.items).toHaveLength(1);
    expect(failed.body.items[0]).toMatchObject({ status: 'failed', attempts: 3, lastStatus: 500 });
    // A delivered or pending delivery is never sent again by hand; a failed one gets one more attempt.
    const failedId: string = failed.body.items[0].id;
    const again = await admin.post(`/api/webhooks/${sub.id}/deliveries/${failedId}/redeliver`);
    expect(again.status, again.text).toBe(202);
    expect((await admin.post(`/api/webhooks/${sub.id}/deliveries/${failedId}/redeliver`)).body.code, 'now pending').toBe('DELIVERY_NOT_FAILED');
    await deliverWebhooks(w.store, w.clock.now, { maxAttempts: 3 });
    expect(rx.received).toHaveLength(4);
    expect(JSON.parse(rx.received[3]!.body)).toMatchObject({ id: failedId, attempt: 4 });
    expect((await admin.get(`/api/webhooks/${sub.id}/deliveries`)).body.items[0]).toMatchObject({ status: 'failed', attempts: 4 });

    const rx2 = await startReceiver();
    receivers.push(rx2);
    const sub2 = (await admin.post('/api/webhooks', { url: rx2.url, eventTypes: ['case.start'] })).body.subscription;
    expect((await admin.patch(`/api/webhooks/${sub2.id}`, { status: 'paused' })).status).toBe(200);
    expect((await (await w.fresh('adv1')).post('/api/cases', { process: 'repair', storeId: 's1', data: { plate: 'A2' } })).status).toBe(201);
    await deliverWebhooks(w.store, w.clock.now);
    expect(rx2.received).toHaveLength(0);
    expect((await admin.patch(`/api/webhooks/${sub2.id}`, { status: 'active' })).status).toBe(200);
    await deliverWebhooks(w.store, w.clock.now);
    expect(rx2.received).toHaveLength(1);
  });

  it('a delivery whose worker died mid-POST (lease ran out) is sent again with the same id; the first settle is then ignored', async () => {
    const w = await makeWorld(await b.fresh());
    const rx = await startReceiver();
    receivers.push(rx);
    await subscribe(w, rx.url, ['case.start']);
    await startRepair(w);
    // A worker leases and "dies": it never settles.
    const { leaseDeliveries } = await import('./webhook-store.ts');
    const lost = await leaseDeliveries(w.db, w.clock.now, 10, 60_000);
    expect(lost).toHaveLength(1);
    expect(await deliverWebhooks(w.store, w.clock.now + 30_000)).toEqual({ delivered: 0, failed: 0 });
    expect(await deliverWebhooks(w.store, w.clock.now + 61_000)).toEqual({ delivered: 1, failed: 0 });
    expect(rx.received).toHaveLength(1);
    expect(JSON.parse(rx.received[0]!.body)).toMatchObject({ id: lost[0]!.id, attempt: 2 });
  });

  it('housekeeping forgets settled deliveries after the keep period, never pending ones', async () => {
    const w = await makeWorld(await b.fresh());
    const ok = await startReceiver(() => 200);
    const down = await startReceiver(() => 503);
    receivers.push(ok, down);
    await subscribe(w, ok.url, ['case.start']);
    await subscribe(w, down.url, ['case.start']);
    await startRepair(w);
    expect(await deliverWebhooks(w.store, w.clock.now)).toEqual({ delivered: 1, failed: 1 });
    const count = async () => (await w.db.query<{ s: string; n: number }>(`SELECT status AS s, count(*)::int AS n FROM webhook_deliveries GROUP BY status ORDER BY status`)).rows;
    expect(await purgeNotifyLog(w.db, w.clock.now + 29 * 86_400_000)).toEqual({ deliveries: 0, sends: 0 });
    expect(await purgeNotifyLog(w.db, w.clock.now + 31 * 86_400_000)).toEqual({ deliveries: 1, sends: 0 });
    expect(await count(), 'the pending retry stays').toEqual([{ s: 'pending', n: 1 }]);
    expect((await w.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_attempts`)).rows[0]!.n, 'only the pending one keeps its attempt').toBe(1);
  });

  it('rejects bad URLs and event types with clear problems, and never shows the secret again', async () => {
    const w = await makeWorld(await b.fresh());
    const bad = await w.as('admin').post('/api/webhooks', { url: 'ftp://x.example/hook', eventTypes: ['case.start'] });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/http/);
    const badType = await w.as('admin').post('/api/webhooks', { url: 'https://x.example/hook', eventTypes: ['case-start'] });
    expect(badType.status).toBe(400);
    expect(badType.text).toMatch(/event type/);
    const made = await w.as('admin').post('/api/webhooks', { url: 'https://x.example/hook', eventTypes: ['case.start'], secret: 'my-own-secret-of-some-length' });
    expect(made.body.secret).toBe('my-own-secret-of-some-length');
    const listed = await w.as('admin').get('/api/webhooks');
    expect(listed.text).not.toContain('my-own-secret');
    expect(listed.body.items[0].secretHint).toBe('••••ngth');
  });

  it('the test ping reaches the receiver signed', async () => {
    const w = await makeWorld(await b.fresh());
    const rx = await startReceiver((n) => (n === 1 ? 200 : 418));
    receivers.push(rx);
    const sub = await subscribe(w, rx.url, ['*']);
    const ok = await w.as('admin').post(`/api/webhooks/${sub.id}/test`);
    expect(ok.body).toEqual({ ok: true, status: 200, error: null });
    expect(verifySignature(sub.secret, rx.received[0]!.body, rx.received[0]!.headers['x-servflow-signature'] as string)).toBe(true);
    expect(JSON.parse(rx.received[0]!.body).type).toBe('ping');
    const no = await w.as('admin').post(`/api/webhooks/${sub.id}/test`);
    expect(no.body).toMatchObject({ ok: false, status: 418 });
  });
});
