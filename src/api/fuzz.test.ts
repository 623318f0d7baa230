import fc from 'fast-check';
import { expect, it } from 'vitest';
import { openCard } from '../cards/store.ts';
import { insertCustomer } from '../customers/store.ts';
import { startCase } from '../store/cases.ts';
import { describeBackends } from '../store/testing/backends.ts';
import { REPAIR_V1 } from './testing/sops.ts';
import { fingerprint, makeWorld, type Client, type Persona, type World } from './testing/world.ts';

/**
 * Property: whatever body a client sends to a route that changes things, the answer is never a
 * 500; a refusal is problem+json with a code and leaves the database exactly as it was (no
 * partial write). Bodies are arbitrary JSON values, valid bodies with one field replaced by
 * anything, valid bodies with a stray field, and bytes that are not JSON at all.
 */

interface Target {
  readonly name: string;
  readonly as: Persona;
  readonly method: string;
  readonly path: (w: World) => Promise<string>;
  /** A body the route accepts (the seed of the mutations). */
  readonly valid: Record<string, unknown>;
}

async function openTask(w: World): Promise<{ caseId: string; taskId: string }> {
  const out = await startCase(w.store, { orgId: 'org-a', process: 'repair', storeId: 's1', data: { plate: 'P1' } }, { now: w.clock.now, actor: 'adv1' });
  return { caseId: out.caseId, taskId: out.state.tasks[0]!.id };
}
const fixed = (p: string) => async () => p;

