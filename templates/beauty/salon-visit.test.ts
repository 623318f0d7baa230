import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../src/engine/index.ts';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';
import type { StoreRunner } from '../../src/testing/store-runner.ts';

// S01 + S13 + S15 + S17 + S31: one salon visit, run on the engine with a fake clock.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./beauty/salon-visit.yaml');
  // Open the store once here, so that the first test does not pay PGlite's start-up (slow on a busy machine).
  await runner([]);
}, 180_000);

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const all = (...ids: string[]) => Object.fromEntries(ids.map((k) => [k, true]));
const greetList = all('door-at-3m', 'bow-30', 'lead-left-front', 'seat-and-water');
const newList = all('archive-card', 'history', 'skin-test', 'course-handbook', 'certified-staff', 'tour', 'no-product-push');
const returningList = all('card', 'archive', 'last-visit');
const workOrderList = all('copy-beautician', 'copy-materials', 'notes-told', 'daily-schedule');
const changingList = all('locker', 'slippers', 'robe', 'steam-5-10', 'foot-bath-ready', 'jewellery');
const treatmentList = all('foot-bath', 'back', 'hot-towel', 'shoulders', 'cleanse', 'facial', 'cream', 'mirror', 'tidy-up', 'one-basin');
const newForm = { skinType: 'dry', allergies: '无', phone: '139 0000 1111', moistureBefore: 32, treatment: '补水疗程', treatmentAccepted: true };

/** The engine's refusal of a command (fails the test when the command is accepted). */
async function refusal(command: () => unknown): Promise<EngineError> {
  try {
    await command();
  } catch (e) {
    return e as EngineError;
  }
  throw new Error('expected the engine to refuse');
}

function escalations(r: StoreRunner) {
  return r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to);
}

async function newCustomer(r: StoreRunner, accept = true): Promise<string> {
  const id = await r.start('salon-visit', { customerName: '王小姐' });
  await r.completeAt(id, 'greet', 'duty-1', undefined, greetList);
  await r.completeAt(id, 'consult-new', 'con-li', { ...newForm, treatmentAccepted: accept }, newList);
  return id;
}

/** From the work order to the see-off, as the consultant, the beautician and the cashier do it. */
async function careAndCheckout(r: StoreRunner, id: string, product: { sold: boolean; runsOutOn?: string }) {
  await r.completeAt(id, 'work-order', 'con-li', { workOrderNo: 'WO-0301-07', beauticianNo: '5号' }, workOrderList);
  await r.completeAt(id, 'prepare-materials', 'mat-zhou', { materialsIssued: '补水面膜1片，精华2ml' });
  await r.completeAt(id, 'changing-room', 'bt-5', undefined, changingList);
  expect(r.taskAt(id, 'treatment').assignee).toBe('bt-5');
  await r.completeAt(id, 'treatment', 'bt-5', { customerNeeds: '想改善眼周细纹' }, treatmentList);
  await r.completeAt(
    id,
    'reconsult',
    'con-li',
    {
      moistureAfter: 45,
      nextVisitAt: '2026-03-15T15:00:00+08:00',
      productSold: product.sold,
      ...(product.sold ? { productName: '补水精华', productRunsOutOn: product.runsOutOn } : {}),
    },
    all('opinion', 'compare', 'home-care'),
  );
  await r.completeAt(id, 'checkout', 'cash-1', { amount: 398, payMethod: 'card-balance' });
  await r.completeAt(id, 'see-off', 'con-li', undefined, all('belongings', 'to-door', 'archive-updated'));
}

