import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../src/engine/index.ts';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';
import type { StoreRunner } from '../../src/testing/store-runner.ts';

// S09 (东风本田 售后) + S30 (服务顾问工作规范), run end to end on the real engine with a fake clock.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./automotive/car-after-sales.yaml');
});

const MIN = 60_000;
const staff = { advisor: ['adv-li', 'adv-wang'], technician: ['tech-zhao', 'tech-qian'] };
const inspectionList = Object.fromEntries(['body', 'interior', 'odometer', 'fuel', 'tools', 'audio', 'lights', 'lighter', 'trim', 'valuables-reminder'].map((k) => [k, true]));
const deliveryList = Object.fromEntries(['take-back-order', 'settle', 'seat', 'covers-off', 'next-service', 'see-off'].map((k) => [k, true]));

/** Reception through estimate, as the advisor on duty does it. */
async function receive(r: StoreRunner, id: string, approve = true): Promise<string> {
  const advisor = r.taskAt(id, 'greet').assignee!;
  await r.completeAt(id, 'greet', advisor, undefined, { 'seat-covers': true });
  await r.completeAt(id, 'inspection', advisor, { mileage: 32150, customerWords: '冷车启动时左前轮有“咯噔”声', inspectionSignature: 'sig-1' }, inspectionList);
  await r.completeAt(id, 'diagnosis', advisor, { diagnosis: '左前减震器顶胶老化' });
  await r.completeAt(id, 'estimate', advisor, {
    workItems: '更换左前减震器顶胶',
    estimateAmount: 680,
    promisedAt: '2026-03-04T15:00:00+08:00',
    oldParts: 'return',
    wash: true,
    estimateApproved: approve,
    workOrderSignature: 'sig-2',
  });
  return advisor;
}

describe('car after-sales (S09 + S30)', () => {
  it('reconfirms a booked customer the day before and greets them at the appointment time', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-01T09:00') });
    const id = await r.start('car-after-sales', { plate: '辽B 12345', appointed: true, appointmentAt: '2026-03-04T10:00:00+08:00' });
    await r.advanceTo(shanghai('2026-03-03T09:59'));
    expect(r.openTasks(id)).toEqual([]);
    await r.advanceTo(shanghai('2026-03-03T10:00'));
    expect(r.taskAt(id, 'reconfirm').role).toBe('appointment-clerk');
    await r.completeAt(id, 'reconfirm', 'clerk-sun', { reconfirmed: true });
    await r.advanceTo(shanghai('2026-03-04T09:59'));
    expect(r.openTasks(id)).toEqual([]);
    await r.advanceTo(shanghai('2026-03-04T10:00'));
    expect(r.taskAt(id, 'greet').assignee).toBe('adv-li');
  });

  it('greets a walk-in customer within 15 seconds, or the service manager is told', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-04T10:00') });
    const id = await r.start('car-after-sales', { plate: '辽B 12345' });
    await r.advance(15_000);
    expect(r.taskAt(id, 'greet').sla!.state).toBe('breached');
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'service-manager' }]);
  });

  it('keeps one advisor from reception to delivery and refuses an inspection without the customer’s words and signature', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-04T10:00') });
    const id = await r.start('car-after-sales', { plate: '辽B 12345' });
    const advisor = r.taskAt(id, 'greet').assignee!;
    await r.completeAt(id, 'greet', advisor, undefined, { 'seat-covers': true });
    expect(r.taskAt(id, 'inspection').assignee).toBe(advisor);
    try {
      await r.completeAt(id, 'inspection', advisor, { mileage: 32150 }, inspectionList);
      expect.unreachable();
    } catch (e) {
      expect((e as EngineError).code).toBe('FORM_INVALID');
      expect((e as EngineError).issues.map((i) => i.field).sort()).toEqual(['customerWords', 'inspectionSignature']);
    }
    try {
      await r.completeAt(id, 'inspection', advisor, { mileage: 1, customerWords: 'x', inspectionSignature: 's' }, { ...inspectionList, lights: false });
      expect.unreachable();
    } catch (e) {
      expect((e as EngineError).code).toBe('CHECKLIST_FAILED');
      expect((e as EngineError).message).toContain('lights');
    }
  });

  it('walks the whole service: estimate signed, extra work signed again, a progress call, delivery, follow-up call 48 h later', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-04T10:00') });
    const id = await r.start('car-after-sales', { plate: '辽B 12345' });
    const advisor = await receive(r, id);
    // Repair and the progress call to the waiting customer run at the same time.
    expect(r.openTasks(id).map((t) => t.node).sort()).toEqual(['care-call', 'repair']);
    const tech = r.taskAt(id, 'repair').assignee!;
    expect(staff.technician).toContain(tech);
    expect(r.taskAt(id, 'care-call').assignee).toBe(advisor);
    await r.advance(30 * MIN);
    await r.completeAt(id, 'care-call', advisor);
    await r.completeAt(id, 'repair', tech, { extraWorkFound: true, extraWork: '刹车片磨损到限' });
    await r.completeAt(id, 'extra-approval', advisor, { extraAmount: 420, extraApproved: true, extraSignature: 'sig-3' });
    expect(r.taskAt(id, 'extra-repair').assignee).toBe(tech);
    await r.completeAt(id, 'extra-repair', tech);
    await r.completeAt(id, 'self-check', tech, undefined, { 'all-items-done': true, 'old-parts': true });
    expect(r.taskAt(id, 'delivery').assignee).toBe(advisor);
    await r.completeAt(id, 'delivery', advisor, { settlementSignature: 'sig-4', nextServiceKm: 37150 }, deliveryList);
    const deliveredAt = r.now;
    await r.advance(48 * 60 * MIN - 1);
    expect(r.openTasks(id)).toEqual([]);
    await r.advance(1);
    expect(r.taskAt(id, 'follow-up')).toMatchObject({ role: 'customer-care', createdAt: deliveredAt + 48 * 60 * MIN });
    await r.completeAt(id, 'follow-up', 'care-zhou', { satisfaction: 5 });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'delivered' });
    expect(r.trail(id)).toEqual([
      'greet:complete', 'inspection:complete', 'diagnosis:complete', 'estimate:complete',
      'care-call:complete', 'repair:complete', 'extra-approval:complete', 'extra-repair:complete',
      'self-check:complete', 'delivery:complete', 'wait-48h:complete', 'follow-up:complete', 'done:complete',
    ]);
  });

  it('does no work when the customer declines the estimate', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-04T10:00') });
    const id = await r.start('car-after-sales', { plate: '辽B 12345' });
    await receive(r, id, false);
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'declined' });
    expect(r.tasks.size).toBe(4);
  });

  it('goes straight to delivery when the customer refuses the extra work', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-04T10:00') });
    const id = await r.start('car-after-sales', { plate: '辽B 12345' });
    const advisor = await receive(r, id);
    await r.completeAt(id, 'care-call', advisor);
    await r.completeAt(id, 'repair', r.taskAt(id, 'repair').assignee!, { extraWorkFound: true });
    await r.completeAt(id, 'extra-approval', advisor, { extraAmount: 420, extraApproved: false });
    const tech = r.taskAt(id, 'self-check').assignee!;
    await r.completeAt(id, 'self-check', tech, undefined, { 'all-items-done': true, 'old-parts': true });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['delivery']);
  });
});
