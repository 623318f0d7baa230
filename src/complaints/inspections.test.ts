import { expect, it } from 'vitest';
import { describeBackends } from '../store/testing/backends.ts';
import { executeCommand, startCase } from '../store/cases.ts';
import { setRoleStaff } from '../store/directory.ts';
import { runDueJobs } from '../runtime/run-due-jobs.ts';
import { fingerprint, makeWorld, PERSONAS, type Persona, type World } from '../api/testing/world.ts';
import { publishTemplate, useTemplateCalendars } from '../schedules/testing.ts';
import { runInspectionFollowUps } from './follow-ups.ts';
import type { Db } from '../store/db.ts';

const HOUR = 3_600_000;

async function world(b: { fresh(): Promise<Db> }): Promise<World> {
  const w = await makeWorld(await b.fresh());
  await useTemplateCalendars(w.db, 'org-a');
  await publishTemplate(w.db, 'org-a', 'hospitality/five-star-inspection.yaml', w.clock.now);
  await publishTemplate(w.db, 'org-a', 'generic/corrective-action.yaml', w.clock.now);
  await setRoleStaff(w.db, 'org-a', 's1', 'hotel-gm', ['mgr1']);
  await setRoleStaff(w.db, 'org-a', 's1', 'committee', ['gm']);
  await setRoleStaff(w.db, 'org-a', 's1', 'inspector', ['tech1']);
  await setRoleStaff(w.db, 'org-a', 's1', 'store-manager', ['mgr1']);
  return w;
}

async function taskAt(w: World, caseId: string, node: string): Promise<string> {
  const r = await w.db.query<{ id: string }>(`SELECT id FROM tasks WHERE case_id = $1 AND node = $2 AND status IN ('open', 'claimed')`, [caseId, node]);
  expect(r.rows, node).toHaveLength(1);
  return r.rows[0]!.id;
}
async function complete(w: World, caseId: string, node: string, by: string, form?: Record<string, unknown>, checklist?: Record<string, boolean>) {
  const taskId = await taskAt(w, caseId, node);
  await executeCommand(w.store, caseId, { type: 'complete', taskId, by, form, checklist }, { now: w.clock.now, actor: by });
}

/** An S06 five-star inspection up to the area checks (the inspection day reached). */
async function inspectionDay(w: World): Promise<string> {
  const c = await startCase(w.store, { orgId: 'org-a', process: 'five-star-inspection', storeId: 's1', data: { hotelName: 'Hotel A' } }, { now: w.clock.now, actor: 'mgr1' });
  await complete(w, c.caseId, 'apply', 'mgr1', { roomsForSale: 300, selfAssessment: 'ready' });
  await complete(w, c.caseId, 'schedule', 'gm', { inspectionAt: new Date(w.clock.now + 2 * HOUR).toISOString() });
  w.clock.now += 2 * HOUR;
  await runDueJobs(w.store, w.clock.now);
  return c.caseId;
}

const GENERAL = ['g-6-5-1a', 'g-6-5-1b', 'g-6-5-2', 'g-6-5-3', 'g-6-5-4', 'g-6-5-5', 'g-6-5-6'];

