import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../src/engine/index.ts';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';
import type { StoreRunner } from '../../src/testing/store-runner.ts';

// S10 服务项目过程管理方案: 启动 → 计划 → 执行 (with 监控与控制 beside it) → 收尾.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./generic/service-project.yaml');
  // Open the store once here, so that the first test does not pay PGlite's start-up (slow on a busy machine).
  await runner([]);
}, 180_000);

const DAY = 86_400_000;
const all = (...ids: string[]) => Object.fromEntries(ids.map((k) => [k, true]));
const project = { projectName: '某园区物业服务导入', customer: '某科技园' };

async function refusal(command: () => unknown): Promise<EngineError> {
  try {
    await command();
  } catch (e) {
    return e as EngineError;
  }
  throw new Error('expected the engine to refuse');
}

async function started(r: StoreRunner): Promise<string> {
  const id = await r.start('service-project', project);
  await r.completeAt(id, 'initiate', 'pm-1', { budget: 300000, dueDate: '2026-06-30' }, all('goals-scope', 'organisation', 'resources', 'communication'));
  await r.completeAt(id, 'approve', 'boss', { approved: true });
  await r.completeAt(id, 'plan', 'pm-1', undefined, all('wbs', 'schedule', 'resource-plan', 'risks', 'quality-plan'));
  return id;
}

describe('service project (S10)', () => {
  it('will not start without goals, organisation, resources and a communication plan, nor without approval', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-02T09:00') });
    const id = await r.start('service-project', project);
    const e = await refusal(() => r.completeAt(id, 'initiate', 'pm-1', { budget: 300000, dueDate: '2026-06-30' }, all('goals-scope', 'organisation', 'resources')));
    expect(e.issues.map((i) => i.field)).toEqual(['communication']);
    await r.completeAt(id, 'initiate', 'pm-1', { budget: 300000, dueDate: '2026-06-30' }, all('goals-scope', 'organisation', 'resources', 'communication'));
    await r.completeAt(id, 'approve', 'boss', { approved: false });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'rejected' });
  });

  it('plans with a WBS, schedule, resources, risks and a quality plan, then executes while a weekly review runs', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-02T09:00') });
    const id = await started(r);
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['execute']);
    const planned = r.now;
    await r.advance(7 * DAY);
    expect(r.taskAt(id, 'review')).toMatchObject({ role: 'project-manager', createdAt: planned + 7 * DAY });
  });

  it('answers an at-risk review with a warning and a corrective action, and keeps reviewing weekly', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-02T09:00') });
    const id = await started(r);
    await r.advance(7 * DAY);
    await r.completeAt(id, 'review', 'pm-1', { status: 'at-risk', costToDate: 120000, qualityScore: 3 });
    await r.completeAt(id, 'corrective-action', 'pm-1', { issue: '保安人员到岗率不足', action: '增派两名并调整排班' });
    const acted = r.now;
    await r.advance(7 * DAY);
    expect(r.taskAt(id, 'review').createdAt).toBe(acted + 7 * DAY);
  });

  it('tells the sponsor when a review is a working day late', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-02T09:00') });
    const id = await started(r);
    await r.advance(7 * DAY);
    await r.advance(2 * DAY);
    expect(r.taskAt(id, 'review').sla!.state).toBe('breached');
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'sponsor' }]);
  });

  it('goes to the customer’s acceptance only when the work is done and monitoring is closed; a refusal sends it back', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-02T09:00') });
    const id = await started(r);
    await r.completeAt(id, 'execute', 'team-1', undefined, all('coordinate', 'track', 'info'));
    expect(r.openTasks(id)).toEqual([]);
    await r.advance(7 * DAY);
    await r.completeAt(id, 'review', 'pm-1', { status: 'finished', costToDate: 280000, qualityScore: 4 });
    expect(r.taskAt(id, 'acceptance').role).toBe('customer-rep');
    await r.completeAt(id, 'acceptance', 'cust-1', { accepted: false, acceptanceNotes: '监控室交接资料不全', acceptanceSignature: 'sig-c' });
    await r.completeAt(id, 'rework', 'team-1');
    await r.completeAt(id, 'acceptance', 'cust-1', { accepted: true, acceptanceSignature: 'sig-c' });
    await r.completeAt(id, 'close', 'pm-1', undefined, all('lessons', 'report', 'archive'));
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'closed' });
    expect(r.trail(id)).toEqual([
      'initiate:complete', 'approve:complete', 'plan:complete', 'execute:complete', 'wait-review:complete', 'review:complete',
      'acceptance:complete', 'rework:complete', 'acceptance:complete', 'close:complete', 'closed:complete',
    ]);
  });
});
