import { expect, it } from 'vitest';
import { describeBackends } from '../store/testing/backends.ts';
import { executeCommand } from '../store/cases.ts';
import { addCustomer, setRoleStaff } from '../store/directory.ts';
import { runDueJobs } from '../runtime/run-due-jobs.ts';
import { fingerprint, makeWorld, PERSONAS, type Persona, type World } from '../api/testing/world.ts';
import { publishTemplate, useTemplateCalendars } from '../schedules/testing.ts';
import type { Db } from '../store/db.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function world(b: { fresh(): Promise<Db> }): Promise<World> {
  const w = await makeWorld(await b.fresh());
  await useTemplateCalendars(w.db, 'org-a');
  await publishTemplate(w.db, 'org-a', 'utilities/hot-water-repair.yaml', w.clock.now);
  await setRoleStaff(w.db, 'org-a', 's1', 'service-desk', ['adv1']);
  await setRoleStaff(w.db, 'org-a', 's1', 'project-manager', ['mgr1']);
  await setRoleStaff(w.db, 'org-a', 's1', 'maintenance', ['tech1']);
  await setRoleStaff(w.db, 'org-a', 's1', 'general-manager', ['gm']);
  for (const id of ['stu-1', 'stu-2']) await addCustomer(w.db, { id, orgId: 'org-a' }, { now: w.clock.now });
  await addCustomer(w.db, { id: 'stu-b', orgId: 'org-b' }, { now: w.clock.now });
  return w;
}

async function openTask(w: World, caseId: string): Promise<{ id: string; node: string; role: string }> {
  const r = await w.db.query<{ id: string; node: string; role: string }>(`SELECT id, node, role FROM tasks WHERE case_id = $1 AND status IN ('open', 'claimed') ORDER BY created_at, id`, [caseId]);
  expect(r.rows).toHaveLength(1);
  return r.rows[0]!;
}

async function complete(w: World, caseId: string, who: string, form: Record<string, unknown> = {}): Promise<void> {
  const t = await openTask(w, caseId);
  await executeCommand(w.store, caseId, { type: 'complete', taskId: t.id, by: who, form }, { now: w.clock.now, actor: who });
}

/** Walks an S12 complaint without a repeat from log to closed. */
async function handle(w: World, caseId: string): Promise<void> {
  await complete(w, caseId, 'adv1', { description: 'no hot water' });
  await complete(w, caseId, 'mgr1');
  await complete(w, caseId, 'tech1', { repairResult: 'valve replaced', fixed: true });
  await complete(w, caseId, 'adv1', { studentTold: true });
}

// Fresh sessions: the tests move the clock by days, past the idle limit of the world's sessions.
const file = async (w: World, who: Persona, body: Record<string, unknown>) =>
  (await w.fresh(who)).post('/api/complaints', { storeId: 's1', customerId: 'stu-1', subject: 'Shower 3: no hot water', severity: 'valve', data: { location: 'Building 5' }, ...body });