describe('beauty salon visit (S01 + S13 + S15 + S17 + S31)', () => {
  it('greets at the door within 2 minutes (S17), or the store manager is told', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-01T14:00') });
    const id = await r.start('salon-visit', { customerName: '王小姐' });
    expect(r.taskAt(id, 'greet').role).toBe('duty-beautician');
    await r.advance(2 * MIN - 1);
    expect(r.taskAt(id, 'greet').sla!.state).toBe('ok');
    await r.advance(1);
    expect(r.taskAt(id, 'greet').sla!.state).toBe('breached');
    expect(escalations(r)).toEqual([{ role: 'store-manager' }]);
  });

  it('warns a new-customer consultation at 15 minutes (S17 3-15 min) and breaches it at 20 (S13 不能超过20分钟)', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-01T14:00') });
    const id = await r.start('salon-visit', { customerName: '王小姐' });
    await r.completeAt(id, 'greet', 'duty-1', undefined, greetList);
    const t = r.taskAt(id, 'consult-new');
    expect(t.sla!.dueAt - r.now).toBe(20 * MIN);
    await r.advance(15 * MIN);
    expect(r.taskAt(id, 'consult-new').sla!.state).toBe('warning');
    await r.advance(5 * MIN);
    expect(r.taskAt(id, 'consult-new').sla!.state).toBe('breached');
    expect(escalations(r)).toEqual([{ role: 'store-manager' }]);
  });

  it('gives a new customer an archive card, a skin test and a store tour, and refuses a consultation without them', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-01T14:00') });
    const id = await r.start('salon-visit', { customerName: '王小姐' });
    await r.completeAt(id, 'greet', 'duty-1', undefined, greetList);
    expect((await refusal(() => r.completeAt(id, 'consult-new', 'con-li', newForm, { ...newList, tour: false }))).code).toBe('CHECKLIST_FAILED');
    try {
      await r.completeAt(id, 'consult-new', 'con-li', { treatment: '补水', treatmentAccepted: true }, newList);
      expect.unreachable();
    } catch (e) {
      expect((e as EngineError).code).toBe('FORM_INVALID');
      expect((e as EngineError).issues.map((i) => i.field).sort()).toEqual(['allergies', 'moistureBefore', 'phone', 'skinType']);
    }
  });

  it('sees off a new customer who only came to ask, with no work order', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-01T14:00') });
    const id = await newCustomer(r, false);
    expect(r.taskAt(id, 'see-off-consulted').role).toBe('consultant');
    await r.completeAt(id, 'see-off-consulted', 'con-li');
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'consulted' });
    expect(r.trail(id)).toEqual(['greet:complete', 'consult-new:complete', 'see-off-consulted:complete', 'consulted-only:complete']);
  });

  it('asks a returning customer for her card and archive, consults within 15 minutes and goes straight to the work order', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-01T14:00') });
    const id = await r.start('salon-visit', { customerName: '李姐', returningCustomer: true });
    await r.completeAt(id, 'greet', 'duty-1', undefined, greetList);
    expect(r.taskAt(id, 'consult-returning').sla!.dueAt - r.now).toBe(15 * MIN);
    await r.completeAt(id, 'consult-returning', 'con-li', { moistureBefore: 38, treatment: '眼部护理' }, returningList);
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['work-order']);
  });

  it('has a returning customer with an unpaid balance pay what she can and sign on the balance line before the work order (S01)', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-01T14:00') });
    const id = await r.start('salon-visit', { customerName: '李姐', returningCustomer: true, cardBalanceDue: 600 });
    await r.completeAt(id, 'greet', 'duty-1', undefined, greetList);
    await r.completeAt(id, 'consult-returning', 'con-li', { moistureBefore: 38, treatment: '眼部护理' }, returningList);
    const settle = r.taskAt(id, 'settle-balance');
    expect(settle.role).toBe('consultant');
    expect((await refusal(() => r.completeAt(id, 'settle-balance', 'con-li', { balancePaid: 300 }))).code).toBe('FORM_INVALID');
    await r.completeAt(id, 'settle-balance', 'con-li', { balancePaid: 300, balanceSignature: 'sig-balance' });
    expect(r.cases.get(id)!.data).toMatchObject({ balancePaid: 300, balanceSignature: 'sig-balance' });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['work-order']);
  });

  it('sends the work-order copies to the beautician and the materials staff, who then work side by side', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-01T14:00') });
    const id = await newCustomer(r);
    expect((await refusal(() => r.completeAt(id, 'work-order', 'con-li', { workOrderNo: 'WO-1', beauticianNo: '5号' }, { ...workOrderList, 'copy-materials': false }))).code).toBe('CHECKLIST_FAILED');
    await r.completeAt(id, 'work-order', 'con-li', { workOrderNo: 'WO-1', beauticianNo: '5号' }, workOrderList);
    expect(r.openTasks(id).map((t) => [t.node, t.role]).sort()).toEqual([
      ['changing-room', 'beautician'],
      ['prepare-materials', 'materials'],
    ]);
  });

  it('walks the whole visit: care, measurement after vs before, checkout, see-off, the call-back 3 days later and the product follow-up 3 days before it runs out', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-01T14:00') });
    const id = await newCustomer(r);
    await careAndCheckout(r, id, { sold: true, runsOutOn: '2026-04-01' });
    expect(r.cases.get(id)!.data).toMatchObject({ moistureBefore: 32, moistureAfter: 45 });
    const seenOff = r.now;
    await r.advance(3 * DAY - 1);
    expect(r.openTasks(id)).toEqual([]);
    await r.advance(1);
    expect(r.taskAt(id, 'callback')).toMatchObject({ role: 'consultant', createdAt: seenOff + 3 * DAY });
    await r.completeAt(id, 'callback', 'con-li', { callbackNotes: '皮肤水润，无不适', nextVisitBooked: true });
    // 2026-04-01 less 3 days: the follow-up opens on 29 March.
    await r.advanceTo(Date.parse('2026-03-29T00:00:00Z') - 1);
    expect(r.openTasks(id)).toEqual([]);
    await r.advanceTo(Date.parse('2026-03-29T00:00:00Z'));
    await r.completeAt(id, 'product-follow-up', 'con-li', { productResult: '效果好', productRebought: true });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'served' });
    expect(r.trail(id)).toEqual([
      'greet:complete', 'consult-new:complete', 'work-order:complete', 'prepare-materials:complete', 'changing-room:complete',
      'treatment:complete', 'reconsult:complete', 'checkout:complete', 'see-off:complete', 'wait-callback:complete',
      'callback:complete', 'wait-product:complete', 'product-follow-up:complete', 'served:complete',
    ]);
  });

  it('escalates a call-back not made within a day to the store manager', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-01T14:00') });
    const id = await newCustomer(r);
    await careAndCheckout(r, id, { sold: false });
    await r.advance(4 * DAY);
    expect(r.taskAt(id, 'callback').sla!.state).toBe('breached');
    expect(escalations(r)).toEqual([{ role: 'store-manager' }]);
  });

  it('ends after the call-back alone when no product was sold', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-01T14:00') });
    const id = await newCustomer(r);
    await careAndCheckout(r, id, { sold: false });
    await r.advance(3 * DAY);
    await r.completeAt(id, 'callback', 'con-li', { callbackNotes: '满意', nextVisitBooked: false });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'served' });
    expect(r.trail(id)).not.toContain('product-follow-up:complete');
  });
});
