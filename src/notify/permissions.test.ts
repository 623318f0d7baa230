import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBackends } from '../store/testing/backends.ts';
import { fingerprint, makeWorld, PERSONAS, type Persona, type World } from '../api/testing/world.ts';
import { putChannel, putContact } from './channel-store.ts';
import { startReceiver, type Receiver } from './testing/receiver.ts';
import { createSubscription } from './webhook-store.ts';
import { useTestSecretKey } from './testing/secret-key.ts';

useTestSecretKey();

/**
 * The notification and webhook routes, called by every kind of person, against a table written
 * out here (same pattern as src/api/permissions.test.ts): channels, routing and webhooks are for
 * organisation admins; a contact is also readable and settable by its own person. Another
 * organisation's ids answer 404. A refused call changes nothing (fingerprint of every table);
 * an allowed change writes an audit entry.
 */

type Who = 'anon' | Persona;
const WHO: readonly Who[] = ['anon', ...PERSONAS];
const ORG_OF: Record<Persona, string> = { admin: 'org-a', gm: 'org-a', auditor: 'org-a', mgr1: 'org-a', aud1: 'org-a', adv1: 'org-a', tech1: 'org-a', adv2: 'org-a', adminB: 'org-b', advB: 'org-b' };

interface Call {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
}
interface Row {
  readonly route: string;
  readonly expect: readonly number[];
  readonly call: (w: World, who: Who) => Promise<Call>;
  readonly audited?: boolean;
}

let rx: Receiver;
beforeAll(async () => {
  rx = await startReceiver(() => 200);
});
afterAll(async () => {
  await rx.close();
});

let n = 0;
const uniq = () => ++n;
const orgOf = (who: Who) => (who === 'anon' ? 'org-a' : ORG_OF[who]);

/** A subscription in org A (the target of the id routes). */
async function hook(w: World): Promise<string> {
  const id = `wh-${uniq()}`;
  await createSubscription(w.db, { id, orgId: 'org-a', url: rx.url, eventTypes: ['*'], secret: 'a-secret-of-enough-length', createdBy: 'admin' }, w.clock.now);
  return id;
}
/** An sms channel in the caller's own organisation (so its admin can remove or test it). */
async function smsChannel(w: World, who: Who): Promise<void> {
  await putChannel(w.db, orgOf(who), { kind: 'sms', enabled: true, settings: { url: rx.url, headers: {}, authPrefix: '', timeoutMs: 10_000 }, secret: 'k' }, w.clock.now);
}

const get = (path: string) => async (): Promise<Call> => ({ method: 'GET', path });
const on = (method: string, path: string, body?: unknown) => async (): Promise<Call> => ({ method, path, body });
const smsSettings = () => ({ settings: { url: `https://sms.example.com/send?n=${uniq()}` }, secret: 'gateway-key' });

