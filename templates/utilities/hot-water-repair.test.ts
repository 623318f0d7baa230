import { beforeAll, describe, expect, it } from 'vitest';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';

// S12 学校热水服务: deadlines by severity, escalation to the general manager, the student told.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./utilities/hot-water-repair.yaml');
});

const HOUR = 3_600_000;
const start = shanghai('2026-03-04T19:00');

async function toRepair(severity: string, repeatCount = 0) {
  const r = await runner([sop], { now: start });
  const id = await r.start('hot-water-repair', { severity, repeatCount, location: '7号楼 2层浴室' });
  await r.completeAt(id, 'log', 'desk-1', { description: '淋浴没有热水', studentPhone: '138 0000 0000' });
  if (repeatCount >= 1) await r.completeAt(id, 'report-to-gm', 'gm', { gmInstruction: '今晚必须恢复供水，明早报告原因' });
  await r.completeAt(id, 'dispatch', 'pm-wu');
  return { r, id };
}

describe('campus hot-water repair (S12)', () => {
  it.each([
    ['valve', 1],
    ['machine', 8],
  ])('a %s fault must be repaired within %i h', async (severity, hours) => {
    const { r, id } = await toRepair(severity);
    const repair = r.taskAt(id, 'repair');
    expect(repair.sla!.dueAt - r.now).toBe(hours * HOUR);
    expect(repair.role).toBe('maintenance');
  });

  it('tells the school and the students first when a major fault is fixed the next day', async () => {
    const { r, id } = await toRepair('major');
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['notify-school']);
    await r.completeAt(id, 'notify-school', 'desk-1', { noticeText: '7号楼热水主机故障，明日中午前修复' });
    expect(r.taskAt(id, 'repair').sla!.dueAt - r.now).toBe(24 * HOUR);
  });

  it('escalates a late valve repair to the project manager, then to the general manager with a higher priority', async () => {
    const { r, id } = await toRepair('valve');
    await r.advance(HOUR);
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'project-manager' }]);
    await r.advance(2 * HOUR);
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'project-manager' }, { role: 'general-manager' }]);
    expect(r.taskAt(id, 'repair').priority).toBe(1);
  });

  it('sends a repeated complaint to the general manager before dispatch', async () => {
    const r = await runner([sop], { now: start });
    const id = await r.start('hot-water-repair', { severity: 'valve', repeatCount: 2, location: '7号楼' });
    await r.completeAt(id, 'log', 'desk-1', { description: '又没有热水了' });
    expect(r.taskAt(id, 'report-to-gm').role).toBe('general-manager');
  });

  it('ends only after the student is told the result', async () => {
    const { r, id } = await toRepair('valve');
    await r.completeAt(id, 'repair', 'fixer', { repairResult: '更换阀门', fixed: true });
    expect(r.taskAt(id, 'tell-student').role).toBe('service-desk');
    await r.completeAt(id, 'tell-student', 'desk-1', { studentTold: true, studentSatisfied: true });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'resolved' });
    expect(r.trail(id)).toEqual(['log:complete', 'dispatch:complete', 'repair:complete', 'tell-student:complete', 'closed:complete']);
  });
});
