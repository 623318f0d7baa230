import { expect, it } from 'vitest';
import { describeBackends } from '../../store/testing/backends.ts';
import { executeCommand } from '../../store/cases.ts';
import { addCustomer, addStaff, setRoleStaff } from '../../store/directory.ts';
import { makeWorld, type Persona, type World } from '../../api/testing/world.ts';
import { publishTemplate, useTemplateCalendars } from '../../schedules/testing.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Complaints counted per person (issue 9): a simulated month of S12 hot-water complaints in one
 * campus store with two maintenance workers. Some students complain again about a repair; the
 * complaint names the repair's case, so it is about the people who served it — the desk, the
 * project manager who dispatched it and the worker who did it — not about the whole store. A
 * manager upholds some; one complaint names a worker directly. The organisation's rules deduct
 * 100 yuan per upheld complaint and take 5 points off the score per complaint.
 */

async function world(b: { fresh(): Promise<import('../../store/db.ts').Db> }): Promise<World> {
  const w = await makeWorld(await b.fresh());
  await useTemplateCalendars(w.db, 'org-a');
  await publishTemplate(w.db, 'org-a', 'utilities/hot-water-repair.yaml', w.clock.now);
  await addStaff(w.db, { id: 'tech2', orgId: 'org-a', name: 'Person tech2' }, { now: w.clock.now });
  await setRoleStaff(w.db, 'org-a', 's1', 'service-desk', ['adv1']);
  await setRoleStaff(w.db, 'org-a', 's1', 'project-manager', ['mgr1']);
  await setRoleStaff(w.db, 'org-a', 's1', 'maintenance', ['tech1', 'tech2']);
  await setRoleStaff(w.db, 'org-a', 's1', 'general-manager', ['gm']);
  for (let i = 0; i < 31; i++) await addCustomer(w.db, { id: `stu-${i}`, orgId: 'org-a' }, { now: w.clock.now });
  return w;
}

async function complete(w: World, caseId: string, node: string, who: string, form: Record<string, unknown> = {}): Promise<void> {
  const t = (await w.db.query<{ id: string }>(`SELECT id FROM tasks WHERE case_id = $1 AND node = $2 AND status IN ('open', 'claimed')`, [caseId, node])).rows[0];
  if (t === undefined) throw new Error(`no open ${node} task in ${caseId}`);
  await executeCommand(w.store, caseId, { type: 'complete', taskId: t.id, by: who, form }, { now: w.clock.now, actor: who });
}

// Fresh sessions: the month moves the clock past the idle limit of the world's sessions.
const as = async (w: World, who: Persona) => w.fresh(who);

const RULES = {
  score: '100 - 5 * complaints',
  lines: [{ id: 'upheldComplaints', label: { zh: '有效投诉扣款', en: 'Upheld complaints' }, amount: '-100 * complaintsUpheld' }],
};

