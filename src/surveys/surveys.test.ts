import { expect, it } from 'vitest';
import { describeBackends } from '../store/testing/backends.ts';
import { executeCommand, startCase } from '../store/cases.ts';
import { addCustomer, setRoleStaff } from '../store/directory.ts';
import { csatByStaff } from '../kpi/csat.ts';
import { fingerprint, makeWorld, PERSONAS, type Persona, type World } from '../api/testing/world.ts';
import { publishTemplate } from '../schedules/testing.ts';
import type { Db } from '../store/db.ts';

async function world(b: { fresh(): Promise<Db> }): Promise<World> {
  const w = await makeWorld(await b.fresh());
  await publishTemplate(w.db, 'org-a', 'generic/service-recovery.yaml', w.clock.now);
  await setRoleStaff(w.db, 'org-a', 's1', 'store-manager', ['mgr1']);
  await addCustomer(w.db, { id: 'cust-1', orgId: 'org-a' }, { now: w.clock.now });
  return w;
}

/** A repair case in s1 served by adv1 (intake, handover) and tech1 (fix), completed. */
async function doneCase(w: World, storeId = 's1'): Promise<string> {
  const adv = storeId === 's1' ? 'adv1' : 'adv2';
  const c = await startCase(w.store, { orgId: 'org-a', process: 'repair', storeId, customerId: 'cust-1', data: { plate: 'A1' } }, { now: w.clock.now, actor: adv });
  const step = async (by: string, form?: Record<string, unknown>, checklist?: Record<string, boolean>) => {
    const t = (await w.db.query<{ id: string }>(`SELECT id FROM tasks WHERE case_id = $1 AND status IN ('open', 'claimed')`, [c.caseId])).rows[0]!;
    await executeCommand(w.store, c.caseId, { type: 'complete', taskId: t.id, by, form, checklist }, { now: w.clock.now, actor: by });
  };
  await step(adv, { phone: '13800000000', mileage: 100 }, { covers: true });
  if (storeId === 's1') await step('tech1');
  else {
    await setRoleStaff(w.db, 'org-a', storeId, 'technician', ['adv2']);
    await step('adv2');
  }
  await step(adv);
  return c.caseId;
}

