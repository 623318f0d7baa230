import { beforeAll, describe, expect, it } from 'vitest';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';
import type { StoreRunner } from '../../src/testing/store-runner.ts';

// S06 服务体验流程: the hour-by-hour itinerary and the report that closes at 15 July 24:00.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./education/service-experience-trip.yaml');
  // Open the store once here, so that the first test does not pay PGlite's start-up (slow on a busy machine).
  await runner([]);
}, 180_000);

const trip = { studentName: '林同学', tripStartAt: '2026-07-05T09:00:00+08:00', reportDeadline: '2026-07-16T00:00:00+08:00' };

/** Every itinerary slot, the time it opens and the time it is due (Shanghai). */
const SLOTS: [string, string, string][] = [
  ['crossing', '2026-07-05T09:00', '2026-07-05T10:30'],
  ['coach', '2026-07-05T10:30', '2026-07-05T11:00'],
  ['check-in', '2026-07-05T11:00', '2026-07-05T12:00'],
  ['room', '2026-07-05T12:00', '2026-07-05T13:00'],
  ['lunch', '2026-07-05T12:00', '2026-07-05T14:00'],
  ['street', '2026-07-05T14:00', '2026-07-05T18:00'],
  ['tea-house', '2026-07-05T18:00', '2026-07-05T20:00'],
  ['facilities', '2026-07-05T20:00', '2026-07-05T23:00'],
  ['night-view', '2026-07-05T23:00', '2026-07-06T00:00'],
  ['breakfast', '2026-07-06T09:00', '2026-07-06T10:00'],
  ['report', '2026-07-06T10:00', '2026-07-16T00:00'],
];

const FORMS: Record<string, Record<string, unknown>> = {
  crossing: { crossingNotes: '澳门关口自助通道多，排队短' },
  coach: { coachNotes: '司机主动搬行李，赠送地图' },
  'check-in': { checkInNotes: '5分钟办完，员工着装统一' },
  room: { roomNotes: '遥控器有中英文频道表' },
  lunch: { lunchNotes: '葡国餐厅侍应推荐招牌菜' },
  street: { streetNotes: '三家店排队都在20分钟以上' },
  'tea-house': { teaHouseNotes: '出品快，翻台快' },
  facilities: { facilitiesNotes: '泳池员工主动提醒关闭时间' },
  'night-view': { nightViewNotes: '横琴可发展会展与休闲' },
  breakfast: { breakfastNotes: '自助早餐补菜及时' },
};

async function walkItinerary(r: StoreRunner, id: string) {
  for (const [node, opens] of SLOTS.slice(0, -1)) {
    await r.advanceTo(shanghai(opens));
    await r.completeAt(id, node, 'stu-lin', FORMS[node], node === 'street' ? { 'egg-tart': true, 'pork-bun': true, 'fish-balls': true } : undefined);
  }
}

describe('service-experience study trip (S06)', () => {
  it('opens every slot of the itinerary at its hour and makes it due at the end of the slot, whatever time the case was started', async () => {
    const r = await runner([sop], { now: shanghai('2026-07-01T16:00') });
    const id = await r.start('service-experience-trip', trip);
    expect(r.openTasks(id)).toEqual([]);
    await r.advanceTo(shanghai('2026-07-06T10:00'));
    const open = new Map(r.openTasks(id).map((t) => [t.node, t]));
    for (const [node, opens, due] of SLOTS) {
      expect([node, open.get(node)?.createdAt]).toEqual([node, shanghai(opens)]);
      expect([node, open.get(node)?.sla?.dueAt]).toEqual([node, shanghai(due)]);
    }
  });

  it('asks for the three most authentic shops on Rua do Cunha', async () => {
    const r = await runner([sop], { now: shanghai('2026-07-05T09:00') });
    const id = await r.start('service-experience-trip', trip);
    await r.advanceTo(shanghai('2026-07-05T14:00'));
    let missing: string[] = [];
    try {
      await r.completeAt(id, 'street', 'stu-lin', FORMS['street'], { 'egg-tart': true, 'pork-bun': true });
    } catch (e) {
      missing = (e as { issues: { field: string }[] }).issues.map((i) => i.field);
    }
    expect(missing).toEqual(['fish-balls']);
  });

  it('warns the student a day before the deadline and grades a report submitted in time', async () => {
    const r = await runner([sop], { now: shanghai('2026-07-05T09:00') });
    const id = await r.start('service-experience-trip', trip);
    await walkItinerary(r, id);
    await r.advanceTo(shanghai('2026-07-15T00:00'));
    expect(r.taskAt(id, 'report').sla!.state).toBe('warning');
    await r.advanceTo(shanghai('2026-07-15T23:59'));
    await r.completeAt(id, 'report', 'stu-lin', { submitted: true, reportFile: 'report-lin.docx' });
    expect(r.taskAt(id, 'grade').role).toBe('teacher');
    await r.completeAt(id, 'grade', 'teacher-duanmu', { credits: 2 });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'graded' });
  });

  it('closes the report at 15 July 24:00: the step goes to the teacher and the student gets zero credits', async () => {
    const r = await runner([sop], { now: shanghai('2026-07-05T09:00') });
    const id = await r.start('service-experience-trip', trip);
    await walkItinerary(r, id);
    await r.advanceTo(shanghai('2026-07-15T23:59'));
    expect(r.taskAt(id, 'report').role).toBe('student');
    await r.advanceTo(shanghai('2026-07-16T00:00'));
    const report = r.taskAt(id, 'report');
    expect(report).toMatchObject({ role: 'teacher', status: 'open' });
    expect(report.sla!.state).toBe('breached');
    await r.completeAt(id, 'report', 'teacher-duanmu', { submitted: false });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'zero-credit' });
  });
});
