import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeBackends } from '../store/testing/backends.ts';
import { executeCommand, startCase } from '../store/cases.ts';
import { fingerprint, makeWorld } from '../api/testing/world.ts';

/**
 * The no-login survey answer under arbitrary bodies: never a 500, and a refused answer changes
 * nothing but the per-address request counter. A valid answer may succeed only once.
 */
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(null, '', -1, 0, 5.5, 6, 11, 1e308, '💥'.repeat(50), 'x'.repeat(3000), [], {}));
const bodies = fc.oneof(
  anyValue,
  fc.record({ csat: anyValue, nps: anyValue, comment: anyValue }, { requiredKeys: [] }),
  fc.record({ csat: fc.integer({ min: -2, max: 7 }), nps: fc.option(fc.integer({ min: -1, max: 12 }), { nil: undefined }), comment: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }) }),
);

describeBackends('survey fuzzing', (b) => {
  it('bad survey answers get 4xx problem+json and change nothing; one answer at most is accepted', async () => {
    const w = await makeWorld(await b.fresh());
    const c = await startCase(w.store, { orgId: 'org-a', process: 'repair', storeId: 's1', data: { plate: 'F1' } }, { now: w.clock.now, actor: 'adv1' });
    for (const [by, form, checklist] of [['adv1', { phone: '13800000000', mileage: 1 }, { covers: true }], ['tech1'], ['adv1']] as const) {
      const t = (await w.db.query<{ id: string }>(`SELECT id FROM tasks WHERE case_id = $1 AND status IN ('open', 'claimed')`, [c.caseId])).rows[0]!;
      await executeCommand(w.store, c.caseId, { type: 'complete', taskId: t.id, by, form, checklist }, { now: w.clock.now, actor: by });
    }
    const { token } = (await w.as('adv1').post(`/api/cases/${c.caseId}/survey`, {})).body as { token: string };
    const fp = async () => (await fingerprint(w.db)).replace(/^public_rate=.*$/m, '');
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        w.clock.now += 11 * 60_000; // a fresh rate window per run
        const before = await fp();
        const res = await w.anon.request('POST', `/api/public/surveys/${token}`, JSON.stringify(body) ?? 'null', { 'content-type': 'application/json' });
        expect(res.status, `${JSON.stringify(body)?.slice(0, 200)} → ${res.text.slice(0, 200)}`).toBeLessThan(500);
        if (res.status === 201) accepted++;
        else {
          expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
          expect(await fp()).toBe(before);
        }
      }),
      { numRuns: Number(process.env.SERVFLOW_FUZZ_RUNS ?? 40), seed: 20261123 },
    );
    expect(accepted).toBeLessThanOrEqual(1);
    expect((await w.db.query(`SELECT 1 FROM survey_responses`)).rows.length).toBe(accepted);
  });
});