describeBackends('surveys', (b) => {
  it('a survey link answers once: the score attaches to the case, the staff and the store, and feeds the CSAT KPI; a second use is refused', async () => {
    const w = await world(b);
    const caseId = await doneCase(w);
    const issued = await w.as('adv1').post(`/api/cases/${caseId}/survey`, { ttlDays: 7 });
    expect(issued.status, issued.text).toBe(201);
    expect(issued.body.path).toBe(`/survey/${issued.body.token}`);
    const open = await w.anon.get(`/api/public/surveys/${issued.body.token}`);
    expect(open.status, open.text).toBe(200);
    expect(open.body).toMatchObject({ process: { en: 'Repair' }, store: 'Store 1' });
    expect(JSON.stringify(open.body)).not.toMatch(/adv1|tech1|cust-1/);

    const answer = await w.anon.post(`/api/public/surveys/${issued.body.token}`, { csat: 4, nps: 9, comment: 'quick and friendly' });
    expect(answer.status, answer.text).toBe(201);
    // The per-address request counter (public_rate) is the only thing a refused public call moves.
    const fp = async () => (await fingerprint(w.db)).replace(/^public_rate=.*$/m, '');
    const before = await fp();
    const again = await w.anon.post(`/api/public/surveys/${issued.body.token}`, { csat: 1 });
    expect(again.status).toBe(410);
    expect(again.body.code).toBe('LINK_CONSUMED');
    expect((await w.anon.get(`/api/public/surveys/${issued.body.token}`)).status).toBe(410);
    expect(await fp()).toBe(before);

    const got = await w.as('mgr1').get(`/api/cases/${caseId}/survey`);
    expect(got.body).toMatchObject({ caseId, storeId: 's1', staffIds: ['adv1', 'tech1'], csat: 4, nps: 9, comment: 'quick and friendly', recoveryCaseId: null });
    const kpi = await csatByStaff(w.db, { orgId: 'org-a' });
    expect(kpi.map((r) => [r.staffId, r.cases, r.avgScore])).toEqual([
      ['adv1', 1, 4],
      ['tech1', 1, 4],
    ]);
    // A new link for an answered case is refused.
    expect((await w.as('adv1').post(`/api/cases/${caseId}/survey`, {})).body.code).toBe('SURVEY_ANSWERED');
  });

  it('a low score opens a service-recovery case for the same customer in the same store', async () => {
    const w = await world(b);
    const caseId = await doneCase(w);
    const { token } = (await w.as('adv1').post(`/api/cases/${caseId}/survey`, {})).body;
    expect((await w.anon.post(`/api/public/surveys/${token}`, { csat: 2 })).status).toBe(201);
    const got = (await w.as('mgr1').get(`/api/cases/${caseId}/survey`)).body;
    expect(got.recoveryCaseId).toEqual(expect.any(String));
    const rec = (await w.db.query<{ process_key: string; store_id: string; customer_id: string; data: Record<string, unknown> }>(`SELECT process_key, store_id, customer_id, state->'data' AS data FROM cases WHERE id = $1`, [got.recoveryCaseId])).rows[0]!;
    expect(rec).toMatchObject({ process_key: 'service-recovery', store_id: 's1', customer_id: 'cust-1', data: { surveyCaseId: caseId, csat: 2 } });
    const task = (await w.db.query<{ node: string; role: string }>(`SELECT node, role FROM tasks WHERE case_id = $1`, [got.recoveryCaseId])).rows;
    expect(task).toEqual([{ node: 'call-back', role: 'store-manager' }]);
    // A score of 3 does not.
    const other = await doneCase(w);
    const t2 = (await w.as('adv1').post(`/api/cases/${other}/survey`, {})).body.token;
    await w.anon.post(`/api/public/surveys/${t2}`, { csat: 3 });
    expect((await w.as('mgr1').get(`/api/cases/${other}/survey`)).body.recoveryCaseId).toBeNull();
  });

  it('refuses expired links, unknown links, open cases and bad scores', async () => {
    const w = await world(b);
    const caseId = await doneCase(w);
    const { token } = (await w.as('adv1').post(`/api/cases/${caseId}/survey`, { ttlDays: 1 })).body;
    expect((await w.anon.post(`/api/public/surveys/${token}`, { csat: 6 })).status).toBe(400);
    expect((await w.anon.post(`/api/public/surveys/${token}`, { csat: 3, nps: 11 })).status).toBe(400);
    w.clock.now += 2 * 86_400_000;
    expect((await w.anon.post(`/api/public/surveys/${token}`, { csat: 3 })).body.code).toBe('LINK_EXPIRED');
    expect((await w.anon.get(`/api/public/surveys/${'x'.repeat(43)}`)).status).toBe(404);
    const open = await startCase(w.store, { orgId: 'org-a', process: 'repair', storeId: 's1', data: { plate: 'B2' } }, { now: w.clock.now, actor: 'adv1' });
    expect((await (await w.fresh('adv1')).post(`/api/cases/${open.caseId}/survey`, {})).body.code).toBe('CASE_NOT_COMPLETED');
  });

  it('permissions: who may issue a survey link and read the answer; refusals change nothing; issuing is audited; other organisations get 404', async () => {
    const w = await world(b);
    type Who = 'anon' | Persona;
    const issue: Record<Who, number> = { anon: 401, admin: 201, gm: 201, auditor: 403, mgr1: 201, aud1: 403, adv1: 201, tech1: 201, adv2: 404, adminB: 404, advB: 404 };
    const caseId = await doneCase(w);
    for (const who of ['anon', ...PERSONAS] as Who[]) {
      const before = await fingerprint(w.db);
      const n = (await w.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'survey.issue'`)).rows[0]!.n;
      const r = await (who === 'anon' ? w.anon : w.as(who)).post(`/api/cases/${caseId}/survey`, {});
      expect(r.status, `${who}: ${r.text}`).toBe(issue[who]);
      if (r.status === 201) expect((await w.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'survey.issue'`)).rows[0]!.n).toBe(n + 1);
      else expect(await fingerprint(w.db)).toBe(before);
    }
    const { token } = (await w.as('adv1').post(`/api/cases/${caseId}/survey`, {})).body;
    await w.anon.post(`/api/public/surveys/${token}`, { csat: 5 });
    const read: Record<Who, number> = { anon: 401, admin: 200, gm: 200, auditor: 200, mgr1: 200, aud1: 200, adv1: 200, tech1: 200, adv2: 404, adminB: 404, advB: 404 };
    for (const who of ['anon', ...PERSONAS] as Who[]) expect((await (who === 'anon' ? w.anon : w.as(who)).get(`/api/cases/${caseId}/survey`)).status, who).toBe(read[who]);
    // The public answer is audited without a staff actor.
    expect((await w.db.query(`SELECT actor_id FROM audit_log WHERE action = 'survey.answer'`)).rows).toEqual([{ actor_id: 'public' }]);
  });
});
