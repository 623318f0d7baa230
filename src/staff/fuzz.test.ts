import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeBackends } from '../store/testing/backends.ts';
import { fingerprint, makeWorld, type Persona, type World } from '../api/testing/world.ts';
import { issueCertificate } from './certification/repo.ts';
import { addQuestion } from './training/repo.ts';
import { computeAndStore } from './appraisal/repo.ts';

/**
 * Property: whatever body is sent to a staff route that changes things, the answer is never a
 * 500, and a refusal is problem+json that leaves the database as it was.
 */

const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, '', -1, 0, 1e308, 2 ** 53, '\u0000', 'x'.repeat(3000), [], {}, 'a == 1', 'if then else', '"abc"'),
);

function bodies(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  return fc.oneof(
    anyValue,
    fc.tuple(fc.constantFrom(...keys), anyValue).map(([k, v]) => ({ ...valid, [k]: v })),
    fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(valid).filter(([x]) => x !== k))),
    fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), anyValue).map(([k, v]) => ({ ...valid, [k]: v })),
  );
}

interface Target {
  readonly as: Persona;
  readonly method: string;
  readonly path: (w: World) => Promise<string>;
  readonly valid: Record<string, unknown>;
}

const fixed = (p: string) => async () => p;
let n = 0;

const TARGETS: Target[] = [
  { as: 'adv1', method: 'POST', path: fixed('/api/training/repair/advisor/attempts'), valid: { version: 1, answers: { 'opt:intake:umbrella': 0 } } },
  { as: 'mgr1', method: 'POST', path: fixed('/api/training/repair/advisor/questions'), valid: { prompt: { zh: '问' }, options: [{ zh: '甲' }, { zh: '乙' }], correct: 1 } },
  { as: 'mgr1', method: 'POST', path: fixed('/api/training/signoffs'), valid: { staffId: 'tech1', process: 'repair', skill: 'fix', passed: true, note: 'steady hands', assessorId: 'adv1' } },
  {
    as: 'mgr1',
    method: 'PUT',
    path: async (w) => {
      const id = `fzq-${++n}`;
      await addQuestion(w.db, { id, orgId: 'org-a', processKey: 'repair', role: 'advisor', question: { prompt: { zh: '问' }, options: [{ zh: '甲' }, { zh: '乙' }], correct: 0 }, by: 'mgr1' }, w.clock.now);
      return `/api/training/repair/advisor/questions/${id}`;
    },
    valid: { prompt: { zh: '问', en: 'Q' }, options: [{ zh: '甲' }, { zh: '乙' }, { en: 'c' }], correct: 2 },
  },
  { as: 'mgr1', method: 'POST', path: fixed('/api/certificates'), valid: { staffId: 'tech1', certType: 'fix', expiresAt: '2027-01-01T00:00:00Z' } },
  {
    as: 'mgr1',
    method: 'POST',
    path: async (w) => {
      const id = `fz-${++n}`;
      await issueCertificate(w.db, { id, orgId: 'org-a', staffId: 'tech1', certType: 'fix', issuedAt: w.clock.now, expiresAt: null, issuedBy: 'mgr1' }, w.clock.now);
      return `/api/certificates/${id}/renew`;
    },
    valid: { expiresAt: '2028-01-01T00:00:00Z' },
  },
  { as: 'admin', method: 'POST', path: fixed('/api/certificate-requirements'), valid: { process: 'repair', node: 'fix', certType: 'fix' } },
  { as: 'admin', method: 'PUT', path: fixed('/api/appraisal-rules'), valid: { counters: [{ id: 'c', label: { zh: 'c' }, process: 'repair', steps: ['fix'], when: 'plate != null' }], lines: [{ id: 'l', label: { zh: 'l' }, amount: '-5 * c' }] } },
  { as: 'admin', method: 'PUT', path: fixed('/api/appraisal-base-bonus/tech1'), valid: { amount: 800 } },
  { as: 'gm', method: 'POST', path: fixed('/api/appraisals/compute'), valid: { from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00' } },
  {
    as: 'mgr1',
    method: 'PUT',
    path: async (w) => {
      const from = Date.UTC(2025, 0, 1) + ++n * 86_400_000;
      return `/api/appraisals/${(await computeAndStore(w.db, 'org-a', { from, to: from + 86_400_000 }, () => `fzs-${n}`, w.clock.now, 'tech1')).written[0]}/supervisor-score`;
    },
    valid: { score: 7 },
  },
];

const RUNS = Number(process.env.SERVFLOW_FUZZ_RUNS ?? 8);

describeBackends('staff route fuzzing', (b) => {
  it('bad bodies get 4xx problem+json, never a 500, never a partial write', async () => {
    const w = await makeWorld(await b.fresh());
    for (const t of TARGETS) {
      const client = w.as(t.as);
      await fc.assert(
        fc.asyncProperty(bodies(t.valid), async (body) => {
          const path = await t.path(w);
          const text = JSON.stringify(body) ?? 'null';
          const before = await fingerprint(w.db);
          const res = await client.request(t.method, path, text, { 'content-type': 'application/json' });
          expect(res.status, `${t.method} ${path}: ${text.slice(0, 200)} → ${res.text.slice(0, 300)}`).toBeLessThan(500);
          if (res.status >= 400) {
            expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
            expect(await fingerprint(w.db), `${path} refused with ${res.status} but changed the database`).toBe(before);
          }
        }),
        { numRuns: RUNS, seed: 20261123 },
      );
    }
  }, 600_000);
});
