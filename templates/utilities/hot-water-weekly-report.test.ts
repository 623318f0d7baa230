import { beforeAll, describe, expect, it } from 'vitest';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';

/** The harness runner (in memory or on the store), whichever templates/testing.ts provides. */
type R = Awaited<ReturnType<typeof runner>>;

// S12 学校热水: 服务部每周报总经理，项目经理每周向公司工程部汇报.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./utilities/hot-water-weekly-report.yaml');
});

const MONDAY = shanghai('2026-03-09T09:00');
const deskReport = { complaintsReceived: 12, repairsReceived: 30, resolved: 41, repeatedComplaints: 1, perProject: '南航科院：阀门漏水8起，主机故障1起' };
const pmReport = { weeklyUsage: 612, weeklyRepairs: '更换阀门8个', weeklyStock: '阀芯库存5个，需补给' };

async function week(r: R): Promise<string> {
  return r.start('hot-water-weekly-report', { weekOf: '2026-03-02' });
}

describe('campus hot-water weekly reports (S12)', () => {
  it('starts every Monday at 9:00', () => {
    expect(sop.definition.schedules).toEqual([{ rrule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0' }]);
  });

  it('asks the service desk for its report to the general manager and the project manager for the week’s operation at once', async () => {
    const r = await runner([sop], { now: MONDAY });
    const id = await week(r);
    expect(r.openTasks(id).map((t) => [t.node, t.role]).sort()).toEqual([
      ['desk-report', 'service-desk'],
      ['pm-report', 'project-manager'],
    ]);
  });

  it('tells the general manager when the service desk’s report is not in within a working day (Tuesday 9:00), and engineering when the project’s is not', async () => {
    const r = await runner([sop], { now: MONDAY });
    const id = await week(r);
    expect(r.taskAt(id, 'desk-report').sla!.dueAt).toBe(shanghai('2026-03-10T09:00'));
    await r.advanceTo(shanghai('2026-03-10T09:00'));
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([
      { role: 'engineering-dept' },
      { role: 'general-manager' },
    ]);
  });

  it('closes the week when the general manager and engineering have read the reports', async () => {
    const r = await runner([sop], { now: MONDAY });
    const id = await week(r);
    await r.completeAt(id, 'desk-report', 'desk-1', deskReport);
    await r.completeAt(id, 'pm-report', 'pm-wu', pmReport);
    await r.completeAt(id, 'gm-review', 'gm', { correctiveAction: false });
    expect(r.cases.get(id)!.status).toBe('active');
    await r.completeAt(id, 'engineering-ack', 'eng-1');
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'reported' });
  });

  it('has the project correct what the general manager orders within 5 working days before the week closes', async () => {
    const r = await runner([sop], { now: MONDAY });
    const id = await week(r);
    await r.completeAt(id, 'desk-report', 'desk-1', deskReport);
    await r.completeAt(id, 'gm-review', 'gm', { correctiveAction: true, gmInstruction: '7号楼反复投诉，项目部本周内整改' });
    const t = r.taskAt(id, 'corrective-action');
    expect(t.role).toBe('project-manager');
    await r.advanceTo(t.sla!.dueAt);
    expect(r.notifications.filter((n) => n.reason === 'escalation' && n.taskId === t.id).map((n) => n.to)).toEqual([{ role: 'general-manager' }]);
    await r.completeAt(id, 'corrective-action', 'pm-wu', { correctionReport: '更换7号楼全部阀芯' });
    await r.completeAt(id, 'pm-report', 'pm-wu', pmReport);
    await r.completeAt(id, 'engineering-ack', 'eng-1');
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'reported' });
  });
});
