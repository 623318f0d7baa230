import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../src/engine/index.ts';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';
import type { StoreRunner } from '../../src/testing/store-runner.ts';

// S38 服务流程表: 预约 → 确认 → 安排 → 准备 → 执行 → 反馈 → 结算 → 跟踪 → 问题解决 → 评估.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./generic/service-process.yaml');
  // Open the store once here, so that the first test does not pay PGlite's start-up (slow on a busy machine).
  await runner([]);
}, 180_000);

const DAY = 86_400_000;
const all = (...ids: string[]) => Object.fromEntries(ids.map((k) => [k, true]));
const booking = { customerName: '何先生', customerPhone: '136 8888 0000', serviceType: '空调清洗', appointmentAt: '2026-03-12T10:00:00+08:00', place: '滨海路8号1202', bookedVia: 'app' };
const escalations = (r: StoreRunner) => r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to);

async function refusal(command: () => unknown): Promise<EngineError> {
  try {
    await command();
  } catch (e) {
    return e as EngineError;
  }
  throw new Error('expected the engine to refuse');
}

/** Booking to the service delivered at the appointment. */
async function delivered(r: StoreRunner, data: Record<string, unknown> = {}): Promise<string> {
  const id = await r.start('service-process', data);
  await r.completeAt(id, 'booking', 'cs-1', booking);
  await r.completeAt(id, 'confirm', 'cs-1', { complete: true, feasible: true });
  await r.completeAt(id, 'schedule', 'disp-1', { assignedStaff: '师傅 老周', staffNotified: true });
  await r.completeAt(id, 'prepare', 'zhou', undefined, all('tools', 'procedure', 'customer-told'));
  await r.advanceTo(shanghai('2026-03-12T10:00'));
  await r.completeAt(id, 'execute', 'zhou', { serviceNotes: '两台挂机清洗完毕', customerAccepted: 'sig-he' }, all('on-time', 'content-confirmed', 'safe', 'site-cleared'));
  return id;
}

describe('generic service process (S38)', () => {
  it('confirms a booking within 2 working hours, or the service manager is told', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-10T10:00') });
    const id = await r.start('service-process');
    await r.completeAt(id, 'booking', 'cs-1', booking);
    expect(r.taskAt(id, 'confirm').sla!.dueAt).toBe(shanghai('2026-03-10T12:00'));
    await r.advanceTo(shanghai('2026-03-10T12:00'));
    expect(escalations(r)).toEqual([{ role: 'manager' }]);
  });

  it('calls the customer to adjust an incomplete or conflicting booking, then confirms again', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-10T10:00') });
    const id = await r.start('service-process');
    await r.completeAt(id, 'booking', 'cs-1', booking);
    await r.completeAt(id, 'confirm', 'cs-1', { complete: true, feasible: false });
    await r.completeAt(id, 'adjust', 'cs-1', { appointmentAt: '2026-03-13T10:00:00+08:00' });
    await r.completeAt(id, 'confirm', 'cs-1', { complete: true, feasible: true });
    expect(r.taskAt(id, 'schedule').role).toBe('dispatcher');
    expect(r.cases.get(id)!.data['appointmentAt']).toBe('2026-03-13T10:00:00+08:00');
  });

  it('keeps the prepared staff member for the visit, opens it at the appointment and wants it started within 15 minutes', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-10T10:00') });
    const id = await r.start('service-process');
    await r.completeAt(id, 'booking', 'cs-1', booking);
    await r.completeAt(id, 'confirm', 'cs-1', { complete: true, feasible: true });
    await r.completeAt(id, 'schedule', 'disp-1', { assignedStaff: '师傅 老周', staffNotified: true });
    expect((await refusal(() => r.completeAt(id, 'prepare', 'zhou', undefined, all('procedure', 'customer-told')))).issues.map((i) => i.field)).toEqual(['tools']);
    await r.completeAt(id, 'prepare', 'zhou', undefined, all('tools', 'procedure', 'customer-told'));
    await r.advanceTo(shanghai('2026-03-12T09:59'));
    expect(r.openTasks(id)).toEqual([]);
    await r.advanceTo(shanghai('2026-03-12T10:15'));
    expect(r.taskAt(id, 'execute').assignee).toBe('zhou');
    expect(escalations(r)).toEqual([{ role: 'manager' }]);
  });

  it('collects feedback within a day and settles with an invoice or receipt; a service without problems or tracking goes to evaluation', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-10T10:00') });
    const id = await delivered(r);
    expect(r.taskAt(id, 'feedback').sla!.dueAt - r.now).toBe(DAY);
    await r.completeAt(id, 'feedback', 'cs-1', { rating: 5, problem: false });
    expect((await refusal(() => r.completeAt(id, 'settle', 'cash-1', { amount: 240, payMethod: 'wechat' }))).issues.map((i) => i.field)).toEqual(['receipt']);
    await r.completeAt(id, 'settle', 'cash-1', { amount: 240, payMethod: 'wechat', receipt: 'invoice' });
    await r.completeAt(id, 'evaluate', 'mgr-1', { evaluation: '按时、满意' });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'completed' });
    expect(r.trail(id)).toEqual([
      'booking:complete', 'confirm:complete', 'schedule:complete', 'prepare:complete', 'wait-appointment:complete', 'execute:complete',
      'feedback:complete', 'settle:complete', 'evaluate:complete', 'closed:complete',
    ]);
  });

  it('has the service manager solve a problem or dispute within 3 working days before the evaluation', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-10T10:00') });
    const id = await delivered(r);
    await r.completeAt(id, 'feedback', 'cs-1', { rating: 2, comments: '室内机漏水', problem: true });
    await r.completeAt(id, 'settle', 'cash-1', { amount: 240, payMethod: 'alipay', receipt: 'receipt' });
    const resolve = r.taskAt(id, 'resolve');
    expect(resolve.role).toBe('manager');
    // Thursday 10:xx + 3 working days = Tuesday (office calendar).
    expect(new Date(resolve.sla!.dueAt).toISOString().slice(0, 10)).toBe('2026-03-17');
    await r.completeAt(id, 'resolve', 'mgr-1', { resolution: '免费上门复查，更换排水管', customerAgrees: true });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['evaluate']);
  });

  it('tracks a long-term service every 30 days until tracking is stopped', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-10T10:00') });
    const id = await delivered(r, { longTerm: true });
    await r.completeAt(id, 'feedback', 'cs-1', { rating: 4, problem: false });
    await r.completeAt(id, 'settle', 'cash-1', { amount: 2400, payMethod: 'bank-card', receipt: 'invoice' });
    const settled = r.now;
    await r.advance(30 * DAY);
    expect(r.taskAt(id, 'track').createdAt).toBe(settled + 30 * DAY);
    await r.completeAt(id, 'track', 'cs-1', { trackingNotes: '运行正常', continueTracking: true });
    await r.advance(30 * DAY);
    await r.completeAt(id, 'track', 'cs-1', { trackingNotes: '合同到期', continueTracking: false });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['evaluate']);
  });
});