const TARGETS: Target[] = [
  { name: 'login', as: 'adv1', method: 'POST', path: fixed('/api/auth/login'), valid: { login: 'adv1', password: 'wrong password here' } },
  { name: 'password', as: 'adv1', method: 'POST', path: fixed('/api/auth/password'), valid: { currentPassword: 'nope nope nope', newPassword: 'another long one' } },
  { name: 'token', as: 'adv1', method: 'POST', path: fixed('/api/tokens'), valid: { name: 'x' } },
  { name: 'sign-up', as: 'adv1', method: 'POST', path: fixed('/api/orgs'), valid: { organisation: { name: 'N' }, admin: { name: 'A', login: 'adv1', password: 'a long enough password' } } },
  { name: 'org', as: 'admin', method: 'PATCH', path: fixed('/api/org'), valid: { name: 'Org A' } },
  { name: 'store', as: 'admin', method: 'POST', path: fixed('/api/stores'), valid: { id: 's1', name: 'dup' } },
  { name: 'store patch', as: 'admin', method: 'PATCH', path: fixed('/api/stores/s1'), valid: { timeZone: 'Asia/Shanghai' } },
  { name: 'roster', as: 'mgr1', method: 'PUT', path: fixed('/api/stores/s1/roster/advisor'), valid: { staff: ['adv1'] } },
  { name: 'duty', as: 'mgr1', method: 'PUT', path: fixed('/api/stores/s1/duty'), valid: { onDuty: ['adv1', 'tech1'] } },
  { name: 'staff', as: 'admin', method: 'POST', path: fixed('/api/staff'), valid: { id: 'adv1', name: 'dup', login: 'adv1', roles: [{ storeId: 's1', role: 'advisor' }] } },
  { name: 'staff patch', as: 'admin', method: 'PATCH', path: fixed('/api/staff/adv1'), valid: { active: true } },
  { name: 'roles', as: 'admin', method: 'PUT', path: fixed('/api/staff/adv1/roles'), valid: { roles: [{ storeId: 's1', role: 'advisor' }] } },
  { name: 'access', as: 'admin', method: 'PUT', path: fixed('/api/staff/admin/access'), valid: { access: [{ level: 'admin' }] } },
  { name: 'login set', as: 'admin', method: 'PUT', path: fixed('/api/staff/adv1/login'), valid: { login: 'tech1', password: 'a long enough password' } },
  { name: 'upload', as: 'admin', method: 'POST', path: fixed('/api/definitions'), valid: { format: 'yaml', source: REPAIR_V1 } },
  { name: 'validate', as: 'adv1', method: 'POST', path: fixed('/api/definitions/validate'), valid: { source: REPAIR_V1 } },
  { name: 'install', as: 'admin', method: 'POST', path: fixed('/api/library/install'), valid: { key: 'nothing-like-it' } },
  { name: 'customer', as: 'adv1', method: 'POST', path: fixed('/api/customers'), valid: { id: 'c-dup', ownerStaffId: 'nobody' } },
  { name: 'case', as: 'adv1', method: 'POST', path: fixed('/api/cases'), valid: { process: 'repair', storeId: 's1', data: {} } },
  { name: 'comment', as: 'aud1', method: 'POST', path: async (w) => `/api/cases/${(await openTask(w)).caseId}/comments`, valid: { text: 'hello' } },
  { name: 'cancel', as: 'adv1', method: 'POST', path: async (w) => `/api/cases/${(await openTask(w)).caseId}/cancel`, valid: { reason: 'r' } },
  { name: 'claim', as: 'tech1', method: 'POST', path: async (w) => `/api/tasks/${(await openTask(w)).taskId}/claim`, valid: { expectedVersion: 1 } },
  { name: 'complete', as: 'adv1', method: 'POST', path: async (w) => `/api/tasks/${(await openTask(w)).taskId}/complete`, valid: { form: { phone: '13800001234', mileage: 5 }, checklist: { covers: false } } },
  { name: 'reassign', as: 'mgr1', method: 'POST', path: async (w) => `/api/tasks/${(await openTask(w)).taskId}/reassign`, valid: { to: { staffId: 'tech1' } } },
  { name: 'notify channel', as: 'admin', method: 'PUT', path: fixed('/api/notify/channels/wecom'), valid: { settings: { url: 'https://wecom.example.com/send?k={{secret}}', bodyTemplate: { touser: '{{to}}' }, successField: 'errcode', successValue: 0 }, secret: 'k' } },
  { name: 'notify routing', as: 'admin', method: 'PUT', path: fixed('/api/notify/routing'), valid: { routes: { 'sla.breach': ['sms', 'wecom'], '*': [] } } },
  { name: 'contact', as: 'adv1', method: 'PUT', path: fixed('/api/staff/adv1/contact'), valid: { email: 'a@example.com', phone: '+86 13800001234', wecomUserId: 'Li' } },
  { name: 'webhook', as: 'admin', method: 'POST', path: fixed('/api/webhooks'), valid: { url: 'https://dms.example.com/hook', eventTypes: ['task.*'], secret: 'sixteen-chars-at-least' } },
  { name: 'customer patch', as: 'adv1', method: 'PATCH', path: async (w) => `/api/customers/${await customer(w)}`, valid: { phones: ['13800001234'], attributes: { assets: 1 }, tags: ['x'], consent: { sms: true } } },
  { name: 'customer note', as: 'adv1', method: 'POST', path: async (w) => `/api/customers/${await customer(w)}/notes`, valid: { text: 'x' } },
  { name: 'purchase', as: 'adv1', method: 'POST', path: async (w) => `/api/customers/${await customer(w)}/purchases`, valid: { amountCents: 100 } },
  { name: 'tier rules', as: 'admin', method: 'PUT', path: fixed('/api/customer-tier-rules'), valid: { rules: [{ tier: 'vip', when: 'assets >= 1' }] } },
  { name: 'erase', as: 'admin', method: 'POST', path: async (w) => `/api/customers/${await customer(w)}/erase`, valid: { reason: 'r' } },
  { name: 'card', as: 'adv1', method: 'POST', path: async (w) => `/api/customers/${await customer(w)}/cards`, valid: { kind: 'balance', label: 'x', opening: 1 } },
  { name: 'card entry', as: 'mgr1', method: 'POST', path: fixed('/api/cards/fuzz-card/entries'), valid: { kind: 'consume', amount: 5, caseId: 'fuzz-case' } },
  { name: 'import', as: 'admin', method: 'POST', path: fixed('/api/import/customers'), valid: { format: 'csv', content: '姓名,电话\n王,13900000000\n', dryRun: true } },
];

let customers = 0;
/** A fresh customer of org A (for routes on one customer). */
async function customer(w: World): Promise<string> {
  const id = `fuzz-c${++customers}`;
  await w.db.transaction((tx) => insertCustomer(tx, { id, orgId: 'org-a', name: '王' }, w.clock.now));
  return id;
}

/** Arbitrary JSON-ish values, including deep ones, huge numbers and odd strings. */
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom(null, '', ' ', -1, 0, 1e308, -0, 2 ** 53, '../../etc/passwd', "'; DROP TABLE cases; --", '\u0000', '💥'.repeat(100), 'x'.repeat(5000), [], {}),
);

