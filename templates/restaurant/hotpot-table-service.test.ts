import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../src/engine/index.ts';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';
import type { StoreRunner } from '../../src/testing/store-runner.ts';

// S21 火锅店标准化服务流程规范 (with the in-meal and farewell steps from S37's hotpot passages).
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./restaurant/hotpot-table-service.yaml');
  // Open the store once here, so that the first test does not pay PGlite's start-up (slow on a busy machine).
  await runner([]);
}, 180_000);

const MIN = 60_000;
const all = (...ids: string[]) => Object.fromEntries(ids.map((k) => [k, true]));
const prepList = all('equipment', 'tableware', 'condiments', 'pot-ring-water', 'final-check');
const knowList = all('know-tables', 'know-guests', 'know-standard', 'know-time', 'know-menu', 'know-host', 'know-payment', 'know-guest-of-honour', 'learn-customs', 'learn-taboos', 'learn-needs', 'drinks-ready');
const orderList = all('upright', 'portion-reminder', 'repeat-back', 'tickets-split', 'collect-towels');
const escalations = (r: StoreRunner) => r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to);

async function refusal(command: () => unknown): Promise<EngineError> {
  try {
    await command();
  } catch (e) {
    return e as EngineError;
  }
  throw new Error('expected the engine to refuse');
}

/** A walk-in party from the greeting to the soup base order. */
async function walkIn(r: StoreRunner): Promise<string> {
  const id = await r.start('hotpot-table-service', { tableNo: 'A12' });
  await r.completeAt(id, 'table-prep', 'w-1', undefined, prepList);
  await r.completeAt(id, 'greet', 'host-1', { partySize: 4 }, all('standing', 'ask-booking', 'seated'));
  await r.completeAt(id, 'hot-towels', 'w-1', undefined, all('left-in-left-out', 'clockwise', 'napkins'));
  await r.completeAt(id, 'soup-base-order', 'w-1', { soupBase: 'yuanyang', dip: 'oil' });
  return id;
}