//                                                    anon admin gm  audit mgr1 aud1 adv1 tech1 adv2 admB advB
const ROWS: Row[] = [
  { route: 'GET /api/notify/channels',         expect: [401, 200, 403, 403, 403, 403, 403, 403, 403, 200, 403], call: get('/api/notify/channels') },
  { route: 'PUT /api/notify/channels/sms',     expect: [401, 200, 403, 403, 403, 403, 403, 403, 403, 200, 403], call: async () => ({ method: 'PUT', path: '/api/notify/channels/sms', body: smsSettings() }), audited: true },
  { route: 'DELETE /api/notify/channels/sms',  expect: [401, 204, 403, 403, 403, 403, 403, 403, 403, 204, 403], call: async (w, who) => (await smsChannel(w, who), { method: 'DELETE', path: '/api/notify/channels/sms' }), audited: true },
  {
    route: 'POST …/channels/sms/test (to adv1)',
    expect:                                            [401, 200, 403, 403, 403, 403, 403, 403, 403, 404, 403],
    call: async (w, who) => {
      await smsChannel(w, who);
      await putContact(w.db, 'org-a', 'adv1', { email: null, phone: '13800000001', wecomUserId: null }, w.clock.now);
      return { method: 'POST', path: '/api/notify/channels/sms/test', body: { staffId: 'adv1' } };
    },
    audited: true,
  },
  { route: 'GET /api/notify/outbox',           expect: [401, 200, 403, 403, 403, 403, 403, 403, 403, 200, 403], call: get('/api/notify/outbox?status=retrying') },
  { route: 'GET /api/notify/routing',          expect: [401, 200, 403, 403, 403, 403, 403, 403, 403, 200, 403], call: get('/api/notify/routing') },
  { route: 'PUT /api/notify/routing',          expect: [401, 200, 403, 403, 403, 403, 403, 403, 403, 200, 403], call: async () => ({ method: 'PUT', path: '/api/notify/routing', body: { routes: { 'sla.breach': ['sms'], [`r${uniq()}`]: ['email'] } } }), audited: true },
  { route: 'GET /api/staff/adv1/contact',      expect: [401, 200, 403, 403, 403, 403, 200, 403, 403, 404, 404], call: get('/api/staff/adv1/contact') },
  { route: 'PUT /api/staff/adv1/contact',      expect: [401, 200, 403, 403, 403, 403, 200, 403, 403, 404, 404], call: async () => ({ method: 'PUT', path: '/api/staff/adv1/contact', body: { phone: `1380000${1000 + uniq()}` } }), audited: true },
  { route: 'GET /api/webhooks',                expect: [401, 200, 403, 403, 403, 403, 403, 403, 403, 200, 403], call: get('/api/webhooks') },
  { route: 'POST /api/webhooks',               expect: [401, 201, 403, 403, 403, 403, 403, 403, 403, 201, 403], call: on('POST', '/api/webhooks', { url: 'https://dms.example.com/hook', eventTypes: ['case.*'] }), audited: true },
  { route: 'GET /api/webhooks/{id}',           expect: [401, 200, 403, 403, 403, 403, 403, 403, 403, 404, 403], call: async (w) => ({ method: 'GET', path: `/api/webhooks/${await hook(w)}` }) },
  { route: 'PATCH /api/webhooks/{id}',         expect: [401, 200, 403, 403, 403, 403, 403, 403, 403, 404, 403], call: async (w) => ({ method: 'PATCH', path: `/api/webhooks/${await hook(w)}`, body: { status: 'paused' } }), audited: true },
  { route: 'DELETE /api/webhooks/{id}',        expect: [401, 204, 403, 403, 403, 403, 403, 403, 403, 404, 403], call: async (w) => ({ method: 'DELETE', path: `/api/webhooks/${await hook(w)}` }), audited: true },
  { route: 'GET /api/webhooks/{id}/deliveries', expect: [401, 200, 403, 403, 403, 403, 403, 403, 403, 404, 403], call: async (w) => ({ method: 'GET', path: `/api/webhooks/${await hook(w)}/deliveries` }) },
  {
    route: 'POST …/deliveries/{d}/redeliver',
    expect:                                            [401, 202, 403, 403, 403, 403, 403, 403, 403, 404, 403],
    call: async (w) => {
      const id = await hook(w);
      await w.db.query(
        `INSERT INTO webhook_deliveries (id, org_id, subscription_id, event_seq, event_type, status, attempts, next_attempt_at, created_at) VALUES ($1, 'org-a', $2, $3, 'case.start', 'failed', 8, $4, $4)`,
        [`whd_${id}_1`, id, uniq(), new Date(w.clock.now).toISOString()],
      );
      return { method: 'POST', path: `/api/webhooks/${id}/deliveries/whd_${id}_1/redeliver` };
    },
    audited: true,
  },
  { route: 'POST /api/webhooks/{id}/test',     expect: [401, 200, 403, 403, 403, 403, 403, 403, 403, 404, 403], call: async (w) => ({ method: 'POST', path: `/api/webhooks/${await hook(w)}/test` }), audited: true },
];

const auditCount = async (w: World) => (await w.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log`)).rows[0]!.n;

describeBackends('notify permissions', (b) => {
  it('every notify and webhook route answers each kind of caller as the table says; refusals change nothing', async () => {
    const w = await makeWorld(await b.fresh());
    const failures: string[] = [];
    for (const row of ROWS) {
      expect(row.expect, row.route).toHaveLength(WHO.length);
      for (const [i, who] of WHO.entries()) {
        const want = row.expect[i]!;
        const c = await row.call(w, who);
        const client = who === 'anon' ? w.anon : w.as(who);
        const before = want >= 400 ? await fingerprint(w.db) : undefined;
        const audits = await auditCount(w);
        const res = await client.request(c.method, c.path, c.body);
        if (res.status !== want) {
          failures.push(`${row.route} as ${who}: ${res.status} (wanted ${want}) ${res.text.slice(0, 200)}`);
          continue;
        }
        if (want >= 400) {
          expect(res.headers.get('content-type'), `${row.route} as ${who}`).toMatch(/^application\/problem\+json/);
          expect(await fingerprint(w.db), `${row.route} as ${who} was refused but changed the database`).toBe(before);
        } else if (row.audited === true) {
          expect(await auditCount(w), `${row.route} as ${who} changed data without an audit entry`).toBeGreaterThan(audits);
        } else {
          expect(await auditCount(w), `${row.route} as ${who} only reads`).toBe(audits);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it("lists never show another organisation's channels, routes or webhooks", async () => {
    const w = await makeWorld(await b.fresh());
    await w.as('admin').put('/api/notify/channels/sms', smsSettings());
    await w.as('admin').put('/api/notify/routing', { routes: { '*': ['sms'] } });
    await w.as('admin').post('/api/webhooks', { url: 'https://dms.example.com/a', eventTypes: ['*'] });
    const b1 = w.as('adminB');
    expect((await b1.get('/api/notify/channels')).body.items).toEqual([]);
    expect((await b1.get('/api/notify/routing')).body.routes).toEqual({});
    expect((await b1.get('/api/webhooks')).body.items).toEqual([]);
    expect((await w.as('admin').get('/api/webhooks')).body.items).toHaveLength(1);
  });
});
