import { expect, it } from 'vitest';
import { parseSop } from '../model/yaml/read.ts';
import { executeCommand, startCase } from '../store/cases.ts';
import { publishDefinition, saveDraft } from '../store/definitions.ts';
import { addCustomer, addStaff, setRoleStaff } from '../store/directory.ts';
import { createApiToken } from './auth/api-tokens.ts';
import { describeBackends } from '../store/testing/backends.ts';
import { REPAIR_V1, lineSop } from './testing/sops.ts';
import { fingerprint, makeWorld, PERSONAS, TEST_PASSWORD, type Persona, type World } from './testing/world.ts';

/**
 * Every route, called by every kind of person, against a permission table written out here —
 * deliberately NOT derived from the server's policy code, so a wrong rule there fails here.
 * A refused call must change nothing: the database (every table the API writes, the audit log
 * included) is compared before and after. An allowed change must leave an audit entry.
 *
 * The people (see testing/world.ts): admin, gm (general manager), auditor (organisation-wide),
 * mgr1 (manager of s1), aud1 (auditor of s1), adv1 (advisor in s1), tech1 (technician in s1),
 * adv2 (advisor in s2); adminB and advB belong to ANOTHER organisation. Targets are in s1 of
 * org A unless said otherwise. 404 = not visible (other store, other organisation).
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
  /** Status per caller, in the order of WHO: anon admin gm auditor mgr1 aud1 adv1 tech1 adv2 adminB advB. */
  readonly expect: readonly number[];
  /** Makes a fresh target for each call (so one caller's success never changes another's answer). */
  readonly call: (w: World, who: Who) => Promise<Call>;
  /** An allowed call changes data: it must write an audit entry. */
  readonly audited?: boolean;
}

let n = 0;
const uniq = () => ++n;

async function openTask(w: World, storeId = 's1'): Promise<{ caseId: string; taskId: string }> {
  const out = await startCase(w.store, { orgId: 'org-a', process: 'repair', storeId, data: { plate: `P${uniq()}` } }, { now: w.clock.now, actor: 'adv1' });
  return { caseId: out.caseId, taskId: out.state.tasks[0]!.id };
}
async function claimedTask(w: World) {
  const t = await openTask(w);
  await executeCommand(w.store, t.caseId, { type: 'claim', taskId: t.taskId, by: 'adv1' }, { now: w.clock.now, actor: 'adv1' });
  return t;
}
async function waitingTask(w: World) {
  const t = await claimedTask(w);
  await executeCommand(w.store, t.caseId, { type: 'waitForCustomer', taskId: t.taskId, by: 'adv1' }, { now: w.clock.now, actor: 'adv1' });
  return t;
}
const repairV = (v: number) => REPAIR_V1.replace('version: 1', `version: ${v}`);
async function draft(w: World): Promise<number> {
  const v = 100 + uniq();
  await saveDraft(w.db, { orgId: 'org-a', definition: parseSop(repairV(v), 'x.yaml'), source: repairV(v), format: 'yaml' }, { now: w.clock.now });
  return v;
}
async function published(w: World): Promise<number> {
  const v = 100 + uniq();
  await publishDefinition(w.db, { orgId: 'org-a', definition: parseSop(repairV(v), 'x.yaml'), source: repairV(v), format: 'yaml' }, { now: w.clock.now });
  return v;
}
async function tmpStaff(w: World): Promise<string> {
  const id = `tmp-${uniq()}`;
  await addStaff(w.db, { id, orgId: 'org-a', name: 'Temp' }, { now: w.clock.now });
  await setRoleStaff(w.db, 'org-a', 's1', 'advisor', ['adv1', id]);
  await w.db.query(`INSERT INTO staff_logins (staff_id, org_id, login, password_hash, password_changed_at, created_at) VALUES ($1, 'org-a', $1, 'x', now(), now())`, [id]);
  return id;
}

