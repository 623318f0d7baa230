import { beforeAll, describe, expect, it } from 'vitest';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';

/** The harness runner (in memory or on the store), whichever templates/testing.ts provides. */
type R = Awaited<ReturnType<typeof runner>>;

// S08 保供电服务流程: levels 1/2/3, approval by level, plan, countersign and publish, execution, summary.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./power/power-supply-guarantee.yaml');
});

const DAY = 24 * 3_600_000;
const items = (node: string) => {
  const n = sop.nodes[node];
  return n?.kind === 'human' ? (n.checklist?.items ?? []).map((i) => i.id) : [];
};
const all = (node: string) => Object.fromEntries(items(node).map((i) => [i, true]));

// A level-1 special event (专项活动) and the National Day period (特定时段, level 2).
const summit = { level: 1, scope: 'special', eventName: '国际投资洽谈会', startAt: '2026-09-21T08:00:00+08:00', endAt: '2026-09-23T20:00:00+08:00' };
const nationalDay = { level: 2, scope: 'period', eventName: '国庆节保供电', startAt: '2026-09-30T18:00:00+08:00', endAt: '2026-10-08T08:00:00+08:00' };
const expo = { level: 3, scope: 'special', eventName: '市车展', startAt: '2026-09-12T09:00:00+08:00', endAt: '2026-09-13T18:00:00+08:00' };

const intakeForm = { source: '来函', location: '会展中心及周边线路', schedule: '开幕式9:00，晚宴18:00', contactName: '市政府办公室 张主任', contactPhone: '0394-1234567', initialOpinion: '建议按一级保电' };
const plan = { workGroups: ['主网安全运行组', '配网安全运行组', '应急抢修组'], planDraft: '方案初稿……' };

async function startApproved(r: R, data: Record<string, unknown>): Promise<string> {
  const id = await r.start('power-supply-guarantee', data);
  await r.completeAt(id, 'intake', 'mgr-gao', intakeForm);
  const approver = r.openTasks(id)[0]!;
  await r.completeAt(id, approver.node, 'leader', { approved: true });
  return id;
}

/** Plan to the end of the guarantee period (plan, countersign/publish as the level needs, preparation, duty). */
async function runPeriod(r: R, id: string): Promise<void> {
  if (r.openTasks(id).some((t) => t.node === 'draft-plan')) await r.completeAt(id, 'draft-plan', 'lead-1', plan, all('draft-plan'));
  if (r.openTasks(id).some((t) => t.node === 'countersign')) {
    await r.completeAt(id, 'countersign', 'depts', { countersignMode: '专题会议', countersignatures: 'sig' });
    await r.completeAt(id, 'publish', 'office-1', { documentNo: '周供电〔2026〕88号' });
  }
  await r.completeAt(id, 'prepare', 'lead-1', undefined, all('prepare'));
  const { startAt, endAt } = r.cases.get(id)!.data as { startAt: string; endAt: string };
  await r.advanceTo(Date.parse(startAt));
  await r.completeAt(id, 'on-duty', 'duty-1', { incidents: '无' }, all('on-duty'));
  await r.advanceTo(Date.parse(endAt));
}

