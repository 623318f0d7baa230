import { expect, it } from 'vitest';
import { startCase } from '../store/cases.ts';
import { describeBackends } from '../store/testing/backends.ts';
import { fingerprint, makeWorld, PERSONAS, type Persona, type World } from '../api/testing/world.ts';
import { addRequirement, issueCertificate } from './certification/repo.ts';
import { addQuestion } from './training/repo.ts';
import { computeAndStore } from './appraisal/repo.ts';

/**
 * The staff routes, called by every kind of person, against a permission table written out here
 * (not derived from the route code). Refusals change nothing (fingerprint of every table);
 * allowed changes leave an audit entry. Targets belong to tech1 (technician in s1, managed by
 * mgr1, audited by aud1) unless said otherwise; adminB and advB are another organisation, for
 * which org A's ids are 404.
 */

type Who = 'anon' | Persona;
const WHO: readonly Who[] = ['anon', ...PERSONAS];

interface Row {
  readonly route: string;
  /** anon admin gm auditor mgr1 aud1 adv1 tech1 adv2 adminB advB */
  readonly expect: readonly number[];
  readonly call: (w: World) => Promise<{ method: string; path: string; body?: unknown }>;
  readonly audited?: boolean;
}

let n = 0;
const uniq = () => ++n;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 2, 1, 0);

async function cert(w: World): Promise<string> {
  const id = `tcert-${uniq()}`;
  await issueCertificate(w.db, { id, orgId: 'org-a', staffId: 'tech1', certType: 'fix', issuedAt: w.clock.now - DAY, expiresAt: w.clock.now + 100 * DAY, issuedBy: 'admin' }, w.clock.now);
  return id;
}
async function requirement(w: World): Promise<string> {
  const id = `req-${uniq()}`;
  await addRequirement(w.db, { id, orgId: 'org-a', processKey: 'repair', node: null, role: 'nobody-role', certType: 'x' }, w.clock.now);
  return id;
}
/** A manager's question of org A's technician quiz. */
async function question(w: World): Promise<string> {
  const id = `q-${uniq()}`;
  await addQuestion(w.db, { id, orgId: 'org-a', processKey: 'repair', role: 'technician', question: { prompt: { zh: '问' }, options: [{ zh: '甲' }, { zh: '乙' }], correct: 0 }, by: 'mgr1' }, w.clock.now);
  return id;
}
/** A fresh draft sheet of tech1 (each in its own one-day period). */
async function sheet(w: World): Promise<string> {
  const from = T0 - uniq() * DAY;
  const out = await computeAndStore(w.db, 'org-a', { from, to: from + DAY }, () => `sheet-${uniq()}`, w.clock.now, 'tech1');
  return out.written[0]!;
}
async function openTask(w: World): Promise<string> {
  const out = await startCase(w.store, { orgId: 'org-a', process: 'repair', storeId: 's1', data: { plate: `P${uniq()}` } }, { now: w.clock.now, actor: 'adv1' });
  return out.state.tasks[0]!.id;
}
const get = (path: string) => async () => ({ method: 'GET', path });
const on = (method: string, path: string, body?: unknown) => async () => ({ method, path, body });
const PERIOD = `from=${encodeURIComponent('2026-03-01T00:00:00+08:00')}&to=${encodeURIComponent('2026-04-01T00:00:00+08:00')}`;

//                         anon admin gm  aud  mgr1 aud1 adv1 tech1 adv2 adminB advB
const ALL_READ = [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200];
const OVERSEE_TECH1 = [401, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404];
const MANAGE_TECH1 = (ok: number) => [401, ok, ok, 403, ok, 403, 404, 403, 404, 404, 404];
const ADMIN_ONLY = (ok: number) => [401, ok, 403, 403, 403, 403, 403, 403, 403, ok, 403];
const OVERSEERS = [401, 200, 200, 200, 200, 200, 403, 403, 403, 200, 403];