const get = (path: string) => async (): Promise<Call> => ({ method: 'GET', path });
const on = (method: string, path: string, body?: unknown) => async (): Promise<Call> => ({ method, path, body });
const login = (who: Who) => (who === 'anon' ? 'nobody' : who);

//                                                    anon admin gm  audit mgr1 aud1 adv1 tech1 adv2 admB advB
const ROWS: Row[] = [
  { route: 'GET /health',                  expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], call: get('/health') },
  { route: 'GET /api/openapi.json',        expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], call: get('/api/openapi.json') },
  { route: 'GET /api/docs',                expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], call: get('/api/docs') },
  { route: 'POST /api/auth/login',         expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], call: async (_w, who) => ({ method: 'POST', path: '/api/auth/login', body: { login: login(who), password: TEST_PASSWORD } }) },
  { route: 'POST /api/auth/logout',        expect: [204, 204, 204, 204, 204, 204, 204, 204, 204, 204, 204], call: on('POST', '/api/auth/logout') },
  { route: 'GET /api/me',                  expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], call: get('/api/me') },
  { route: 'GET /api/tokens',              expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], call: get('/api/tokens') },
  { route: 'GET /api/tokens?all=true',     expect: [401, 200, 403, 403, 403, 403, 403, 403, 403, 200, 403], call: get('/api/tokens?all=true') },
  { route: 'POST /api/tokens (own)',       expect: [401, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201], call: on('POST', '/api/tokens', { name: 'mine' }), audited: true },
  { route: 'POST /api/tokens (for adv1)',  expect: [401, 201, 403, 403, 403, 403, 201, 403, 403, 404, 403], call: on('POST', '/api/tokens', { name: 'crm', staffId: 'adv1' }), audited: true },
  {
    route: 'DELETE /api/tokens/{id} (adv1\'s)',
    expect:                                        [401, 204, 404, 404, 404, 404, 204, 404, 404, 404, 404],
    call: async (w) => ({ method: 'DELETE', path: `/api/tokens/${(await createApiToken(w.db, { id: `t${uniq()}`, orgId: 'org-a', staffId: 'adv1', name: 'x', createdBy: 'adv1' }, { now: w.clock.now })).record.id}` }),
    audited: true,
  },
  {
    route: 'POST /api/auth/password',
    expect:                                        [401, 204, 204, 204, 204, 204, 204, 204, 204, 204, 204],
    call: on('POST', '/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD }),
    audited: true,
  },
  { route: 'POST /api/orgs (sign-up)',     expect: [201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201], call: async () => ({ method: 'POST', path: '/api/orgs', body: { organisation: { name: 'New' }, admin: { name: 'Boss', login: `boss${uniq()}`, password: 'a long enough password' } } }), audited: true },
  { route: 'GET /api/org',                 expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], call: get('/api/org') },
  { route: 'PATCH /api/org',               expect: [401, 200, 403, 403, 403, 403, 403, 403, 403, 200, 403], call: async () => ({ method: 'PATCH', path: '/api/org', body: { name: `Org ${uniq()}` } }), audited: true },
  { route: 'GET /api/stores',              expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], call: get('/api/stores') },
  { route: 'POST /api/stores',             expect: [401, 201, 403, 403, 403, 403, 403, 403, 403, 201, 403], call: on('POST', '/api/stores', { name: 'New store' }), audited: true },
  { route: 'GET /api/stores/s1',           expect: [401, 200, 200, 200, 200, 200, 200, 200, 404, 404, 404], call: get('/api/stores/s1') },
  { route: 'PATCH /api/stores/s1',         expect: [401, 200, 403, 403, 403, 403, 403, 403, 404, 404, 404], call: async () => ({ method: 'PATCH', path: '/api/stores/s1', body: { name: `Store ${uniq()}` } }), audited: true },
  { route: 'GET /api/stores/s1/roster',    expect: [401, 200, 200, 200, 200, 200, 200, 200, 404, 404, 404], call: get('/api/stores/s1/roster') },
  { route: 'PUT /api/stores/s1/roster/x',  expect: [401, 200, 200, 403, 200, 403, 403, 403, 404, 404, 404], call: on('PUT', '/api/stores/s1/roster/advisor', { staff: ['adv1'] }), audited: true },
  { route: 'PUT /api/stores/s1/duty',      expect: [401, 200, 200, 403, 200, 403, 403, 403, 404, 404, 404], call: on('PUT', '/api/stores/s1/duty', { onDuty: ['adv1', 'tech1'] }), audited: true },
  { route: 'GET /api/staff',               expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], call: get('/api/staff') },
  { route: 'POST /api/staff',              expect: [401, 201, 403, 403, 403, 403, 403, 403, 403, 201, 403], call: async () => ({ method: 'POST', path: '/api/staff', body: { name: 'New person', id: `p${uniq()}` } }), audited: true },
  { route: 'GET /api/staff/adv1',          expect: [401, 200, 200, 200, 200, 200, 200, 200, 404, 404, 404], call: get('/api/staff/adv1') },
  { route: 'PATCH /api/staff/adv1',        expect: [401, 200, 403, 403, 403, 403, 403, 403, 404, 404, 404], call: async () => ({ method: 'PATCH', path: '/api/staff/adv1', body: { name: `Adv ${uniq()}` } }), audited: true },
  { route: 'PUT /api/staff/adv1/roles',    expect: [401, 200, 403, 403, 403, 403, 403, 403, 404, 404, 404], call: on('PUT', '/api/staff/adv1/roles', { roles: [{ storeId: 's1', role: 'advisor' }] }), audited: true },
  { route: 'PUT /api/staff/adv1/access',   expect: [401, 200, 403, 403, 403, 403, 403, 403, 404, 404, 404], call: on('PUT', '/api/staff/adv1/access', { access: [] }), audited: true },
  { route: 'PUT /api/staff/{tmp}/login',   expect: [401, 200, 403, 403, 403, 403, 403, 403, 404, 404, 404], call: async (w) => ({ method: 'PUT', path: `/api/staff/${await tmpStaff(w)}/login`, body: { login: `l${uniq()}` } }), audited: true },
  { route: 'DELETE /api/staff/{tmp}/login', expect: [401, 204, 403, 403, 403, 403, 403, 403, 404, 404, 404], call: async (w) => ({ method: 'DELETE', path: `/api/staff/${await tmpStaff(w)}/login` }), audited: true },
  { route: 'GET /api/definitions',         expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], call: get('/api/definitions') },
  { route: 'POST /api/definitions/validate', expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], call: on('POST', '/api/definitions/validate', { source: REPAIR_V1 }) },
  { route: 'POST /api/definitions',        expect: [401, 201, 403, 403, 403, 403, 403, 403, 403, 201, 403], call: async () => ({ method: 'POST', path: '/api/definitions', body: { source: repairV(1000 + uniq()) } }), audited: true },
  { route: 'GET /api/definitions/repair',  expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], call: get('/api/definitions/repair') },
  { route: 'GET …/repair/versions/1',      expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], call: get('/api/definitions/repair/versions/1') },
  { route: 'POST …/versions/{v}/publish',  expect: [401, 200, 403, 403, 403, 403, 403, 403, 403, 404, 404], call: async (w) => ({ method: 'POST', path: `/api/definitions/repair/versions/${await draft(w)}/publish` }), audited: true },
  { route: 'POST …/versions/{v}/retire',   expect: [401, 200, 403, 403, 403, 403, 403, 403, 403, 404, 404], call: async (w) => ({ method: 'POST', path: `/api/definitions/repair/versions/${await published(w)}/retire` }), audited: true },
  { route: 'DELETE …/versions/{v}',        expect: [401, 204, 403, 403, 403, 403, 403, 403, 403, 404, 404], call: async (w) => ({ method: 'DELETE', path: `/api/definitions/repair/versions/${await draft(w)}` }), audited: true },
  { route: 'GET …/repair/diff',            expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 404, 404], call: async (w) => ({ method: 'GET', path: `/api/definitions/repair/diff?from=1&to=${await draft(w)}` }) },
  { route: 'GET /api/library',             expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], call: get('/api/library') },
  { route: 'POST /api/library/install',    expect: [401, 200, 403, 403, 403, 403, 403, 403, 403, 200, 403], call: on('POST', '/api/library/install', { key: 'line' }), audited: false },
  { route: 'POST /api/customers',          expect: [401, 201, 201, 403, 201, 403, 201, 201, 201, 201, 201], call: async () => ({ method: 'POST', path: '/api/customers', body: { name: '王先生', id: `c${uniq()}` } }), audited: true },
  {
    route: 'GET /api/customers/{id}',
    expect:                                        [401, 200, 200, 200, 200, 200, 200, 200, 200, 404, 404],
    call: async (w) => {
      const id = `cust${uniq()}`;
      await addCustomer(w.db, { id, orgId: 'org-a', name: '王先生' }, { now: w.clock.now });
      return { method: 'GET', path: `/api/customers/${id}` };
    },
  },
  { route: 'POST /api/cases (in s1)',      expect: [401, 201, 201, 403, 201, 403, 201, 201, 403, 422, 422], call: async () => ({ method: 'POST', path: '/api/cases', body: { process: 'repair', storeId: 's1', data: { plate: `X${uniq()}` } } }), audited: true },
  { route: 'GET /api/cases',               expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], call: get('/api/cases') },
  { route: 'GET /api/cases/{id}',          expect: [401, 200, 200, 200, 200, 200, 200, 200, 404, 404, 404], call: async (w) => ({ method: 'GET', path: `/api/cases/${(await openTask(w)).caseId}` }) },
  { route: 'GET /api/cases/{id}/timeline', expect: [401, 200, 200, 200, 200, 200, 200, 200, 404, 404, 404], call: async (w) => ({ method: 'GET', path: `/api/cases/${(await openTask(w)).caseId}/timeline` }) },
  { route: 'POST /api/cases/{id}/comments', expect: [401, 201, 201, 403, 201, 403, 201, 201, 404, 404, 404], call: async (w) => ({ method: 'POST', path: `/api/cases/${(await openTask(w)).caseId}/comments`, body: { text: 'called the customer' } }), audited: true },
  { route: 'POST /api/cases/{id}/cancel',  expect: [401, 200, 200, 403, 200, 403, 403, 403, 404, 404, 404], call: async (w) => ({ method: 'POST', path: `/api/cases/${(await openTask(w)).caseId}/cancel`, body: { reason: 'duplicate' } }), audited: true },
  { route: 'GET /api/inbox',               expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], call: get('/api/inbox') },
  { route: 'GET /api/inbox?view=store',    expect: [401, 200, 200, 200, 200, 200, 403, 403, 403, 200, 403], call: get('/api/inbox?view=store') },
  { route: 'GET /api/tasks/{id}',          expect: [401, 200, 200, 200, 200, 200, 200, 200, 404, 404, 404], call: async (w) => ({ method: 'GET', path: `/api/tasks/${(await openTask(w)).taskId}` }) },
  { route: 'POST …/claim (open, advisor)', expect: [401, 403, 403, 403, 403, 403, 200, 403, 404, 404, 404], call: async (w) => ({ method: 'POST', path: `/api/tasks/${(await openTask(w)).taskId}/claim` }), audited: true },
  { route: 'POST …/release (adv1 holds)',  expect: [401, 403, 403, 403, 403, 403, 200, 403, 404, 404, 404], call: async (w) => ({ method: 'POST', path: `/api/tasks/${(await claimedTask(w)).taskId}/release` }), audited: true },
  {
    route: 'POST …/complete (open)',
    expect:                                        [401, 403, 403, 403, 403, 403, 200, 403, 404, 404, 404],
    call: async (w) => ({ method: 'POST', path: `/api/tasks/${(await openTask(w)).taskId}/complete`, body: { form: { phone: '13800001234', mileage: 1 }, checklist: { covers: true } } }),
    audited: true,
  },
  { route: 'POST …/reassign (to adv1)',    expect: [401, 200, 200, 403, 200, 403, 403, 403, 404, 404, 404], call: async (w) => ({ method: 'POST', path: `/api/tasks/${(await openTask(w)).taskId}/reassign`, body: { to: { staffId: 'adv1' } } }), audited: true },
  { route: 'POST …/wait-for-customer',     expect: [401, 403, 403, 403, 403, 403, 200, 403, 404, 404, 404], call: async (w) => ({ method: 'POST', path: `/api/tasks/${(await claimedTask(w)).taskId}/wait-for-customer` }), audited: true },
  { route: 'POST …/customer-responded',    expect: [401, 403, 403, 403, 403, 403, 200, 403, 404, 404, 404], call: async (w) => ({ method: 'POST', path: `/api/tasks/${(await waitingTask(w)).taskId}/customer-responded` }), audited: true },
  { route: 'GET /api/audit',               expect: [401, 200, 403, 200, 403, 403, 403, 403, 403, 200, 403], call: get('/api/audit') },
];

