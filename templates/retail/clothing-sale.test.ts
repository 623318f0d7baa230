import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../src/engine/index.ts';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';
import type { StoreRunner } from '../../src/testing/store-runner.ts';

// S39 服装零售服务七/八/九步曲, run on the engine with a fake clock.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./retail/clothing-sale.yaml');
  // Open the store once here, so that the first test does not pay PGlite's start-up (slow on a busy machine).
  await runner([]);
}, 180_000);

const DAY = 86_400_000;
const staff = { sales: ['guide-chen', 'guide-he'] };
const all = (...ids: string[]) => Object.fromEntries(ids.map((k) => [k, true]));
const checkoutList = all('led-to-till', 'ask-vip-card', 'count-items', 'scan', 'call-out-cash', 'pack', 'care-and-exchange', 'other-needs');
const fittingList = all('unpack-30s', 'knock', 'wait-near', 'mirror');

async function refusal(command: () => unknown): Promise<EngineError> {
  try {
    await command();
  } catch (e) {
    return e as EngineError;
  }
  throw new Error('expected the engine to refuse');
}

/** Greeting to the decision, as the associate on duty does it; returns the associate. */
async function showAndTry(r: StoreRunner, id: string, opts: { wantsToTry: boolean; onFloor: boolean }): Promise<string> {
  const guide = r.taskAt(id, 'greet').assignee!;
  await r.completeAt(id, 'greet', guide, undefined, all('eye-contact', 'distance', 'stop-work'));
  await r.completeAt(id, 'needs', guide, { looking: 'suit', size: '175/92A' });
  await r.completeAt(id, 'show', guide, opts, all('unfold', 'fab', 'answer-doubts'));
  return guide;
}

async function buy(r: StoreRunner, id: string, guide: string, purchaseAmount: number, alteration = false) {
  await r.completeAt(id, 'objections', guide, { objection: 'price', buys: true });
  await r.completeAt(id, 'add-on', guide, { purchaseAmount, addOnSold: true, alteration, ...(alteration ? { alterationSlip: '陈先生 裤长改为102cm' } : {}) });
  await r.completeAt(id, 'checkout', 'cash-1', { receiptNo: 'R-0301-0042' }, checkoutList);
}

describe('clothing store sale (S39)', () => {
  it('keeps one associate from the greeting on and fetches stock from the stockroom within one minute, or the store manager is told', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T15:00') });
    const id = await r.start('clothing-sale');
    const guide = await showAndTry(r, id, { wantsToTry: true, onFloor: false });
    const fetch = r.taskAt(id, 'fetch-stock');
    expect(fetch.assignee).toBe(guide);
    expect(fetch.sla!.dueAt - r.now).toBe(60_000);
    await r.advance(60_000);
    expect(r.taskAt(id, 'fetch-stock').sla!.state).toBe('breached');
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'store-manager' }]);
    await r.completeAt(id, 'fetch-stock', guide, undefined, { 'confirm-item': true });
    expect(r.taskAt(id, 'fitting').assignee).toBe(guide);
  });

  it('goes straight to the fitting room when the size is on the floor, and refuses a fitting without knocking first', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T15:00') });
    const id = await r.start('clothing-sale');
    const guide = await showAndTry(r, id, { wantsToTry: true, onFloor: true });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['fitting']);
    expect((await refusal(() => r.completeAt(id, 'fitting', guide, undefined, { ...fittingList, knock: false }))).code).toBe('CHECKLIST_FAILED');
  });

  it('sees off a customer who does not buy, with no checkout', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T15:00') });
    const id = await r.start('clothing-sale');
    const guide = await showAndTry(r, id, { wantsToTry: false, onFloor: true });
    await r.completeAt(id, 'objections', guide, { objection: 'price', buys: false });
    await r.completeAt(id, 'see-off-no-sale', guide);
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'no-sale' });
    expect(r.trail(id)).not.toContain('checkout:complete');
  });

  it.each([
    ['one purchase of 3000', 3000, 0, true],
    ['one purchase of 2999', 2999, 0, false],
    ['1200 on top of 3800 before (5000 in total)', 1200, 3800, true],
    ['1200 on top of 3700 before (4900 in total)', 1200, 3700, false],
  ])('makes a customer VIP by the 3000-at-once or 5000-in-total rule: %s', async (_name, amount, priorSpend, vip) => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T15:00') });
    const id = await r.start('clothing-sale', { priorSpend });
    const guide = await showAndTry(r, id, { wantsToTry: false, onFloor: true });
    await buy(r, id, guide, amount);
    expect(r.openTasks(id).map((t) => t.node)).toEqual([vip ? 'vip-enrol' : 'record']);
  });

  it('does not enrol a customer who is already a VIP', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T15:00') });
    const id = await r.start('clothing-sale', { isVip: true, priorSpend: 20000 });
    const guide = await showAndTry(r, id, { wantsToTry: false, onFloor: true });
    await buy(r, id, guide, 4000);
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['record']);
  });

  it('refuses a checkout where the cashier did not ask for a VIP card or call out the money', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T15:00') });
    const id = await r.start('clothing-sale');
    const guide = await showAndTry(r, id, { wantsToTry: false, onFloor: true });
    await r.completeAt(id, 'objections', guide, { objection: 'none', buys: true });
    await r.completeAt(id, 'add-on', guide, { purchaseAmount: 800, alteration: false });
    const e = await refusal(() => r.completeAt(id, 'checkout', 'cash-1', { receiptNo: 'R-1' }, { ...checkoutList, 'ask-vip-card': false, 'call-out-cash': false }));
    expect(e.code).toBe('CHECKLIST_FAILED');
    expect(e.issues.map((i) => i.field)).toEqual(['ask-vip-card', 'call-out-cash']);
  });

  it('sends trousers to the tailor when they need altering, due within a day', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T15:00') });
    const id = await r.start('clothing-sale');
    const guide = await showAndTry(r, id, { wantsToTry: true, onFloor: true });
    await r.completeAt(id, 'fitting', guide, undefined, fittingList);
    await buy(r, id, guide, 1500, true);
    const alter = r.taskAt(id, 'alter');
    expect(alter.role).toBe('tailor');
    expect(alter.sla!.dueAt - r.now).toBe(DAY);
    await r.completeAt(id, 'alter', 'tailor-wu', { alterationDone: true });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['record']);
  });

  it('records the customer and calls back three days after the sale', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T15:00') });
    const id = await r.start('clothing-sale');
    const guide = await showAndTry(r, id, { wantsToTry: false, onFloor: true });
    await buy(r, id, guide, 3200);
    await r.completeAt(id, 'vip-enrol', 'cash-1', { vipName: '陈先生', vipPhone: '137 0000 2222', vipCardNo: 'V-1001' });
    await r.completeAt(id, 'record', guide, { customerNotes: '175/92A，偏好深色商务款' });
    const recorded = r.now;
    await r.advance(3 * DAY - 1);
    expect(r.openTasks(id)).toEqual([]);
    await r.advance(1);
    expect(r.taskAt(id, 'callback')).toMatchObject({ assignee: guide, createdAt: recorded + 3 * DAY });
    await r.completeAt(id, 'callback', guide, { callbackNotes: '合身，满意' });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'sold' });
    expect(r.trail(id)).toEqual([
      'greet:complete', 'needs:complete', 'show:complete', 'objections:complete', 'add-on:complete', 'checkout:complete',
      'vip-enrol:complete', 'record:complete', 'wait-callback:complete', 'callback:complete', 'sold:complete',
    ]);
  });
});