const ROWS: Row[] = [
  { route: 'GET study page', expect: ALL_READ, call: get('/api/training/repair/advisor') },
  { route: 'GET quiz', expect: ALL_READ, call: get('/api/training/repair/advisor/quiz') },
  { route: 'POST quiz attempt', expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], call: on('POST', '/api/training/repair/advisor/attempts', { version: 1, answers: {} }), audited: true },
  { route: 'POST quiz question', expect: [401, 201, 201, 403, 201, 403, 403, 403, 403, 201, 403], call: on('POST', '/api/training/repair/technician/questions', { prompt: { zh: '问' }, options: [{ zh: '甲' }, { zh: '乙' }], correct: 0 }), audited: true },
  { route: 'GET quiz questions with answers', expect: [401, 200, 200, 403, 200, 403, 403, 403, 403, 200, 403], call: get('/api/training/repair/technician/questions') },
  { route: 'PUT quiz question', expect: [401, 200, 200, 403, 200, 403, 403, 403, 403, 404, 404], call: async (w) => ({ method: 'PUT', path: `/api/training/repair/technician/questions/${await question(w)}`, body: { prompt: { en: 'Q' }, options: [{ en: 'a' }, { en: 'b' }, { en: 'c' }], correct: 2 } }), audited: true },
  { route: 'DELETE quiz question', expect: [401, 204, 204, 403, 204, 403, 403, 403, 403, 404, 404], call: async (w) => ({ method: 'DELETE', path: `/api/training/repair/technician/questions/${await question(w)}` }), audited: true },
  { route: 'GET sign-offs of a person', expect: OVERSEE_TECH1, call: get('/api/training/signoffs?process=repair&staffId=tech1') },
  { route: 'GET sign-offs', expect: ALL_READ, call: get('/api/training/signoffs') },
  { route: 'GET training records', expect: OVERSEE_TECH1, call: get('/api/training/records?staffId=tech1') },
  { route: 'POST practical sign-off', expect: MANAGE_TECH1(201), call: on('POST', '/api/training/signoffs', { staffId: 'tech1', process: 'repair', skill: 'fix', passed: true, assessorId: 'adv1' }), audited: true },
  { route: 'GET who must re-train', expect: OVERSEERS, call: get('/api/retraining/repair?from=1&to=1') },
  { route: 'GET certificates', expect: OVERSEE_TECH1, call: get('/api/certificates?staffId=tech1') },
  { route: 'POST certificate', expect: MANAGE_TECH1(201), call: on('POST', '/api/certificates', { staffId: 'tech1', certType: 'fix', expiresAt: '2027-03-01T00:00:00Z' }), audited: true },
  { route: 'POST renew', expect: MANAGE_TECH1(201), call: async (w) => ({ method: 'POST', path: `/api/certificates/${await cert(w)}/renew`, body: { expiresAt: null } }), audited: true },
  { route: 'POST revoke', expect: MANAGE_TECH1(204), call: async (w) => ({ method: 'POST', path: `/api/certificates/${await cert(w)}/revoke` }), audited: true },
  { route: 'GET requirements', expect: ALL_READ, call: get('/api/certificate-requirements') },
  { route: 'POST requirement', expect: ADMIN_ONLY(201), call: on('POST', '/api/certificate-requirements', { process: 'repair', role: 'technician', certType: 'fix' }), audited: true },
  { route: 'DELETE requirement', expect: [401, 204, 403, 403, 403, 403, 403, 403, 403, 404, 404], call: async (w) => ({ method: 'DELETE', path: `/api/certificate-requirements/${await requirement(w)}` }), audited: true },
  { route: 'GET task certificate check', expect: [401, 200, 200, 200, 200, 200, 200, 200, 404, 404, 404], call: async (w) => ({ method: 'GET', path: `/api/certificates/tasks/${await openTask(w)}` }) },
  { route: 'GET assignment skips', expect: OVERSEERS, call: get('/api/certificates/skips') },
  { route: 'GET rules', expect: ALL_READ, call: get('/api/appraisal-rules') },
  { route: 'PUT rules', expect: ADMIN_ONLY(200), call: on('PUT', '/api/appraisal-rules', { lines: [{ id: 'x', label: { zh: 'x' }, amount: '-5 * slaBreached' }] }), audited: true },
  { route: 'PUT base bonus', expect: [401, 200, 403, 403, 403, 403, 404, 403, 404, 404, 404], call: on('PUT', '/api/appraisal-base-bonus/tech1', { amount: 500 }), audited: true },
  { route: 'POST compute', expect: [401, 200, 200, 403, 403, 403, 403, 403, 403, 200, 403], call: on('POST', '/api/appraisals/compute', { from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00' }), audited: true },
  { route: 'GET sheets', expect: ALL_READ, call: get(`/api/appraisals?${PERIOD}`) },
  { route: 'GET ranking', expect: ALL_READ, call: get(`/api/appraisals/ranking?${PERIOD}`) },
  { route: 'GET per post', expect: ALL_READ, call: get(`/api/appraisals/posts?${PERIOD}`) },
  { route: 'GET sheet', expect: OVERSEE_TECH1, call: async (w) => ({ method: 'GET', path: `/api/appraisals/${await sheet(w)}` }) },
  { route: 'GET sheet xlsx', expect: OVERSEE_TECH1, call: async (w) => ({ method: 'GET', path: `/api/appraisals/${await sheet(w)}/xlsx` }) },
  { route: 'PUT supervisor score', expect: MANAGE_TECH1(200), call: async (w) => ({ method: 'PUT', path: `/api/appraisals/${await sheet(w)}/supervisor-score`, body: { score: 8 } }), audited: true },
  { route: 'POST sign sheet', expect: MANAGE_TECH1(200), call: async (w) => ({ method: 'POST', path: `/api/appraisals/${await sheet(w)}/sign` }), audited: true },
];

const auditCount = async (w: World) => (await w.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log`)).rows[0]!.n;

describeBackends('staff routes: permissions', (b) => {
  it('every staff route answers each kind of caller as the table says; refusals change nothing; changes are audited', async () => {
    const w = await makeWorld(await b.fresh());
    const failures: string[] = [];
    for (const row of ROWS) {
      expect(row.expect, row.route).toHaveLength(WHO.length);
      for (const [i, who] of WHO.entries()) {
        const want = row.expect[i]!;
        const c = await row.call(w);
        const client = who === 'anon' ? w.anon : w.as(who);
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
});
