import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../src/engine/index.ts';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';
import type { StoreRunner } from '../../src/testing/store-runner.ts';

// S10 引例“一个烟洞要罚赔50元”: the damage claim at checkout handled as a complaint.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./hospitality/checkout-damage-claim.yaml');
  // Open the store once here, so that the first test does not pay PGlite's start-up (slow on a busy machine).
  await runner([]);
}, 180_000);

const MIN = 60_000;
const all = (...ids: string[]) => Object.fromEntries(ids.map((k) => [k, true]));
const claimList = all('quietly', 'evidence', 'rule-explained');
const escalations = (r: StoreRunner) => r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to);

async function refusal(command: () => unknown): Promise<EngineError> {
  try {
    await command();
  } catch (e) {
    return e as EngineError;
  }
  throw new Error('expected the engine to refuse');
}

async function threeBurns(r: StoreRunner): Promise<string> {
  const id = await r.start('checkout-damage-claim', { roomNo: '1606', guestName: '吴先生' });
  await r.completeAt(id, 'room-check', 'hk-1', { damageFound: true, burnMarks: 3, damagePhotos: 'photo-1606', damageNote: '床边地毯三个焦洞，形态像弹烟灰所致' });
  return id;
}

describe('checkout damage claim (S10)', () => {
  it('checks the room within 5 minutes while the guest waits, or the assistant manager is told', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-09T11:00') });
    const id = await r.start('checkout-damage-claim', { roomNo: '1606', guestName: '吴先生' });
    expect(r.taskAt(id, 'room-check').sla!.dueAt - r.now).toBe(5 * MIN);
    await r.advance(5 * MIN);
    expect(escalations(r)).toEqual([{ role: 'assistant-manager' }]);
  });

  it('checks a guest out with no claim and no review when the room is intact', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-09T11:00') });
    const id = await r.start('checkout-damage-claim', { roomNo: '1606', guestName: '吴先生' });
    await r.completeAt(id, 'room-check', 'hk-1', { damageFound: false });
    await r.completeAt(id, 'settle-bill', 'cash-1', { billTotal: 880 });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'checked-out' });
  });

  it('raises the claim quietly with the evidence, and charges three burns at 50 yuan each against the guest’s signature', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-09T11:00') });
    const id = await threeBurns(r);
    const e = await refusal(() => r.completeAt(id, 'raise-claim', 'cash-1', { claimAmount: 150, guestAccepts: true }, all('evidence', 'rule-explained')));
    expect(e.issues.map((i) => i.field)).toEqual(['quietly']);
    await r.completeAt(id, 'raise-claim', 'cash-1', { claimAmount: 150, guestAccepts: true }, claimList);
    expect(r.taskAt(id, 'charge').role).toBe('cashier');
    await r.completeAt(id, 'charge', 'cash-1', { damageSlipSignature: 'sig-wu' });
    await r.completeAt(id, 'settle-bill', 'cash-1', { billTotal: 1030 });
    expect(r.taskAt(id, 'review').role).toBe('front-office-manager');
  });

  it('does not let the cashier charge other than the standard rate: 100 yuan for three burns goes to the assistant manager', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-09T11:00') });
    const id = await threeBurns(r);
    await r.completeAt(id, 'raise-claim', 'cash-1', { claimAmount: 100, guestAccepts: true }, claimList);
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['take-aside']);
  });

  it('takes a guest who refuses aside: the assistant manager within 5 minutes (else the front-office manager), away from onlookers', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-09T11:00') });
    const id = await threeBurns(r);
    await r.completeAt(id, 'raise-claim', 'cash-1', { claimAmount: 150, guestAccepts: false }, claimList);
    const aside = r.taskAt(id, 'take-aside');
    expect(aside.role).toBe('assistant-manager');
    await r.advance(5 * MIN);
    expect(escalations(r)).toEqual([{ role: 'front-office-manager' }]);
    const e = await refusal(() => r.completeAt(id, 'take-aside', 'am-1', { resolution: 'reduced', agreedAmount: 100 }, all('listen', 'check-records')));
    expect(e.issues.map((i) => i.field)).toEqual(['away-from-crowd']);
  });

  it.each([
    ['paid in full after seeing the evidence', 'paid-full', 150],
    ['reduced', 'reduced', 100],
    ['waived', 'waived', 0],
  ])('settles a disputed claim (%s), checks the guest out and reviews the case within 3 working days', async (_name, resolution, agreedAmount) => {
    const r = await runner([sop], { now: shanghai('2026-03-09T11:00') });
    const id = await threeBurns(r);
    await r.completeAt(id, 'raise-claim', 'cash-1', { claimAmount: 150, guestAccepts: false }, claimList);
    await r.completeAt(id, 'take-aside', 'am-1', { resolution, agreedAmount, resolutionSignature: 'sig-wu' }, all('away-from-crowd', 'listen', 'check-records'));
    await r.completeAt(id, 'settle-bill', 'cash-1', { billTotal: 880 + agreedAmount });
    // Monday 11:00 + 3 working days (office calendar) = Thursday 11:00.
    expect(r.taskAt(id, 'review').sla!.dueAt).toBe(shanghai('2026-03-12T11:00'));
    await r.completeAt(id, 'review', 'fom-1', { reviewNotes: '处理得当；前台索赔应先请客人到一旁' });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'claim-handled' });
  });
});