describe('power-supply guarantee (S08)', () => {
  it.each([
    [1, 'approve-level-1', 'general-manager'],
    [2, 'approve-level-2', 'deputy-gm'],
    [3, 'approve-level-3', 'marketing-head'],
  ])('sends a level-%i request to its own approver', async (level, node, role) => {
    const r = await runner([sop], { now: shanghai('2026-09-01T09:00') });
    const id = await r.start('power-supply-guarantee', { ...summit, level });
    await r.completeAt(id, 'intake', 'mgr-gao', intakeForm);
    expect(r.openTasks(id).map((t) => [t.node, t.role])).toEqual([[node, role]]);
  });

  it('ends a request the leader does not approve', async () => {
    const r = await runner([sop], { now: shanghai('2026-09-01T09:00') });
    const id = await r.start('power-supply-guarantee', expo);
    await r.completeAt(id, 'intake', 'mgr-gao', intakeForm);
    await r.completeAt(id, 'approve-level-3', 'head-1', { approved: false, approvalOpinion: '由客户自行保障' });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'rejected' });
  });

  it('reports a level-1 request to the province at the same time as the city drafts its plan, and files the special plan with the leading group', async () => {
    const r = await runner([sop], { now: shanghai('2026-09-01T09:00') });
    const id = await startApproved(r, summit);
    expect(r.openTasks(id).map((t) => [t.node, t.role]).sort()).toEqual([
      ['draft-plan', 'lead-department'],
      ['province-special-plan', 'province-marketing'],
    ]);
    await r.completeAt(id, 'province-special-plan', 'prov-1', { specialPlanNo: '豫电营销〔2026〕12号' });
    expect(r.taskAt(id, 'file-special-plan').role).toBe('leading-group');
    await r.completeAt(id, 'file-special-plan', 'group', { filed: true });
    expect(r.taskAt(id, 'draft-plan')).toBeDefined();
  });

  it('countersigns and publishes level-1 and level-2 plans as formal documents, and has the province review an especially important level-1 plan', async () => {
    const r = await runner([sop], { now: shanghai('2026-09-01T09:00') });
    const l2 = await startApproved(r, nationalDay);
    await r.completeAt(l2, 'draft-plan', 'lead-1', plan, all('draft-plan'));
    await r.completeAt(l2, 'countersign', 'depts', { countersignMode: '部门会签', countersignatures: 'sig' });
    expect(r.openTasks(l2).map((t) => t.node)).toEqual(['publish']);

    const l1 = await startApproved(r, { ...summit, veryImportant: true });
    await r.completeAt(l1, 'draft-plan', 'lead-1', plan, all('draft-plan'));
    await r.completeAt(l1, 'countersign', 'depts', { countersignMode: '专题会议', countersignatures: 'sig' });
    expect(r.openTasks(l1).map((t) => [t.node, t.role])).toContainEqual(['province-review', 'province-marketing']);
  });

  it('goes from plan to preparation without countersign, publication or summary at level 3', async () => {
    const r = await runner([sop], { now: shanghai('2026-09-01T09:00') });
    const id = await startApproved(r, expo);
    await r.completeAt(id, 'draft-plan', 'lead-1', plan, all('draft-plan'));
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['prepare']);
    await runPeriod(r, id);
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'completed' });
    expect(r.trail(id)).not.toContain('summary:complete');
  });

  it('puts the duty team on at the start of the guarantee period', async () => {
    const r = await runner([sop], { now: shanghai('2026-09-01T09:00') });
    const id = await startApproved(r, nationalDay);
    await r.completeAt(id, 'draft-plan', 'lead-1', plan, all('draft-plan'));
    await r.completeAt(id, 'countersign', 'depts', { countersignMode: '专题会议', countersignatures: 'sig' });
    await r.completeAt(id, 'publish', 'office-1', { documentNo: '88号' });
    await r.completeAt(id, 'prepare', 'lead-1', undefined, { patrol: true, drill: true });
    expect(r.cases.get(id)!.steps['prepare']!.checklist).toMatchObject({ passed: false, optionalChecked: 0 });
    await r.advanceTo(shanghai('2026-09-30T17:59'));
    expect(r.openTasks(id)).toEqual([]);
    await r.advanceTo(shanghai('2026-09-30T18:00'));
    expect(r.taskAt(id, 'on-duty').role).toBe('duty-team');
  });

  it('wants the level-1 special-event summary within a week of the end, tells the head of marketing, then the province', async () => {
    const r = await runner([sop], { now: shanghai('2026-09-01T09:00') });
    const id = await startApproved(r, summit);
    await r.completeAt(id, 'province-special-plan', 'prov-1', { specialPlanNo: '12号' });
    await r.completeAt(id, 'file-special-plan', 'group', { filed: true });
    await runPeriod(r, id);
    const end = shanghai('2026-09-23T20:00');
    expect(r.taskAt(id, 'summary')).toMatchObject({ role: 'lead-department', createdAt: end });
    expect(r.taskAt(id, 'summary').sla!.dueAt).toBe(end + 7 * DAY);
    await r.advanceTo(end + 7 * DAY);
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'marketing-head' }]);
    await r.advanceTo(shanghai('2026-10-08T20:00')); // National Day week: the next working day is 9 October
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'marketing-head' }]);
    await r.advanceTo(shanghai('2026-10-09T20:00'));
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'marketing-head' }, { role: 'province-marketing' }]);
  });

  it.each([
    ['a level-2 period', nationalDay],
    ['a level-1 period', { ...summit, scope: 'period' }],
  ])('gives %s two weeks for its summary (our choice: the seed sets no date)', async (_what, data) => {
    const r = await runner([sop], { now: shanghai('2026-09-01T09:00') });
    const id = await startApproved(r, data);
    if (data.level === 1) {
      await r.completeAt(id, 'province-special-plan', 'prov-1', { specialPlanNo: '12号' });
      await r.completeAt(id, 'file-special-plan', 'group', { filed: true });
    }
    await runPeriod(r, id);
    expect(r.taskAt(id, 'summary').sla!.dueAt).toBe(Date.parse(data.endAt) + 14 * DAY);
  });

  it('revises the emergency plan when the summary finds it necessary, then ends', async () => {
    const r = await runner([sop], { now: shanghai('2026-09-01T09:00') });
    const id = await startApproved(r, nationalDay);
    await runPeriod(r, id);
    await r.completeAt(id, 'summary', 'lead-1', { lessons: '10月3日配网故障抢修超时', revisePlan: true });
    await r.completeAt(id, 'revise-emergency-plan', 'lead-1', { revisedPlanNo: '预案2026修订版' });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'completed' });
    expect(r.trail(id)).toEqual([
      'intake:complete', 'approve-level-2:complete', 'draft-plan:complete', 'countersign:complete', 'publish:complete',
      'prepare:complete', 'wait-start:complete', 'on-duty:complete', 'wait-end:complete', 'summary:complete',
      'revise-emergency-plan:complete', 'done:complete',
    ]);
  });

  it('holds the plan’s parts from the seed: 4 parts, 9 working groups, 9 work plans, 5 period plans', () => {
    const draft = sop.nodes['draft-plan'];
    const groups = draft?.kind === 'human' ? draft.form?.find((f) => f.id === 'workGroups')?.options ?? [] : [];
    expect({ parts: items('draft-plan').length, groups: groups.length, workPlans: items('prepare').length, periodPlans: items('on-duty').length }).toEqual({
      parts: 4,
      groups: 9,
      workPlans: 9,
      periodPlans: 5,
    });
  });
});