const auditCount = async (w: World) => (await w.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log`)).rows[0]!.n;

describeBackends('api permissions', (b) => {
  it('every route answers each kind of caller as the table says; refusals change nothing', async () => {
    const line = lineSop(3);
    const w = await makeWorld(await b.fresh(), { library: [{ file: 'line.yaml', source: line, definition: parseSop(line, 'line.yaml') }], config: { loginLimit: { maxFailures: 10_000, windowMs: 60_000 } } });
    const failures: string[] = [];
    for (const row of ROWS) {
      expect(row.expect, row.route).toHaveLength(WHO.length);
      for (const [i, who] of WHO.entries()) {
        const want = row.expect[i]!;
        const c = await row.call(w, who);
        const client = who === 'anon' ? w.anon : await w.fresh(who);
        const before = want >= 400 ? await fingerprint(w.db) : undefined;
        const audits = want < 400 && row.audited === true ? await auditCount(w) : 0;
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
        }
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('lists never show another store or organisation', async () => {
    const w = await makeWorld(await b.fresh());
    const inA = await openTask(w, 's1');
    const inS2 = await openTask(w, 's2');
    const caseIds = async (who: Persona) => (await w.as(who).get('/api/cases')).body.items.map((c: { id: string }) => c.id).sort();
    expect(await caseIds('admin')).toEqual([inA.caseId, inS2.caseId].sort());
    expect(await caseIds('adv1')).toEqual([inA.caseId]);
    expect(await caseIds('adv2')).toEqual([inS2.caseId]);
    expect(await caseIds('adminB')).toEqual([]);
    expect((await w.as('adminB').get('/api/stores')).body.items.map((s: { id: string }) => s.id)).toEqual(['b1']);
    expect((await w.as('adv2').get('/api/stores')).body.items.map((s: { id: string }) => s.id)).toEqual(['s2']);
    const staff = (await w.as('adminB').get('/api/staff')).body.items.map((s: { id: string }) => s.id).sort();
    expect(staff).toEqual(['adminB', 'advB']);
    expect((await w.as('adv2').get('/api/inbox')).body.items.map((t: { id: string }) => t.id)).toEqual([inS2.taskId]);
    expect((await w.as('adminB').get('/api/inbox?view=store')).body.items).toEqual([]);
    expect((await w.as('aud1').get('/api/inbox?view=store')).body.items.map((t: { id: string }) => t.id)).toEqual([inA.taskId]);
    expect((await w.as('adminB').get('/api/audit')).body.items.every((a: { actorId: string }) => a.actorId === 'adminB' || a.actorId === 'advB')).toBe(true);
  });
});
