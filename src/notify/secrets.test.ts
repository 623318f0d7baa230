import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeBackends } from '../store/testing/backends.ts';
import { makeWorld, type World } from '../api/testing/world.ts';
import { deliverNotifications } from '../runtime/notifications.ts';
import { orgChannel } from './org-channel.ts';
import { verifySignature } from './signature.ts';
import { deliverWebhooks } from './webhooks.ts';
import { sealStoredSecrets } from './seal-secrets.ts';
import { channelContext, KEY_FILE, keyFromFile, secretBox, SecretKeyError, secretKeyFrom, useSecretBox, webhookContext } from './secret-box.ts';
import { startReceiver, type Receiver } from './testing/receiver.ts';
import { useTestSecretKey } from './testing/secret-key.ts';

/**
 * Channel and webhook secrets are encrypted at rest (AES-256-GCM, key outside the database):
 * the rows never hold them, the API never returns them, sending still works, and values stored
 * in plain text before encryption are sealed on first use or by the sweep.
 */

const box = useTestSecretKey();
const receivers: Receiver[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const SMS_KEY = 'sms-api-key-0123456789abcdef';
const HOOK_SECRET = 'whsec_my-own-signing-secret-42';

async function storedSecrets(w: World): Promise<string> {
  const c = await w.db.query<{ secret: string | null }>(`SELECT secret FROM notify_channels`);
  const s = await w.db.query<{ secret: string }>(`SELECT secret FROM webhook_subscriptions`);
  return JSON.stringify([...c.rows, ...s.rows]);
}

async function reassignToAdv1(w: World): Promise<void> {
  const c = await w.as('adv1').post('/api/cases', { process: 'repair', storeId: 's1', data: { plate: 'A1' } });
  expect(c.status, c.text).toBe(201);
  const taskId = (await w.db.query<{ id: string }>(`SELECT id FROM tasks WHERE case_id = $1 AND status = 'open'`, [c.body.id])).rows[0]!.id;
  expect((await w.as('mgr1').post(`/api/tasks/${taskId}/reassign`, { to: { staffId: 'adv1' } })).status).toBe(200);
}

describeBackends('secrets at rest', (b) => {
  it('the rows hold no secret, the API shows only that one is set, and SMS and webhook delivery still work', async () => {
    const w = await makeWorld(await b.fresh());
    const sms = await startReceiver(() => ({ status: 200, body: '{"code":"OK"}' }));
    const hook = await startReceiver(() => 200);
    receivers.push(sms, hook);
    const admin = w.as('admin');
    expect((await w.as('adv1').put('/api/staff/adv1/contact', { phone: '+86 138 0000 1234' })).status).toBe(200);
    const put = await admin.put('/api/notify/channels/sms', { settings: { url: `${sms.url}/send`, authHeader: 'Authorization', authPrefix: 'Bearer ' }, secret: SMS_KEY });
    expect(put.status, put.text).toBe(200);
    expect((await admin.put('/api/notify/routing', { routes: { '*': ['sms'] } })).status).toBe(200);
    const sub = await admin.post('/api/webhooks', { url: `${hook.url}/hook`, eventTypes: ['case.start'], secret: HOOK_SECRET });
    expect(sub.status, sub.text).toBe(201);

    const stored = await storedSecrets(w);
    expect(stored).not.toContain(SMS_KEY);
    expect(stored).not.toContain(HOOK_SECRET);
    expect(stored).toMatch(/sf1:[0-9a-f]{8}:/);
    for (const path of ['/api/notify/channels', '/api/webhooks', `/api/webhooks/${sub.body.subscription.id}`]) {
      const r = await admin.get(path);
      expect(r.text).not.toContain(SMS_KEY);
      expect(r.text).not.toContain(HOOK_SECRET);
      expect(r.text).not.toContain('sf1:');
    }
    const listed = (await admin.get('/api/notify/channels')).body.items[0];
    expect([listed.secretSet, listed.secretHint]).toEqual([true, '••••cdef']);

    await reassignToAdv1(w);
    expect(await deliverNotifications(w.store, w.clock.now, { channel: orgChannel(w.store, { now: () => w.clock.now }) })).toEqual({ delivered: 1, failed: 0 });
    expect(sms.received.map((r) => r.headers.authorization)).toEqual([`Bearer ${SMS_KEY}`]);
    expect(await deliverWebhooks(w.store, w.clock.now)).toEqual({ delivered: 1, failed: 0 });
    expect(hook.received).toHaveLength(1);
    expect(verifySignature(HOOK_SECRET, hook.received[0]!.body, hook.received[0]!.headers['x-servflow-signature'] as string)).toBe(true);

    // Keeping the secret (no `secret` in the PUT) keeps it sealed; removing it leaves nothing.
    expect((await admin.put('/api/notify/channels/sms', { settings: { url: `${sms.url}/send2`, authHeader: 'Authorization', authPrefix: 'Bearer ' } })).body.secretSet).toBe(true);
    expect(await storedSecrets(w)).not.toContain(SMS_KEY);
    const removed = await admin.put('/api/notify/channels/sms', { settings: { url: `${sms.url}/send` }, secret: null });
    expect([removed.body.secretSet, removed.body.secretHint]).toEqual([false, null]);
  });

  it('secrets stored in plain text before encryption are sealed on first use, and the sweep seals the rest', async () => {
    const w = await makeWorld(await b.fresh());
    const hook = await startReceiver(() => 200);
    receivers.push(hook);
    const now = new Date(w.clock.now).toISOString();
    // Rows as an older servflow wrote them.
    await w.db.query(`INSERT INTO notify_channels (org_id, kind, enabled, settings, secret, updated_at) VALUES ('org-a', 'sms', true, $1::jsonb, $2, $3), ('org-b', 'wecom', true, $1::jsonb, 'plain-wecom-secret', $3)`, [
      JSON.stringify({ url: `${hook.url}/sms` }),
      SMS_KEY,
      now,
    ]);
    await w.db.query(
      `INSERT INTO webhook_subscriptions (id, org_id, url, event_types, secret, status, created_by, created_at, updated_at) VALUES ('wh-old', 'org-a', $1, ARRAY['case.start'], $2, 'active', 'admin', $3, $3), ('wh-idle', 'org-b', $1, ARRAY['case.start'], 'idle-plain-secret-0000', 'active', 'adminB', $3, $3)`,
      [`${hook.url}/hook`, HOOK_SECRET, now],
    );

    // Reading org-a's channels and delivering org-a's webhook seal their rows…
    const listed = await w.as('admin').get('/api/notify/channels');
    expect(listed.body.items.map((c: { kind: string; secretSet: boolean }) => [c.kind, c.secretSet])).toEqual([['sms', true]]);
    const c = await w.as('adv1').post('/api/cases', { process: 'repair', storeId: 's1', data: { plate: 'A1' } });
    expect(c.status).toBe(201);
    expect(await deliverWebhooks(w.store, w.clock.now)).toEqual({ delivered: 1, failed: 0 });
    expect(verifySignature(HOOK_SECRET, hook.received[0]!.body, hook.received[0]!.headers['x-servflow-signature'] as string)).toBe(true);
    const rows = async () =>
      (await w.db.query<{ k: string; secret: string }>(`SELECT org_id || '/' || kind AS k, secret FROM notify_channels UNION ALL SELECT id, secret FROM webhook_subscriptions ORDER BY 1`)).rows;
    const after = await rows();
    expect(after.map((r) => [r.k, r.secret.startsWith('sf1:')])).toEqual([
      ['org-a/sms', true],
      ['org-b/wecom', false],
      ['wh-idle', false],
      ['wh-old', true],
    ]);
    expect(box.open(after.find((r) => r.k === 'wh-old')!.secret, webhookContext('wh-old'))).toBe(HOOK_SECRET);

    // …and the sweep the server runs at start seals what nobody used.
    expect(await sealStoredSecrets(w.db)).toEqual({ channels: 1, webhooks: 1 });
    expect((await rows()).every((r) => r.secret.startsWith('sf1:'))).toBe(true);
    expect(JSON.stringify(await rows())).not.toMatch(/plain|sms-api-key|whsec_my-own/);
    expect(await sealStoredSecrets(w.db)).toEqual({ channels: 0, webhooks: 0 });
    expect(box.open((await rows()).find((r) => r.k === 'org-b/wecom')!.secret, channelContext('org-b', 'wecom'))).toBe('plain-wecom-secret');
  });

  it('under another key the stored secrets are refused, never used or shown, and a new secret can be put', async () => {
    const w = await makeWorld(await b.fresh());
    const sms = await startReceiver(() => 200);
    const hook = await startReceiver(() => 200);
    receivers.push(sms, hook);
    const admin = w.as('admin');
    expect((await w.as('adv1').put('/api/staff/adv1/contact', { phone: '13800000001' })).status).toBe(200);
    expect((await admin.put('/api/notify/channels/sms', { settings: { url: `${sms.url}/send`, authHeader: 'X-Key' }, secret: SMS_KEY })).status).toBe(200);
    expect((await admin.put('/api/notify/routing', { routes: { '*': ['sms'] } })).status).toBe(200);
    const sub = await admin.post('/api/webhooks', { url: `${hook.url}/hook`, eventTypes: ['case.start'], secret: HOOK_SECRET });
    expect(sub.status).toBe(201);
    const other = secretBox(randomBytes(32));
    useSecretBox(other); // as if the server started with another SERVFLOW_SECRET_KEY
    try {
      const listed = await admin.get('/api/notify/channels');
      expect([listed.status, listed.body.items[0].secretSet]).toEqual([200, true]);
      await reassignToAdv1(w);
      const channel = orgChannel(w.store, { now: () => w.clock.now });
      expect(await deliverNotifications(w.store, w.clock.now, { channel })).toEqual({ delivered: 0, failed: 1 });
      const n = (await w.db.query<{ last_error: string }>(`SELECT last_error FROM notifications`)).rows[0]!;
      expect(n.last_error).toMatch(new RegExp(`encrypted with key ${box.keyId}, but this server has key ${other.keyId}`));
      expect(await deliverWebhooks(w.store, w.clock.now)).toEqual({ delivered: 0, failed: 1 });
      expect((await admin.post(`/api/webhooks/${sub.body.subscription.id}/test`)).body.ok).toBe(false);
      expect(sms.received).toEqual([]);
      expect(hook.received).toEqual([]);
      // The admin enters the secrets again: sending works under the new key.
      expect((await admin.put('/api/notify/channels/sms', { settings: { url: `${sms.url}/send`, authHeader: 'X-Key' }, secret: 'new-sms-key-000000000' })).status).toBe(200);
      const rotated = await admin.patch(`/api/webhooks/${sub.body.subscription.id}`, { rotateSecret: true });
      expect(rotated.status).toBe(200);
      w.clock.now += 10_000;
      expect(await deliverNotifications(w.store, w.clock.now, { channel })).toEqual({ delivered: 1, failed: 0 });
      expect(sms.received.map((r) => r.headers['x-key'])).toEqual(['new-sms-key-000000000']);
      expect(await admin.post(`/api/webhooks/${sub.body.subscription.id}/test`).then((r) => r.body.ok)).toBe(true);
      expect(verifySignature(rotated.body.secret, hook.received[0]!.body, hook.received[0]!.headers['x-servflow-signature'] as string)).toBe(true);
    } finally {
      useSecretBox(box);
    }
  });
});

describe('the secret key', () => {
  it('seals with a fresh IV each time, opens only in its own row and with its own key', () => {
    const a = secretBox(randomBytes(32));
    const s1 = a.seal('p@ss', channelContext('org-a', 'email'));
    expect(s1).not.toBe(a.seal('p@ss', channelContext('org-a', 'email')));
    expect(a.open(s1, channelContext('org-a', 'email'))).toBe('p@ss');
    expect(() => a.open(s1, channelContext('org-b', 'email'))).toThrow(/does not decrypt/);
    const tampered = s1.slice(0, -2) + (s1.endsWith('AA') ? 'BB' : 'AA');
    expect(() => a.open(tampered, channelContext('org-a', 'email'))).toThrow(SecretKeyError);
    const other = secretBox(randomBytes(32));
    expect(() => other.open(s1, channelContext('org-a', 'email'))).toThrow(new RegExp(`encrypted with key ${a.keyId}, but this server has key ${other.keyId}`));
  });

  it('comes from SERVFLOW_SECRET_KEY, else a key file made once with mode 0600 in the data directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'servflow-key-'));
    dirs.push(dir);
    const hex = randomBytes(32).toString('hex');
    expect(secretKeyFrom({ SERVFLOW_SECRET_KEY: hex, SERVFLOW_DATA: dir }).toString('hex')).toBe(hex);
    expect(secretKeyFrom({ SERVFLOW_SECRET_KEY: Buffer.from(hex, 'hex').toString('base64'), SERVFLOW_DATA: dir }).toString('hex')).toBe(hex);
    expect(() => secretKeyFrom({ SERVFLOW_SECRET_KEY: 'too-short', SERVFLOW_DATA: dir })).toThrow(/64 hex digits or base64/);

    const data = join(dir, 'data');
    const first = secretKeyFrom({ SERVFLOW_DATA: data });
    const path = join(data, KEY_FILE);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8').trim()).toBe(first.toString('hex'));
    expect(keyFromFile(data).equals(first)).toBe(true); // made once, then read
    chmodSync(path, 0o644);
    expect(() => keyFromFile(data)).toThrow(/can be read by other users/);
  });
});
