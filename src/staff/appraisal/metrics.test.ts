import { expect, it } from 'vitest';
import { executeCommand, startCase } from '../../store/cases.ts';
import { describeBackends } from '../../store/testing/backends.ts';
import { makeWorld } from '../../api/testing/world.ts';
import { byPost, computeSheets } from './compute.ts';
import { EMPTY_RULES } from './rules.ts';

/** Survey answers and complaints (the surveys/complaints feature's tables) on the sheet; the per-post summary. */
describeBackends('appraisal metrics from surveys and complaints', (b) => {
  it('survey CSAT per person served, complaints per store, and the per-post summary', async () => {
    const w = await makeWorld(await b.fresh());
    const now = w.clock.now;
    const served = async (plate: string) => {
      const c = await startCase(w.store, { orgId: 'org-a', process: 'repair', storeId: 's1', data: { plate } }, { now, actor: 'adv1' });
      await executeCommand(w.store, c.caseId, { type: 'complete', taskId: c.state.tasks[0]!.id, by: 'adv1', form: { phone: '13800001234', mileage: 1 }, checklist: { covers: true } }, { now, actor: 'adv1' });
      return c.caseId;
    };
    const c1 = await served('A1');
    const c2 = await served('A2');
    const c3 = await served('A3');
    const at = new Date(now).toISOString();
    await w.db.query(`INSERT INTO survey_responses (case_id, org_id, store_id, staff_ids, csat, answered_at) VALUES ($1, 'org-a', 's1', ARRAY['adv1','tech1'], 5, $3), ($2, 'org-a', 's1', ARRAY['adv1'], 2, $3)`, [c1, c2, at]);
    await w.db.query(
      `INSERT INTO complaints (case_id, org_id, store_id, customer_id, subject, severity, repeat_of, created_at) VALUES ($1, 'org-a', 's1', 'cu1', 'noise', 'low', NULL, $3), ($2, 'org-a', 's1', 'cu1', 'noise', 'low', $1, $3)`,
      [c2, c3, at],
    );
    const sheets = await computeSheets(w.db, { orgId: 'org-a', period: { from: now - 86_400_000, to: now + 86_400_000 }, rules: EMPTY_RULES, baseBonus: new Map(), supervisorScores: new Map() });
    const by = new Map(sheets.map((s) => [s.staffId, s]));
    expect(by.get('adv1')!.metrics).toMatchObject({ tasksDone: 3, surveyCsat: 3.5, surveys: 2, storeComplaints: 2, repeatComplaints: 1 });
    expect(by.get('tech1')!.metrics).toMatchObject({ tasksDone: 0, surveyCsat: 5, surveys: 1, storeComplaints: 2 });
    expect(by.get('adv2')!.metrics).toMatchObject({ surveyCsat: null, storeComplaints: 0 });
    const posts = byPost(sheets);
    expect(posts.find((x) => x.post === 's1:advisor')).toMatchObject({ people: 1, tasksDone: 3 });
    expect(posts.map((x) => x.post)).toEqual([...posts.map((x) => x.post)].sort());
    expect(posts.find((x) => x.post === 's2:advisor')!.people).toBe(1);
  }, 300_000);
});
