import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../src/engine/index.ts';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';
import type { StoreRunner } from '../../src/testing/store-runner.ts';

// S24 会所服务流程及标准: wrist tag, shoes, locker, valuables, departure and lost property.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./hospitality/bath-club-visit.yaml');
  // Open the store once here, so that the first test does not pay PGlite's start-up (slow on a busy machine).
  await runner([]);
}, 180_000);

const all = (...ids: string[]) => Object.fromEntries(ids.map((k) => [k, true]));
const lockerList = all('tag-both-hands', 'hang-clothes', 'valuables-reminder', 'guest-checked', 'locked-pulled', 'tag-on-wrist');
const departList = all('open-by-tag', 'dress-or-step-back', 'belongings', 'relock', 'to-exit');

async function refusal(command: () => unknown): Promise<EngineError> {
  try {
    await command();
  } catch (e) {
    return e as EngineError;
  }
  throw new Error('expected the engine to refuse');
}

async function toLocker(r: StoreRunner): Promise<string> {
  const id = await r.start('bath-club-visit', { gender: 'male' });
  await r.completeAt(id, 'greet', 'tag-1', { partySize: 1, tagNo: 'M-218' });
  await r.completeAt(id, 'shoes', 'cash-1', undefined, all('shoe-clip', 'right-box', 'led-in'));
  return id;
}

async function bathe(r: StoreRunner, id: string, opts: { valuables: boolean; laundry: boolean }) {
  await r.completeAt(id, 'locker', 'lk-3', { valuablesDeposited: opts.valuables, laundry: opts.laundry }, lockerList);
}

describe('bath club visit (S24)', () => {
  it('hands out a wrist tag, then boxes the shoes and leads the guest to the right bath', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-07T20:00') });
    const id = await r.start('bath-club-visit', { gender: 'female' });
    expect((await refusal(() => r.completeAt(id, 'greet', 'tag-1', { partySize: 2 }))).issues.map((i) => i.field)).toEqual(['tagNo']);
    await r.completeAt(id, 'greet', 'tag-1', { partySize: 2, tagNo: 'F-031' });
    expect(r.taskAt(id, 'shoes').role).toBe('cashier');
  });

  it('locks the locker only after the guest has checked it and puts the tag on the wrist', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-07T20:00') });
    const id = await toLocker(r);
    const e = await refusal(() => r.completeAt(id, 'locker', 'lk-3', { valuablesDeposited: false, laundry: false }, { ...lockerList, 'guest-checked': false, 'tag-on-wrist': false }));
    expect(e.issues.map((i) => i.field)).toEqual(['guest-checked', 'tag-on-wrist']);
  });

  it('sends valuables to the front-desk safe against a signature, and gives them back at departure', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-07T20:00') });
    const id = await toLocker(r);
    await bathe(r, id, { valuables: true, laundry: false });
    expect(r.openTasks(id).map((t) => t.node).sort()).toEqual(['after-bath', 'deposit-valuables']);
    expect((await refusal(() => r.completeAt(id, 'deposit-valuables', 'fd-1', { depositList: '手表一块' }))).code).toBe('FORM_INVALID');
    await r.completeAt(id, 'deposit-valuables', 'fd-1', { depositList: '手表一块', depositSignature: 'sig-dep' });
    await r.completeAt(id, 'after-bath', 'lk-3', undefined, all('check-tag', 'introduce-areas'));
    await r.completeAt(id, 'depart', 'lk-3', undefined, departList);
    expect(r.taskAt(id, 'return-valuables').role).toBe('front-desk');
  });

  it('takes a laundry order while the guest bathes', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-07T20:00') });
    const id = await toLocker(r);
    await bathe(r, id, { valuables: false, laundry: true });
    expect(r.openTasks(id).map((t) => t.node).sort()).toEqual(['after-bath', 'laundry-order']);
    expect(r.taskAt(id, 'laundry-order').sla!.dueAt - r.now).toBe(2 * 3_600_000);
  });

  it.each([
    ['nothing left in the robe', 'none', 'left'],
    ['a ring found and handed back at once', 'returned', 'left'],
  ])('ends the visit when %s', async (_name, leftItem, outcome) => {
    const r = await runner([sop], { now: shanghai('2026-03-07T20:00') });
    const id = await toLocker(r);
    await bathe(r, id, { valuables: false, laundry: false });
    await r.completeAt(id, 'after-bath', 'lk-3', undefined, all('check-tag', 'introduce-areas'));
    await r.completeAt(id, 'depart', 'lk-3', undefined, departList);
    await r.completeAt(id, 'robe-check', 'lk-3', { leftItem });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome });
  });

  it('registers lost property with the assistant manager when the guest has already gone', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-07T20:00') });
    const id = await toLocker(r);
    await bathe(r, id, { valuables: false, laundry: false });
    await r.completeAt(id, 'after-bath', 'lk-3', undefined, all('check-tag', 'introduce-areas'));
    await r.completeAt(id, 'depart', 'lk-3', undefined, departList);
    await r.completeAt(id, 'robe-check', 'lk-3', { leftItem: 'guest-gone', leftItemDescription: '金色戒指一枚' });
    const reg = r.taskAt(id, 'register-lost-property');
    expect(reg.role).toBe('assistant-manager');
    expect(reg.sla!.dueAt - r.now).toBe(3_600_000);
    await r.completeAt(id, 'register-lost-property', 'am-1', { lostPropertyNo: 'LP-0307-02', lostItem: '金色戒指一枚，手牌M-218，21:40发现于浴服口袋' });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'lost-property' });
  });
});
