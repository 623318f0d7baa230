import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../src/engine/index.ts';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';
import type { StoreRunner } from '../../src/testing/store-runner.ts';

// S37 餐厅服务员服务流程: the ten steps, 5 s greeting, 30 s after seating, the order repeated back.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./restaurant/waiter-service.yaml');
  // Open the store once here, so that the first test does not pay PGlite's start-up (slow on a busy machine).
  await runner([]);
}, 180_000);

const all = (...ids: string[]) => Object.fromEntries(ids.map((k) => [k, true]));
const orderList = all('right-side', 'every-item', 'taboos', 'repeat-back', 'waiting-time');
const escalations = (r: StoreRunner) => r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to);

async function refusal(command: () => unknown): Promise<EngineError> {
  try {
    await command();
  } catch (e) {
    return e as EngineError;
  }
  throw new Error('expected the engine to refuse');
}

async function seated(r: StoreRunner, data: Record<string, unknown> = {}): Promise<string> {
  const id = await r.start('restaurant-waiter-service', data);
  await r.completeAt(id, 'greet', 'host-1', { partySize: 4 });
  await r.completeAt(id, 'lead', 'host-1', undefined, all('distance', 'open-hand', 'consent', 'handover'));
  await r.completeAt(id, 'seat', 'w-3', undefined, all('vip-elderly-first', 'chair-technique', 'settings-adjusted'));
  return id;
}

/** From the towel to the dishes on the table. */
async function orderAndServe(r: StoreRunner, id: string) {
  await r.completeAt(id, 'towel', 'w-3', undefined, all('right-hand-side', 'tongs'));
  await r.completeAt(id, 'tea', 'w-3', undefined, all('warm', 'order-of-service', 'fill-level', 'spout'));
  await r.completeAt(id, 'order', 'w-3', { orderTicket: '宫保鸡丁、清炒时蔬、米饭4碗', taboo: '不吃香菜' }, orderList);
  await r.completeAt(id, 'send-ticket', 'w-3', { ticketSentAt: '2026-03-07T12:06:00+08:00' }, all('ticket-complete', 'no-chatting'));
  await r.completeAt(id, 'serve', 'w-3', undefined, all('check-against-order', 'announce', 'no-thumb', 'all-served-told', 'linger'));
}

const mealList = all('plates-one-third', 'ashtray-three', 'empty-plates', 'refills');

describe('restaurant waiter’s ten steps (S37)', () => {
  it('greets within 5 seconds, or the supervisor is told', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-07T12:00') });
    const id = await r.start('restaurant-waiter-service');
    expect(r.taskAt(id, 'greet').sla!.dueAt - r.now).toBe(5_000);
    await r.advance(5_000);
    expect(escalations(r)).toEqual([{ role: 'supervisor' }]);
  });

  it('keeps the greeting host to lead the party, 1-1.5 m ahead, and hands over to the table waiter', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-07T12:00') });
    const id = await r.start('restaurant-waiter-service', { reserved: true });
    await r.completeAt(id, 'greet', 'host-1', { partySize: 4 });
    expect(r.taskAt(id, 'lead').assignee).toBe('host-1');
    const e = await refusal(() => r.completeAt(id, 'lead', 'host-1', undefined, all('open-hand', 'consent', 'handover')));
    expect(e.issues.map((i) => i.field)).toEqual(['distance']);
  });

  it('serves the guests within 30 seconds of seating (the welcome towel), or the supervisor is told', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-07T12:00') });
    const id = await seated(r);
    const towel = r.taskAt(id, 'towel');
    expect(towel.assignee).toBe('w-3');
    expect(towel.sla!.dueAt - r.now).toBe(30_000);
    await r.advance(29_999);
    expect(escalations(r)).toEqual([]);
    await r.advance(1);
    expect(escalations(r)).toEqual([{ role: 'supervisor' }]);
  });

  it('refuses an order that was not repeated back or whose dietary restrictions were not asked', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-07T12:00') });
    const id = await seated(r);
    await r.completeAt(id, 'towel', 'w-3', undefined, all('right-hand-side', 'tongs'));
    await r.completeAt(id, 'tea', 'w-3', undefined, all('warm', 'order-of-service', 'fill-level', 'spout'));
    const e = await refusal(() => r.completeAt(id, 'order', 'w-3', { orderTicket: '宫保鸡丁' }, all('right-side', 'every-item', 'waiting-time')));
    expect(e.issues.map((i) => i.field)).toEqual(['taboos', 'repeat-back']);
  });

  it('sends the ticket within 2 minutes with the time noted', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-07T12:00') });
    const id = await seated(r);
    await r.completeAt(id, 'towel', 'w-3', undefined, all('right-hand-side', 'tongs'));
    await r.completeAt(id, 'tea', 'w-3', undefined, all('warm', 'order-of-service', 'fill-level', 'spout'));
    await r.completeAt(id, 'order', 'w-3', { orderTicket: '宫保鸡丁' }, orderList);
    expect(r.taskAt(id, 'send-ticket').sla!.dueAt - r.now).toBe(120_000);
    expect((await refusal(() => r.completeAt(id, 'send-ticket', 'w-3', {}, all('ticket-complete', 'no-chatting')))).code).toBe('FORM_INVALID');
  });

  it.each([
    ['the hall, 2 towel changes', false, 2, ['bill']],
    ['the hall, 1 towel change', false, 1, ['towel-shortfall']],
    ['a private room, 3 towel changes', true, 3, ['bill']],
    ['a private room, 2 towel changes', true, 2, ['towel-shortfall']],
  ])('checks the towel changes during the meal: %s', async (_name, privateRoom, towelChanges, next) => {
    const r = await runner([sop], { now: shanghai('2026-03-07T12:00') });
    const id = await seated(r, { privateRoom });
    await orderAndServe(r, id);
    await r.completeAt(id, 'during-meal', 'w-3', { towelChanges }, mealList);
    expect(r.openTasks(id).map((t) => t.node)).toEqual(next);
  });

  it('walks the ten steps from the greeting to the farewell, calling out the note number and checking the tableware', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-07T12:00') });
    const id = await seated(r);
    await orderAndServe(r, id);
    await r.completeAt(id, 'during-meal', 'w-3', { towelChanges: 2 }, mealList);
    const e = await refusal(() => r.completeAt(id, 'bill', 'w-3', { billAmount: 168 }, all('table-told', 'farewell-towel', 'belongings', 'tableware')));
    expect(e.issues.map((i) => i.field)).toEqual(['note-number']);
    await r.completeAt(id, 'bill', 'w-3', { billAmount: 168 }, all('table-told', 'note-number', 'farewell-towel', 'belongings', 'tableware'));
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'served' });
    expect(r.trail(id)).toEqual([
      'greet:complete', 'lead:complete', 'seat:complete', 'towel:complete', 'tea:complete', 'order:complete',
      'send-ticket:complete', 'serve:complete', 'during-meal:complete', 'bill:complete', 'done:complete',
    ]);
  });
});