function bodies(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  return fc.oneof(
    anyValue,
    // One field replaced by anything.
    fc.tuple(fc.constantFrom(...keys), anyValue).map(([k, v]) => ({ ...valid, [k]: v })),
    // One field dropped.
    fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(valid).filter(([x]) => x !== k))),
    // A stray field.
    fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), anyValue).map(([k, v]) => ({ ...valid, [k]: v })),
  );
}

const notJson = fc.oneof(fc.string({ maxLength: 50 }), fc.constantFrom('{', '{"a":', '[1,2', 'null null', '\uFEFF{}', '{"__proto__": {"x": 1}}'));

async function check(w: World, client: Client, method: string, path: string, body: string, label: string): Promise<void> {
  const before = await fingerprint(w.db);
  const res = await client.request(method, path, body, { 'content-type': 'application/json' });
  expect(res.status, `${label}: ${body.slice(0, 200)} → ${res.text.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers.get('content-type'), label).toMatch(/^application\/problem\+json/);
    expect(typeof res.body?.code, label).toBe('string');
    expect(await fingerprint(w.db), `${label}: refused with ${res.status} but changed the database: ${body.slice(0, 200)}`).toBe(before);
  }
}

// Runs per route: modest by default (the suite shares a 2-core machine); SERVFLOW_FUZZ_RUNS=200 for a deep search.
const RUNS = Number(process.env.SERVFLOW_FUZZ_RUNS ?? 10);

describeBackends('api fuzzing', (b) => {
  it('bad bodies get 4xx problem+json, never a 500, never a partial write', async () => {
    const w = await makeWorld(await b.fresh(), { config: { loginLimit: { maxFailures: 100_000, windowMs: 60_000 } } });
    const holder = await customer(w);
    await startCase(w.store, { orgId: 'org-a', process: 'repair', storeId: 's1', customerId: holder, caseId: 'fuzz-case', data: { plate: 'P' } }, { now: w.clock.now, actor: 'adv1' });
    await w.db.transaction((tx) => openCard(tx, { id: 'fuzz-card', orgId: 'org-a', customerId: holder, kind: 'balance', label: 'x', opening: 1_000, by: 'adv1' }, w.clock.now));
    for (const t of TARGETS) {
      const client = w.as(t.as);
      await fc.assert(
        fc.asyncProperty(bodies(t.valid), async (body) => check(w, client, t.method, await t.path(w), JSON.stringify(body) ?? 'null', t.name)),
        { numRuns: RUNS, seed: 20261123 },
      );
      await fc.assert(
        fc.asyncProperty(notJson, async (text) => check(w, client, t.method, await t.path(w), text, `${t.name} (not JSON)`)),
        { numRuns: 3, seed: 7 },
      );
    }
  }, 600_000);

  it('odd ids in paths and odd query strings are 4xx or empty answers, never a 500', async () => {
    const w = await makeWorld(await b.fresh());
    const admin = w.as('admin');
    const segment = fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fc.constantFrom('..', '%00', '%ZZ', 'a'.repeat(300), '💥', ' '));
    const query = fc.dictionary(fc.constantFrom('limit', 'cursor', 'status', 'storeId', 'sla', 'view', 'startedFrom', 'from', 'to', 'all', 'x'), fc.string({ maxLength: 20 }), { maxKeys: 3 });
    const paths = ['/api/cases/%s', '/api/cases/%s/timeline', '/api/tasks/%s', '/api/staff/%s', '/api/stores/%s', '/api/stores/%s/roster', '/api/definitions/%s', '/api/definitions/repair/versions/%s', '/api/customers/%s', '/api/webhooks/%s', '/api/webhooks/%s/deliveries', '/api/staff/%s/contact', '/api/notify/channels/%s', '/api/cards/%s', '/api/customers/%s/cases', '/api/customers/%s/cards', '/api/customers/%s/export'];
    const lists = ['/api/cases', '/api/inbox', '/api/staff', '/api/stores', '/api/audit', '/api/definitions', '/api/definitions/repair/diff', '/api/tokens', '/api/customers'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), segment, async (p, s) => {
        const res = await admin.get(p.replace('%s', encodeURIComponent(s)));
        expect(res.status, `${p} ${s}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
      }),
      { numRuns: RUNS * 3, seed: 11 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...lists), query, async (p, q) => {
        const res = await admin.get(`${p}?${new URLSearchParams(q).toString()}`);
        expect(res.status, `${p}?${JSON.stringify(q)}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
        if (res.status >= 400) expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }),
      { numRuns: RUNS * 3, seed: 12 },
    );
  }, 600_000);
});
