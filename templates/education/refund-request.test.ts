import { beforeAll, describe, expect, it } from 'vitest';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';
import type { StoreRunner } from '../../src/testing/store-runner.ts';

// S25 客服主管⑹ 受理客户的退费以及调班工作.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./education/refund-request.yaml');
  // Open the store once here, so that the first test does not pay PGlite's start-up (slow on a busy machine).
  await runner([]);
}, 180_000);

async function toDecision(r: StoreRunner, requestType: 'refund' | 'transfer'): Promise<string> {
  const id = await r.start('refund-request', { studentName: '赵强', className: '少儿英语周六班' });
  await r.completeAt(id, 'log-request', 'cs-1', { requestType, reason: '跟不上进度', feePaid: 3600 });
  await r.completeAt(id, 'teacher-view', 'ht-zhang', { lessonsAttended: 4, teacherOpinion: '基础较弱，建议调入基础班' });
  return id;
}

describe('refund or class-change request (S25)', () => {
  it('has the supervisor decide within 3 working days of the head teacher’s view', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-09T10:00') });
    const id = await toDecision(r, 'refund');
    const decide = r.taskAt(id, 'decide');
    expect(decide.role).toBe('supervisor');
    expect(decide.sla!.dueAt).toBe(shanghai('2026-03-12T10:00'));
  });

  it('pays an approved refund through finance within 7 working days, then tells the customer', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-09T10:00') });
    const id = await toDecision(r, 'refund');
    await r.completeAt(id, 'decide', 'sup-li', { approved: true, refundAmount: 2640, decisionNote: '按未上课次退费' });
    const pay = r.taskAt(id, 'pay-refund');
    expect(pay.sla!.dueAt).toBe(shanghai('2026-03-18T10:00'));
    await r.advanceTo(shanghai('2026-03-18T10:00'));
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'supervisor' }]);
    await r.completeAt(id, 'pay-refund', 'fin-1', { paidAmount: 2640, voucherNo: 'TF-0318' });
    await r.completeAt(id, 'tell-customer', 'cs-1', { customerInformed: true, customerSatisfied: true });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'refunded' });
  });

  it('places a student in the new class when a class change is approved', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-09T10:00') });
    const id = await toDecision(r, 'transfer');
    await r.completeAt(id, 'decide', 'sup-li', { approved: true, newClass: '少儿英语基础班', decisionNote: '同意调班' });
    await r.completeAt(id, 'arrange-transfer', 'ht-zhang', { firstLessonInNewClass: '2026-03-14T14:00:00+08:00' });
    await r.completeAt(id, 'tell-customer', 'cs-1', { customerInformed: true });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'transferred' });
  });

  it('tells the customer when the request is declined, with no payment', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-09T10:00') });
    const id = await toDecision(r, 'refund');
    await r.completeAt(id, 'decide', 'sup-li', { approved: false, decisionNote: '已超过退费期限' });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['tell-customer']);
    await r.completeAt(id, 'tell-customer', 'cs-1', { customerInformed: true, customerSatisfied: false });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'declined' });
    expect(r.trail(id)).not.toContain('pay-refund:complete');
  });
});