describeBackends('complaints per person in the appraisal', (b) => {
  it('two maintenance workers of one store: different complaint counts, different scores and totals', async () => {
    const w = await world(b);
    expect((await (await as(w, 'admin')).put('/api/appraisal-rules', RULES)).status).toBe(200);
    for (const who of ['tech1', 'tech2', 'adv1', 'mgr1']) expect((await (await as(w, 'admin')).put(`/api/appraisal-base-bonus/${who}`, { amount: 600 })).status).toBe(200);

    // What the month was, kept as the test drives it (the expected figures come from here).
    const about = new Map<string, { n: number; upheld: number; repeats: number }>();
    const count = (who: string, upheld: boolean, repeat: boolean) => {
      const c = about.get(who) ?? { n: 0, upheld: 0, repeats: 0 };
      about.set(who, { n: c.n + 1, upheld: c.upheld + (upheld ? 1 : 0), repeats: c.repeats + (repeat ? 1 : 0) });
    };
    const start = w.clock.now; // Monday 2 March 2026, 09:00 in Shanghai
    for (let day = 0; day < 29; day++) {
      w.clock.now = start + day * DAY;
      const student = `stu-${day}`;
      const filed = await (await as(w, 'adv1')).post('/api/complaints', { storeId: 's1', customerId: student, subject: 'No hot water', severity: 'valve', data: { location: `Building ${day % 5}` } });
      expect(filed.status, filed.text).toBe(201);
      expect(filed.body).toMatchObject({ aboutCaseId: null, staffIds: [], upheld: null });
      const c = filed.body.caseId as string;
      // tech1 does two repairs in three, tech2 the rest.
      const worker = day % 3 === 2 ? 'tech2' : 'tech1';
      await complete(w, c, 'log', 'adv1', { description: 'no hot water in the shower' });
      await complete(w, c, 'dispatch', 'mgr1');
      w.clock.now += HOUR / 2;
      await complete(w, c, 'repair', worker, { repairResult: 'valve replaced', fixed: true });
      await complete(w, c, 'tell-student', 'adv1', { studentTold: true });

      // The student complains again about that repair on every fourth day; the manager upholds it on every eighth.
      if (day % 4 !== 0) continue;
      w.clock.now += 3 * HOUR;
      const again = await (await as(w, 'adv1')).post('/api/complaints', { storeId: 's1', customerId: student, subject: 'no hot water', severity: 'valve', aboutCaseId: c, data: { location: `Building ${day % 5}` } });
      expect(again.status, again.text).toBe(201);
      expect(again.body).toMatchObject({ aboutCaseId: c, repeat: true, staffIds: ['adv1', worker, 'mgr1'].sort() });
      const upheld = day % 8 === 0;
      if (upheld) expect((await (await as(w, 'mgr1')).put(`/api/complaints/${again.body.caseId}/upheld`, { upheld: true })).status).toBe(200);
      for (const who of ['adv1', worker, 'mgr1']) count(who, upheld, true);
    }
    // A complaint that names a person rather than a case (a rude remark at the door): tech2.
    const rude = await (await as(w, 'adv1')).post('/api/complaints', { storeId: 's1', customerId: 'stu-30', subject: 'rude remark', severity: 'valve', staffIds: ['tech2'], data: { location: 'Gate' } });
    expect(rude.body).toMatchObject({ staffIds: ['tech2'], aboutCaseId: null, repeat: false });
    count('tech2', false, false);

    // Complained-about repairs: tech1 on days 0, 4, 12, 16, 24, 28 (upheld 0, 16, 24); tech2 on 8, 20 (upheld 8), plus the remark.
    expect(about.get('tech1')).toEqual({ n: 6, upheld: 3, repeats: 6 });
    expect(about.get('tech2')).toEqual({ n: 3, upheld: 1, repeats: 2 });

    const computed = await (await as(w, 'gm')).post('/api/appraisals/compute', { from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00' });
    expect(computed.status, computed.text).toBe(200);
    const sheets = (await (await as(w, 'gm')).get(`/api/appraisals?from=${encodeURIComponent('2026-03-01T00:00:00+08:00')}&to=${encodeURIComponent('2026-04-01T00:00:00+08:00')}`)).body as {
      sheet: { staffId: string; storeId: string; score: number; total: number; metrics: Record<string, number>; lines: { rule: string; amount: number }[] };
    }[];
    const by = new Map(sheets.map((s) => [s.sheet.staffId, s.sheet]));
    for (const who of ['tech1', 'tech2', 'adv1', 'mgr1']) {
      const s = by.get(who)!;
      const want = about.get(who)!;
      expect(s.metrics, who).toMatchObject({ complaints: want.n, complaintsUpheld: want.upheld, complaintsRepeat: want.repeats, storeComplaints: 29 + 8 + 1 });
      expect(s.score, who).toBe(100 - 5 * want.n);
      expect(s.lines, who).toEqual([{ rule: 'upheldComplaints', label: RULES.lines[0]!.label, amount: -100 * want.upheld }]);
      expect(s.total, who).toBe(600 - 100 * want.upheld);
    }
    // Same store, same post, same base bonus — different results.
    const [t1, t2] = [by.get('tech1')!, by.get('tech2')!];
    expect([t1.storeId, t2.storeId]).toEqual(['s1', 's1']);
    expect(t1.score).not.toBe(t2.score);
    expect(t1.total).not.toBe(t2.total);
    // People nobody complained about count none, though their store had complaints.
    expect(by.get('adv2')!.metrics).toMatchObject({ complaints: 0, complaintsUpheld: 0 });
    expect(by.get('gm')!.metrics.complaints).toBe(0);
  }, 600_000);
});
