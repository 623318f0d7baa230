import { beforeAll, describe, expect, it } from 'vitest';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';

/** The harness runner (in memory or on the store), whichever templates/testing.ts provides. */
type R = Awaited<ReturnType<typeof runner>>;

// S29 烟草客户经理分类拜访: core every two weeks, 15–20 min, booked a day ahead; important monthly.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./tobacco/account-manager-visit.yaml');
});

const DAY = 24 * 3_600_000;
const staff = { 'account-manager': ['am-li'] }; // the retailers' owner must be on the staff list
const CYCLE_START = shanghai('2026-03-02T09:00'); // a Monday
const escalations = (r: R) => r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to);

async function cycle(r: R, customerClass: string): Promise<string> {
  const id = await r.start('account-manager-visit', { customerClass, retailer: '王记烟酒店' }, { customer: { id: 'ret-88', ownerId: 'am-li' } });
  await r.completeAt(id, 'plan-visit', 'am-li', { visitAt: '2026-03-05T10:00:00+08:00', method: 'on-site' });
  return id;
}

async function toVisit(r: R, customerClass: string): Promise<string> {
  const id = await cycle(r, customerClass);
  await r.advanceTo(shanghai('2026-03-04T10:00'));
  await r.completeAt(id, 'book', 'am-li', { bookingConfirmed: true });
  await r.advanceTo(shanghai('2026-03-05T10:00'));
  return id;
}

describe('tobacco account manager visits by class (S29)', () => {
  it('starts a visit cycle every two weeks for core retailers and every month for important ones', () => {
    expect(sop.definition.schedules).toEqual([
      { rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=9;BYMINUTE=0', data: { customerClass: 'core' } },
      { rrule: 'FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=9;BYMINUTE=0', data: { customerClass: 'important' } },
    ]);
  });

  it.each([
    ['core', 14],
    ['important', 28],
    ['other', 84],
  ])('gives a %s retailer’s visit %i days, then tells the marketing supervisor', async (customerClass, days) => {
    const r = await runner([sop], { staff, now: CYCLE_START });
    const id = await r.start('account-manager-visit', { customerClass, retailer: '王记烟酒店' }, { customer: { id: 'ret-88', ownerId: 'am-li' } });
    expect(r.cases.get(id)!.sla!.dueAt).toBe(CYCLE_START + days * DAY);
    await r.advanceTo(CYCLE_START + days * DAY);
    expect(escalations(r)).toEqual([{ role: 'marketing-supervisor' }]);
  });

  it('has the retailer’s own account manager book the visit the day before, and tells the supervisor when the booking call is not made', async () => {
    const r = await runner([sop], { staff, now: CYCLE_START });
    const id = await cycle(r, 'core');
    await r.advanceTo(shanghai('2026-03-04T09:59'));
    expect(r.openTasks(id)).toEqual([]);
    await r.advanceTo(shanghai('2026-03-04T10:00'));
    expect(r.taskAt(id, 'book')).toMatchObject({ assignee: 'am-li', createdAt: shanghai('2026-03-04T10:00') });
    // 4 working hours on the office calendar (lunch hour not counted) → 15:00.
    expect(r.taskAt(id, 'book').sla!.dueAt).toBe(shanghai('2026-03-04T15:00'));
    await r.advanceTo(shanghai('2026-03-04T15:00'));
    expect(escalations(r)).toEqual([{ role: 'marketing-supervisor' }]);
  });

  it('opens the visit at the booked time and closes the cycle after a 15–20 minute core visit', async () => {
    const r = await runner([sop], { staff, now: CYCLE_START });
    const id = await toVisit(r, 'core');
    expect(r.taskAt(id, 'visit')).toMatchObject({ assignee: 'am-li', createdAt: shanghai('2026-03-05T10:00') });
    await r.completeAt(id, 'visit', 'am-li', { visitMinutes: 18, visitRecord: '宣传新品，核对订单' }, { 'standard-services': true, personalised: true, needs: true });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'visited' });
    expect(r.trail(id)).toEqual(['plan-visit:complete', 'wait-day-before:complete', 'book:complete', 'wait-visit:complete', 'visit:complete', 'visited:complete']);
  });

  it.each([12, 25])('has the supervisor review a %i-minute core visit (outside 15–20 minutes)', async (minutes) => {
    const r = await runner([sop], { staff, now: CYCLE_START });
    const id = await toVisit(r, 'core');
    await r.completeAt(id, 'visit', 'am-li', { visitMinutes: minutes, visitRecord: '匆忙' }, { 'standard-services': true, needs: true });
    expect(r.taskAt(id, 'duration-review').role).toBe('marketing-supervisor');
  });

  it('sets no length for an important retailer’s visit', async () => {
    const r = await runner([sop], { staff, now: CYCLE_START });
    const id = await toVisit(r, 'important');
    await r.completeAt(id, 'visit', 'am-li', { visitMinutes: 40, visitRecord: '终端建设沟通' }, { 'standard-services': true, needs: true });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'visited' });
  });
});
