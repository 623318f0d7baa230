import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../src/engine/index.ts';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';
import type { StoreRunner } from '../../src/testing/store-runner.ts';

// S31 美容院礼仪与话术: the phone answered within two rings and the booking script, then the visit.
let booking: CompiledProcess;
let visit: CompiledProcess;
beforeAll(async () => {
  booking = await template('./beauty/salon-phone-booking.yaml');
  visit = await template('./beauty/salon-visit.yaml');
  // Open the store once here, so that the first test does not pay PGlite's start-up (slow on a busy machine).
  await runner([]);
}, 180_000);

const MIN = 60_000;
const bookingForm = { callerName: '李', cardNo: 'VIP-0087', kind: 'face', appointmentAt: '2026-03-05T15:00:00+08:00', item: '深层补水' };

async function refusal(command: () => unknown): Promise<EngineError> {
  try {
    await command();
  } catch (e) {
    return e as EngineError;
  }
  throw new Error('expected the engine to refuse');
}

async function book(r: StoreRunner, form: Record<string, unknown> = bookingForm): Promise<string> {
  const id = await r.start('salon-phone-booking');
  await r.completeAt(id, 'answer', 'desk-1', { purpose: 'booking' });
  await r.completeAt(id, 'take-booking', 'desk-1', form, { 'read-back': true });
  return id;
}

describe('salon phone call and booking (S31)', () => {
  it('must answer within two rings (10 s), or the store manager is told', async () => {
    const r = await runner([booking, visit], { now: shanghai('2026-03-03T10:00') });
    const id = await r.start('salon-phone-booking');
    expect(r.taskAt(id, 'answer').sla!.dueAt - r.now).toBe(10_000);
    await r.advance(10_000);
    expect(r.taskAt(id, 'answer').sla!.state).toBe('breached');
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'store-manager' }]);
  });

  it('answers an enquiry and ends without a booking', async () => {
    const r = await runner([booking, visit], { now: shanghai('2026-03-03T10:00') });
    const id = await r.start('salon-phone-booking');
    await r.completeAt(id, 'answer', 'desk-1', { purpose: 'enquiry' });
    await r.completeAt(id, 'answer-enquiry', 'desk-1', { enquiryNotes: '问美体项目价格', passedToConsultant: true });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'enquiry' });
  });

  it('takes a booking only with name, face or body, time and treatment, read back and confirmed', async () => {
    const r = await runner([booking, visit], { now: shanghai('2026-03-03T10:00') });
    const id = await r.start('salon-phone-booking');
    await r.completeAt(id, 'answer', 'desk-1', { purpose: 'booking' });
    const missing = await refusal(() => r.completeAt(id, 'take-booking', 'desk-1', { callerName: '李' }, { 'read-back': true }));
    expect(missing.issues.map((i) => i.field).sort()).toEqual(['appointmentAt', 'item', 'kind']);
    expect((await refusal(() => r.completeAt(id, 'take-booking', 'desk-1', bookingForm, { 'read-back': false }))).code).toBe('CHECKLIST_FAILED');
  });

  it('starts the salon visit for a member who arrives at the booked time, as a returning customer', async () => {
    const r = await runner([booking, visit], { now: shanghai('2026-03-03T10:00') });
    const id = await book(r);
    await r.advanceTo(shanghai('2026-03-05T14:59'));
    expect(r.openTasks(id)).toEqual([]);
    await r.advanceTo(shanghai('2026-03-05T15:00'));
    await r.completeAt(id, 'check-arrival', 'desk-1', { arrived: true });
    const child = [...r.cases.values()].find((c) => c.process.key === 'salon-visit')!;
    expect(child.data).toMatchObject({ customerName: '李', returningCustomer: true });
    expect(r.openTasks(child.id).map((t) => t.node)).toEqual(['greet']);
  });

  it('treats a caller without a card as a new customer', async () => {
    const r = await runner([booking, visit], { now: shanghai('2026-03-03T10:00') });
    const { cardNo: _none, ...noCard } = bookingForm;
    const id = await book(r, noCard);
    await r.advanceTo(shanghai('2026-03-05T15:00'));
    await r.completeAt(id, 'check-arrival', 'desk-1', { arrived: true });
    const child = [...r.cases.values()].find((c) => c.process.key === 'salon-visit')!;
    expect(child.data).toMatchObject({ returningCustomer: false });
  });

  it('holds a booking 15 minutes, tells the consultant, and calls a customer who did not come to rebook', async () => {
    const r = await runner([booking, visit], { now: shanghai('2026-03-03T10:00') });
    const id = await book(r);
    await r.advanceTo(shanghai('2026-03-05T15:15'));
    expect(r.taskAt(id, 'check-arrival').sla!.state).toBe('breached');
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'consultant' }]);
    await r.completeAt(id, 'check-arrival', 'desk-1', { arrived: false });
    expect(r.taskAt(id, 'call-no-show').sla!.dueAt - r.now).toBe(30 * MIN);
    await r.completeAt(id, 'call-no-show', 'desk-1', { rebooked: true, newTime: '2026-03-07T15:00:00+08:00' });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'no-show' });
  });
});