describe('hotpot table service (S21)', () => {
  it('has the table ready half an hour before opening, or the supervisor is told', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-07T10:30') });
    const id = await r.start('hotpot-table-service', { tableNo: 'A12' });
    expect(r.taskAt(id, 'table-prep').sla!.dueAt).toBe(shanghai('2026-03-07T11:00'));
    expect((await refusal(() => r.completeAt(id, 'table-prep', 'w-1', undefined, { ...prepList, 'pot-ring-water': false }))).issues.map((i) => i.field)).toEqual(['pot-ring-water']);
    await r.advanceTo(shanghai('2026-03-07T11:00'));
    expect(escalations(r)).toEqual([{ role: 'supervisor' }]);
  });

  it('knows a booked party by the eight and three points, and has cold dishes, soup base and dips on the table 10 minutes before they come', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-07T10:30') });
    const id = await r.start('hotpot-table-service', { tableNo: 'B3', reserved: true, arrivalAt: '2026-03-07T12:00:00+08:00' });
    await r.completeAt(id, 'table-prep', 'w-1', undefined, prepList);
    expect((await refusal(() => r.completeAt(id, 'know-booking', 'w-1', undefined, { ...knowList, 'learn-taboos': false }))).code).toBe('CHECKLIST_FAILED');
    await r.completeAt(id, 'know-booking', 'w-1', undefined, knowList);
    await r.advanceTo(shanghai('2026-03-07T11:49'));
    expect(r.openTasks(id)).toEqual([]);
    await r.advanceTo(shanghai('2026-03-07T11:50'));
    const set = r.taskAt(id, 'set-cold-dishes');
    expect(set.sla!.dueAt).toBe(shanghai('2026-03-07T12:00'));
    await r.advanceTo(shanghai('2026-03-07T12:00'));
    expect(escalations(r)).toEqual([{ role: 'supervisor' }]);
    await r.completeAt(id, 'set-cold-dishes', 'w-1', undefined, all('cold-dishes', 'soup-base', 'plain-dip'));
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['greet']);
  });

  it('greets a walk-in party without the booking steps', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-07T10:30') });
    const id = await r.start('hotpot-table-service', { tableNo: 'A12' });
    await r.completeAt(id, 'table-prep', 'w-1', undefined, prepList);
    expect(r.openTasks(id).map((t) => [t.node, t.role])).toEqual([['greet', 'host']]);
  });

  it('sends a walk-in’s soup base to the kitchen first, while the rest of the order is taken', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-07T12:00') });
    const id = await walkIn(r);
    expect(r.openTasks(id).map((t) => [t.node, t.role]).sort()).toEqual([
      ['cook-soup-base', 'kitchen'],
      ['order-dishes', 'waiter'],
    ]);
    expect(r.taskAt(id, 'cook-soup-base').sla!.dueAt - r.now).toBe(10 * MIN);
  });

  it('does not cook again the soup base a booked party already has on the table', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-07T11:40') });
    const id = await r.start('hotpot-table-service', { tableNo: 'B3', reserved: true, arrivalAt: '2026-03-07T12:00:00+08:00' });
    await r.completeAt(id, 'table-prep', 'w-1', undefined, prepList);
    await r.completeAt(id, 'know-booking', 'w-1', undefined, knowList);
    await r.advanceTo(shanghai('2026-03-07T11:50'));
    await r.completeAt(id, 'set-cold-dishes', 'w-1', undefined, all('cold-dishes', 'soup-base', 'plain-dip'));
    await r.completeAt(id, 'greet', 'host-1', { partySize: 10 }, all('standing', 'ask-booking', 'seated'));
    await r.completeAt(id, 'hot-towels', 'w-1', undefined, all('left-in-left-out', 'clockwise', 'napkins'));
    await r.completeAt(id, 'soup-base-order', 'w-1', { soupBase: 'red', dip: 'plain' });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['order-dishes']);
  });

  it('refuses an order not repeated back or with food and drinks on one ticket', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-07T12:00') });
    const id = await walkIn(r);
    const e = await refusal(() => r.completeAt(id, 'order-dishes', 'w-1', { foodTicket: '毛肚、鸭肠、鱼2斤' }, { ...orderList, 'repeat-back': false, 'tickets-split': false }));
    expect(e.issues.map((i) => i.field)).toEqual(['repeat-back', 'tickets-split']);
  });

  it.each([
    ['a table left intact', false, ['clear-table']],
    ['a broken bowl', true, ['breakage']],
  ])('serves drinks and the meal, bills, and at the farewell checks the tableware: %s', async (_name, broken, next) => {
    const r = await runner([sop], { now: shanghai('2026-03-07T12:00') });
    const id = await walkIn(r);
    await r.completeAt(id, 'cook-soup-base', 'chef-1');
    await r.completeAt(id, 'order-dishes', 'w-1', { foodTicket: '毛肚、鸭肠、鱼2斤', drinksTicket: '啤酒6瓶', fishWeight: 2 }, orderList);
    await r.completeAt(id, 'drinks', 'w-1', undefined, all('show-bottle', 'consent', 'pour-order', 'beer-slowly'));
    await r.completeAt(id, 'during-meal', 'w-1', undefined, all('broth-two-thirds', 'plates-one-third', 'ashtray-three', 'away-from-pot', 'last-dish-told'));
    await r.completeAt(id, 'bill-and-farewell', 'w-1', { billAmount: 486, tablewareBroken: broken }, all('table-to-cashier', 'belongings', 'tableware-check'));
    expect(r.openTasks(id).map((t) => t.node)).toEqual(next);
    if (broken) await r.completeAt(id, 'breakage', 'sup-1', { breakageOutcome: '客人确认，按价赔偿10元' });
    await r.completeAt(id, 'clear-table', 'w-1');
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'served' });
  });
});