describeBackends('complaints', (b) => {
  it('escalates a repeat complaint (same customer, same subject, within the window) to the general manager', async () => {
    const w = await world(b);
    const first = await file(w, 'adv1', {});
    expect(first.status, first.text).toBe(201);
    expect(first.body).toMatchObject({ repeat: false, repeatOf: null, repeatCount: 0, subject: 'shower 3: no hot water' });
    await complete(w, first.body.caseId, 'adv1', { description: 'no hot water' });
    expect((await openTask(w, first.body.caseId)).node).toBe('dispatch');

    w.clock.now += 3 * DAY;
    const again = await file(w, 'adv1', { subject: '  SHOWER 3:   no hot water ' });
    expect(again.body).toMatchObject({ repeat: true, repeatOf: first.body.caseId, repeatCount: 1 });
    await complete(w, again.body.caseId, 'adv1', { description: 'still no hot water' });
    const t = await openTask(w, again.body.caseId);
    expect(t).toMatchObject({ node: 'report-to-gm', role: 'general-manager' });
    // The general manager sees it in the inbox.
    const inbox = await (await w.fresh('gm')).get('/api/inbox?storeId=s1');
    expect(JSON.stringify(inbox.body)).toContain(t.id);

    // Another customer, or another subject: no repeat.
    expect((await file(w, 'adv1', { customerId: 'stu-2' })).body.repeat).toBe(false);
    expect((await file(w, 'adv1', { subject: 'Shower 4 leaks' })).body.repeat).toBe(false);
    // A third one counts both earlier ones.
    expect((await file(w, 'mgr1', {})).body).toMatchObject({ repeat: true, repeatOf: again.body.caseId, repeatCount: 2 });

    // The window is per organisation: 7 days, then 10 days later it is a new complaint.
    expect((await (await w.fresh('admin')).put('/api/complaints/settings', { process: 'hot-water-repair', repeatWindowDays: 7 })).status).toBe(200);
    w.clock.now += 10 * DAY;
    expect((await file(w, 'adv1', {})).body).toMatchObject({ repeat: false, repeatCount: 0 });

    const list = await (await w.fresh('mgr1')).get('/api/complaints?repeat=true');
    expect(list.body.items.map((c: { caseId: string }) => c.caseId)).toHaveLength(2);
    expect((await (await w.fresh('adv2')).get('/api/complaints')).body.items).toEqual([]);
    expect((await (await w.fresh('advB')).get('/api/complaints')).body.items).toEqual([]);
  });

  it('refuses bad complaints clearly', async () => {
    const w = await world(b);
    expect((await file(w, 'adv1', { customerId: 'stu-b' })).body.code).toBe('UNKNOWN_CUSTOMER');
    expect((await file(w, 'adv1', { subject: '   ' })).status).toBe(400);
    expect((await file(w, 'adv1', { storeId: 'b1' })).body.code).toBe('UNKNOWN_STORE');
    expect((await file(w, 'adv1', { data: {} })).status).toBe(422); // the SOP needs a location
    await w.as('admin').put('/api/complaints/settings', { process: 'no-such-sop', repeatWindowDays: 30 });
    expect((await file(w, 'adv1', {})).body.code).toBe('UNKNOWN_PROCESS');
    expect((await w.as('admin').put('/api/complaints/settings', { process: 'hot-water-repair', repeatWindowDays: 0 })).status).toBe(400);
  });

  it('reports a store week: counts by subject and severity, repeats, share closed on time', async () => {
    const w = await world(b);
    // Monday 2 March 2026, 09:00 Shanghai.
    const a = (await file(w, 'adv1', {})).body.caseId as string;
    await handle(w, a); // on time
    const late = (await file(w, 'adv1', { customerId: 'stu-2', subject: 'Boiler', severity: 'machine' })).body.caseId as string;
    await complete(w, late, 'adv1', { description: 'boiler down' });
    await complete(w, late, 'mgr1');
    w.clock.now += 9 * HOUR; // the machine repair is due within 8 hours
    await runDueJobs(w.store, w.clock.now);
    await complete(w, late, 'tech1', { repairResult: 'pump replaced', fixed: true });
    await complete(w, late, 'adv1', { studentTold: true });
    await file(w, 'adv1', {}); // a repeat, still open
    w.clock.now += 7 * DAY; // next week: not in this report
    await file(w, 'adv1', { subject: 'Other' });

    const mgr = await w.fresh('mgr1');
    const r = await mgr.get('/api/complaints/report?storeId=s1&week=2026-03-04');
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({
      weekStart: '2026-03-02',
      from: '2026-03-01T16:00:00.000Z',
      to: '2026-03-08T16:00:00.000Z',
      timeZone: 'Asia/Shanghai',
      total: 3,
      repeats: 1,
      bySubject: [
        { subject: 'shower 3: no hot water', count: 2, repeats: 1 },
        { subject: 'boiler', count: 1, repeats: 0 },
      ],
      bySeverity: [
        { severity: 'machine', count: 1 },
        { severity: 'valve', count: 2 },
      ],
      closed: 2,
      closedOnTime: 1,
      onTimePct: 50,
    });
    expect((await mgr.get('/api/complaints/report?storeId=s1')).body.total).toBe(1);
    expect((await mgr.get('/api/complaints/report?storeId=s1&week=2026-02-30')).status).toBe(400);
  });

  it('permissions: who may file, configure and read; refusals change nothing; changes are audited; other organisations get 404', async () => {
    const w = await world(b);
    const audits = async () => (await w.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log`)).rows[0]!.n;
    type Who = 'anon' | Persona;
    const table: { name: string; call: (c: ReturnType<World['as']>) => Promise<{ status: number; text: string }>; expect: Record<Who, number>; audited: boolean }[] = [
      {
        name: 'file',
        call: (c) => c.post('/api/complaints', { storeId: 's1', customerId: 'stu-1', subject: 'x', severity: 'valve', data: { location: 'B5' } }),
        expect: { anon: 401, admin: 201, gm: 201, auditor: 403, mgr1: 201, aud1: 403, adv1: 201, tech1: 201, adv2: 403, adminB: 422, advB: 422 },
        audited: true,
      },
      {
        name: 'settings',
        call: (c) => c.put('/api/complaints/settings', { process: 'hot-water-repair', repeatWindowDays: 14 }),
        expect: { anon: 401, admin: 200, gm: 403, auditor: 403, mgr1: 403, aud1: 403, adv1: 403, tech1: 403, adv2: 403, adminB: 200, advB: 403 },
        audited: true,
      },
      {
        name: 'report',
        call: (c) => c.get('/api/complaints/report?storeId=s1'),
        expect: { anon: 401, admin: 200, gm: 200, auditor: 200, mgr1: 200, aud1: 200, adv1: 200, tech1: 200, adv2: 404, adminB: 404, advB: 404 },
        audited: false,
      },
    ];
    for (const row of table) {
      for (const who of ['anon', ...PERSONAS] as Who[]) {
        const before = await fingerprint(w.db);
        const n = await audits();
        const r = await row.call(who === 'anon' ? w.anon : w.as(who));
        expect(r.status, `${row.name} by ${who}: ${r.text}`).toBe(row.expect[who]);
        if (r.status >= 400 || !row.audited) expect(await fingerprint(w.db), `${row.name} by ${who} changed data`).toBe(before);
        else expect(await audits()).toBe(n + 1);
      }
    }
  });
});
