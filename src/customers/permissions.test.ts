import { expect, it } from 'vitest';
import { openCard } from '../cards/store.ts';
import { startCase } from '../store/cases.ts';
import { describeBackends } from '../store/testing/backends.ts';
import { fingerprint, makeWorld, PERSONAS, type Persona, type World } from '../api/testing/world.ts';
import { insertCustomer } from './store.ts';

/**
 * The customer and card routes, called by every kind of person, against a table written out
 * here (not derived from the policy code). Refusals change nothing (every table compared);
 * allowed changes leave an audit entry. People as in src/api/testing/world.ts; the targets
 * belong to organisation A, cases are in store s1.
 */

type Who = 'anon' | Persona;
const WHO: readonly Who[] = ['anon', ...PERSONAS];

interface Call {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
}
interface Row {
  readonly route: string;
  /** anon admin gm auditor mgr1 aud1 adv1 tech1 adv2 adminB advB */
  readonly expect: readonly number[];
  readonly call: (w: World) => Promise<Call>;
  readonly audited?: boolean;
}

let n = 0;
const uniq = () => ++n;

async function customer(w: World): Promise<string> {
  const id = `cu${uniq()}`;
  await w.db.transaction((tx) => insertCustomer(tx, { id, orgId: 'org-a', name: '王先生', phones: [`1380000${String(uniq()).padStart(4, '0')}`] }, w.clock.now));
  return id;
}
async function withCase(w: World): Promise<{ customerId: string; caseId: string }> {
  const customerId = await customer(w);
  const out = await startCase(w.store, { orgId: 'org-a', process: 'repair', storeId: 's1', customerId, data: { plate: `P${uniq()}` } }, { now: w.clock.now, actor: 'adv1' });
  return { customerId, caseId: out.caseId };
}
async function card(w: World): Promise<{ cardId: string; caseId: string }> {
  const { customerId, caseId } = await withCase(w);
  const cardId = `card${uniq()}`;
  await w.db.transaction((tx) => openCard(tx, { id: cardId, orgId: 'org-a', customerId, kind: 'balance', label: '储值卡', opening: 10_000, by: 'adv1' }, w.clock.now));
  return { cardId, caseId };
}

const on =
  (method: string, path: (id: string) => string, body?: unknown) =>
  async (w: World): Promise<Call> => ({ method, path: path(await customer(w)), body });