describeBackends('inspections', (b) => {
  it('each failed item of an S06 inspection opens one corrective case with an owner and a deadline', async () => {
    const w = await world(b);
    expect((await w.as('admin').put('/api/inspections/five-star-inspection', { dueHours: 72, ownerStaffId: 'mgr1' })).status).toBe(200);
    const insp = await inspectionDay(w);
    // The inspector finds two of the seven general items not met (no background music, no central air-conditioning).
    const checked = Object.fromEntries(GENERAL.map((i) => [i, i !== 'g-6-5-6' && i !== 'g-6-5-4']));
    await complete(w, insp, 'general', 'tech1', undefined, checked);
    // An area with every item met opens nothing.
    const fo = (await w.db.query<{ items: string[] }>(`SELECT ARRAY(SELECT jsonb_array_elements(d.compiled->'nodes'->'front_office'->'checklist'->'items')->>'id') AS items FROM definitions d WHERE key = 'five-star-inspection'`)).rows[0]!.items;
    await complete(w, insp, 'front_office', 'tech1', undefined, Object.fromEntries(fo.map((i) => [i, true])));

    const [r1, r2] = [await runInspectionFollowUps(w.store, w.clock.now), await runInspectionFollowUps(w.store, w.clock.now)];
    expect(r1.opened).toBe(2);
    expect(r2.opened).toBe(0); // once per item

    const list = await w.as('mgr1').get(`/api/inspections/${insp}/corrective`);
    expect(list.status, list.text).toBe(200);
    expect(list.body.items.map((x: { step: string; item: string; ownerStaffId: string; dueAt: string; status: string }) => [x.step, x.item, x.ownerStaffId, x.dueAt, x.status])).toEqual([
      ['general', 'g-6-5-4', 'mgr1', new Date(w.clock.now + 72 * HOUR).toISOString(), 'active'],
      ['general', 'g-6-5-6', 'mgr1', new Date(w.clock.now + 72 * HOUR).toISOString(), 'active'],
    ]);
    // The corrective case: the owner's task, due in 72 hours, naming the item.
    const caseId = list.body.items[1].caseId as string;
    const t = (await w.db.query<{ node: string; assignee: string; due_at: Date }>(`SELECT node, assignee, due_at FROM tasks WHERE case_id = $1`, [caseId])).rows;
    expect(t).toEqual([{ node: 'fix', assignee: 'mgr1', due_at: new Date(w.clock.now + 72 * HOUR) }]);
    const data = (await w.db.query<{ d: Record<string, unknown> }>(`SELECT state->'data' AS d FROM cases WHERE id = $1`, [caseId])).rows[0]!.d;
    expect(data).toMatchObject({ inspectionCaseId: insp, item: 'g-6-5-6', itemText: '有背景音乐系统', dueLimit: '72 h' });
  });

  it('without an owner the corrective task waits in the role queue; SOPs that are not inspections open nothing', async () => {
    const w = await world(b);
    const before = await inspectionDay(w);
    await complete(w, before, 'general', 'tech1', undefined, { 'g-6-5-1a': true });
    expect((await runInspectionFollowUps(w.store, w.clock.now)).opened).toBe(0); // not an inspection yet
    w.clock.now += 1000;
    await w.as('admin').put('/api/inspections/five-star-inspection', { dueHours: 24 });
    const insp = await inspectionDay(w);
    await complete(w, insp, 'general', 'tech1', undefined, Object.fromEntries(GENERAL.map((i) => [i, i !== 'g-6-5-1a'])));
    expect((await runInspectionFollowUps(w.store, w.clock.now)).opened).toBe(1);
    const items = (await (await w.fresh('mgr1')).get(`/api/inspections/${insp}/corrective`)).body.items;
    expect(items).toHaveLength(1);
    expect(items[0].ownerStaffId).toBeNull();
    expect((await (await w.fresh('mgr1')).get(`/api/inspections/${before}/corrective`)).body.items).toEqual([]);
  });

  it('permissions: admins configure inspections (audited), refusals change nothing, other organisations get 404', async () => {
    const w = await world(b);
    type Who = 'anon' | Persona;
    const put: Record<Who, number> = { anon: 401, admin: 200, gm: 403, auditor: 403, mgr1: 403, aud1: 403, adv1: 403, tech1: 403, adv2: 403, adminB: 200, advB: 403 };
    for (const who of ['anon', ...PERSONAS] as Who[]) {
      const before = await fingerprint(w.db);
      const r = await (who === 'anon' ? w.anon : w.as(who)).put('/api/inspections/five-star-inspection', { dueHours: 48 });
      expect(r.status, `${who}: ${r.text}`).toBe(put[who]);
      if (r.status !== 200) expect(await fingerprint(w.db)).toBe(before);
    }
    expect((await w.db.query(`SELECT org_id FROM audit_log WHERE action = 'inspection.settings' ORDER BY org_id`)).rows).toEqual([{ org_id: 'org-a' }, { org_id: 'org-b' }]);
    expect((await w.as('admin').put('/api/inspections/five-star-inspection', { dueHours: 48, ownerStaffId: 'advB' })).body.code).toBe('UNKNOWN_STAFF');
    const insp = await inspectionDay(w);
    const get: Record<Who, number> = { anon: 401, admin: 200, gm: 200, auditor: 200, mgr1: 200, aud1: 200, adv1: 200, tech1: 200, adv2: 404, adminB: 404, advB: 404 };
    for (const who of ['anon', ...PERSONAS] as Who[]) expect((await (who === 'anon' ? w.anon : await w.fresh(who)).get(`/api/inspections/${insp}/corrective`)).status, who).toBe(get[who]);
  });
});
