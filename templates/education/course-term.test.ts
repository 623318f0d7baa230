import { beforeAll, describe, expect, it } from 'vitest';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';
import type { StoreRunner } from '../../src/testing/store-runner.ts';

// S25 开元教育客服工作流程与规范: attendance, make-up classes, meetings after lessons 2/5/9/14 and 7/13, the survey.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./education/course-term.yaml');
  // Open the store once here, so that the first test does not pay PGlite's start-up (slow on a busy machine).
  await runner([]);
}, 180_000);

const DAY = 86_400_000;
const term = { className: '少儿英语周六班', totalLessons: 15 };
const escalations = (r: StoreRunner) => r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to);

/** The roll call of a lesson with everybody there; returns the nodes opened by it. */
async function lesson(r: StoreRunner, id: string, lessonNo: number, extra: Record<string, unknown> = {}): Promise<string[]> {
  await r.completeAt(id, 'roll-call', 'ht-zhang', { lessonNo, present: 18, anyAbsent: 'absent' in extra, anyStruggling: 'struggling' in extra, ...extra });
  return r.openTasks(id).map((t) => t.node).sort();
}

/** Closes whatever a lesson opened, then moves to the next lesson's roll call. */
async function finishLesson(r: StoreRunner, id: string) {
  const forms: Record<string, Record<string, unknown>> = {
    'make-up': { absenceReasons: '生病', makeUpPlan: '周日上午随周日班补课' },
    'suggest-transfer': { transferAdvice: '建议调入基础班，家长同意' },
    'half-term-summary': { halfTermSummary: '出勤率95%，两名学生跟不上' },
    'exchange-meeting': { exchangeMinutes: '案例：课堂纪律管理' },
    'staff-meeting': { staffMeetingMinutes: '续报目标与投诉跟进' },
  };
  for (let open = r.openTasks(id); open.length > 0 && open[0]!.node !== 'roll-call' && open[0]!.node !== 'survey'; open = r.openTasks(id)) {
    const t = open[0]!;
    await r.completeAt(id, t.node, t.role === 'supervisor' ? 'sup-li' : 'ht-zhang', forms[t.node]);
  }
  if (r.openTasks(id).length === 0) await r.advance(7 * DAY);
}

describe('course term follow-up (S25)', () => {
  it('takes the roll call before the lesson, within 15 minutes, or the supervisor is told', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-07T09:00') });
    const id = await r.start('course-term', term);
    expect(r.taskAt(id, 'roll-call').sla!.dueAt - r.now).toBe(15 * 60_000);
    await r.advance(15 * 60_000);
    expect(escalations(r)).toEqual([{ role: 'supervisor' }]);
  });

  it('calls the absent students and arranges a make-up class within a working day', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-06T09:00') });
    const id = await r.start('course-term', term);
    expect(await lesson(r, id, 1, { absent: '王小明', late: '李华 迟到10分钟' })).toEqual(['make-up']);
    // Friday 09:00 + 1 working day = Monday 09:00 (office calendar).
    expect(r.taskAt(id, 'make-up').sla!.dueAt).toBe(shanghai('2026-03-09T09:00'));
  });

  it('suggests a class change to students who cannot keep up', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-07T09:00') });
    const id = await r.start('course-term', term);
    expect(await lesson(r, id, 3, { struggling: '赵强' })).toEqual(['suggest-transfer']);
  });

  it.each([
    [2, ['staff-meeting']],
    [5, ['staff-meeting']],
    [9, ['staff-meeting']],
    [14, ['staff-meeting']],
    [7, ['half-term-summary']],
    [13, ['exchange-meeting']],
    [6, []],
  ])('after lesson %i opens %j', async (lessonNo, expected) => {
    const r = await runner([sop], { now: shanghai('2026-03-07T09:00') });
    const id = await r.start('course-term', term);
    const opened = await lesson(r, id, lessonNo);
    expect(opened.filter((n) => n !== 'roll-call')).toEqual(expected);
  });

  it('follows the half-term summary after lesson 7 with the exchange meeting', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-07T09:00') });
    const id = await r.start('course-term', term);
    await lesson(r, id, 7);
    await r.completeAt(id, 'half-term-summary', 'ht-zhang', { halfTermSummary: '出勤率95%' });
    expect(r.taskAt(id, 'exchange-meeting').role).toBe('supervisor');
  });

  it('opens the next roll call a week later, and after the last lesson runs the survey and the supervisor’s improvements', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-07T09:00') });
    const id = await r.start('course-term', { ...term, totalLessons: 2 });
    await lesson(r, id, 1, { absent: '王小明' });
    await finishLesson(r, id);
    expect(r.taskAt(id, 'roll-call').createdAt).toBe(shanghai('2026-03-14T09:00'));
    // Lesson 1's absentee is not carried into lesson 2: nobody is called after a full roll call.
    await lesson(r, id, 2);
    await finishLesson(r, id);
    await r.completeAt(id, 'survey', 'ht-zhang', { responses: 17, satisfaction: 4.6 });
    await r.completeAt(id, 'survey-analysis', 'sup-li', { improvements: '增加课后答疑' });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'term-closed' });
    expect(r.trail(id).filter((s) => !s.startsWith('wait'))).toEqual([
      'roll-call:complete', 'make-up:complete', 'roll-call:complete', 'staff-meeting:complete', 'survey:complete', 'survey-analysis:complete', 'term-closed:complete',
    ]);
  });
});