//                                                       anon admin gm  audit mgr1 aud1 adv1 tech1 adv2 admB advB
const ROWS: Row[] = [
  { route: 'POST /api/customers',               expect: [401, 201, 201, 403, 201, 403, 201, 201, 201, 201, 201], call: async () => ({ method: 'POST', path: '/api/customers', body: { name: '李', phones: [`139${String(uniq()).padStart(8, '0')}`] } }), audited: true },
  { route: 'GET /api/customers',                expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], call: async () => ({ method: 'GET', path: '/api/customers?tag=x' }) },
  { route: 'GET /api/customers?q=',             expect: [401, 200, 200, 403, 200, 403, 200, 200, 200, 200, 200], call: async () => ({ method: 'GET', path: '/api/customers?q=%E7%8E%8B' }) },
  { route: 'GET /api/customers/{id}',           expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 404, 404], call: on('GET', (id) => `/api/customers/${id}`) },
  { route: 'PATCH /api/customers/{id}',         expect: [401, 200, 200, 403, 200, 403, 200, 200, 200, 404, 404], call: on('PATCH', (id) => `/api/customers/${id}`, { tags: ['regular'] }), audited: true },
  { route: 'GET …/notes',                       expect: [401, 200, 200, 403, 200, 403, 200, 200, 200, 404, 404], call: on('GET', (id) => `/api/customers/${id}/notes`) },
  { route: 'POST …/notes',                      expect: [401, 201, 201, 403, 201, 403, 201, 201, 201, 404, 404], call: on('POST', (id) => `/api/customers/${id}/notes`, { text: 'likes tea' }), audited: true },
  { route: 'GET …/cases',                       expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 404, 404], call: async (w) => ({ method: 'GET', path: `/api/customers/${(await withCase(w)).customerId}/cases` }) },
  { route: 'POST …/purchases',                  expect: [401, 201, 201, 403, 201, 403, 201, 201, 201, 404, 404], call: on('POST', (id) => `/api/customers/${id}/purchases`, { amountCents: 100 }), audited: true },
  {
    route: 'POST …/purchases (case in s1)',
    expect:                                             [401, 201, 201, 403, 201, 403, 201, 201, 422, 404, 404],
    call: async (w) => {
      const c = await withCase(w);
      return { method: 'POST', path: `/api/customers/${c.customerId}/purchases`, body: { amountCents: 100, caseId: c.caseId } };
    },
    audited: true,
  },
  { route: 'GET /api/customer-tier-rules',      expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], call: async () => ({ method: 'GET', path: '/api/customer-tier-rules' }) },
  { route: 'PUT /api/customer-tier-rules',      expect: [401, 200, 403, 403, 403, 403, 403, 403, 403, 200, 403], call: async () => ({ method: 'PUT', path: '/api/customer-tier-rules', body: { rules: [{ tier: 'vip', when: `assets >= ${uniq()}` }] } }), audited: true },
  { route: 'GET /api/customer-attributes',      expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], call: async () => ({ method: 'GET', path: '/api/customer-attributes' }) },
  { route: 'PUT /api/customer-attributes',      expect: [401, 200, 403, 403, 403, 403, 403, 403, 403, 200, 403], call: async () => ({ method: 'PUT', path: '/api/customer-attributes', body: { personal: ['allergies', `a${uniq()}`] } }), audited: true },
  { route: 'GET …/export',                      expect: [401, 200, 403, 403, 403, 403, 403, 403, 403, 404, 404], call: on('GET', (id) => `/api/customers/${id}/export`), audited: true },
  { route: 'POST …/erase',                      expect: [401, 200, 403, 403, 403, 403, 403, 403, 403, 404, 404], call: on('POST', (id) => `/api/customers/${id}/erase`, { reason: 'request' }), audited: true },
  { route: 'POST …/cards',                      expect: [401, 201, 201, 403, 201, 403, 201, 201, 201, 404, 404], call: on('POST', (id) => `/api/customers/${id}/cards`, { kind: 'sessions', label: '疗程卡', opening: 10 }), audited: true },
  { route: 'GET …/cards',                       expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 404, 404], call: on('GET', (id) => `/api/customers/${id}/cards`) },
  { route: 'GET /api/cards/{id}',               expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 404, 404], call: async (w) => ({ method: 'GET', path: `/api/cards/${(await card(w)).cardId}` }) },
  {
    route: 'POST /api/cards/{id}/entries consume',
    expect:                                             [401, 201, 201, 403, 201, 403, 201, 201, 422, 404, 404],
    call: async (w) => {
      const c = await card(w);
      return { method: 'POST', path: `/api/cards/${c.cardId}/entries`, body: { kind: 'consume', amount: 100, caseId: c.caseId } };
    },
    audited: true,
  },
  {
    route: 'POST /api/cards/{id}/entries adjust',
    expect:                                             [401, 201, 201, 403, 201, 403, 403, 403, 403, 404, 404],
    call: async (w) => ({ method: 'POST', path: `/api/cards/${(await card(w)).cardId}/entries`, body: { kind: 'adjust', amount: -100, reason: 'counted twice' } }),
    audited: true,
  },
  { route: 'POST /api/import/customers dry',    expect: [401, 200, 403, 403, 403, 403, 403, 403, 403, 200, 403], call: async () => ({ method: 'POST', path: '/api/import/customers', body: { format: 'csv', content: '姓名\n王\n', dryRun: true } }) },
  { route: 'POST /api/import/customers',        expect: [401, 201, 403, 403, 403, 403, 403, 403, 403, 201, 403], call: async () => ({ method: 'POST', path: '/api/import/customers', body: { format: 'csv', content: `姓名,电话\n王,136${String(uniq()).padStart(8, '0')}\n` } }), audited: true },
];

async function auditCount(w: World): Promise<number> {
  return Number((await w.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM audit_log`)).rows[0]!.n);
}

describeBackends('customer, card and import permissions', (b) => {
  it('every customer and card route answers each kind of caller as the table says; refusals change nothing', async () => {
    const w = await makeWorld(await b.fresh());
    const failures: string[] = [];
    for (const row of ROWS) {
      expect(row.expect, row.route).toHaveLength(WHO.length);
      for (const [i, who] of WHO.entries()) {
        const want = row.expect[i]!;
        const c = await row.call(w);
        const client = who === 'anon' ? w.anon : w.as(who);
        const before = want >= 400 ? await fingerprint(w.db) : undefined;
        const audits = await auditCount(w);
        const res = await client.request(c.method, c.path, c.body);
        if (res.status !== want) {
          failures.push(`${row.route} as ${who}: ${res.status} (wanted ${want}) ${res.text.slice(0, 200)}`);
          continue;
        }
        if (want >= 400) expect(await fingerprint(w.db), `${row.route} as ${who} was refused but changed the database`).toBe(before);
        else if (row.audited === true) expect(await auditCount(w), `${row.route} as ${who} changed data without an audit entry`).toBeGreaterThan(audits);
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
