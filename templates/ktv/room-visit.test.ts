import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../src/engine/index.ts';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';
import type { StoreRunner } from '../../src/testing/store-runner.ts';

// S27 KTV服务工作流程 (接待, 分配包厢, 带入包厢, 确认开厢) + S04 (1.5-2 m greeting, first three minutes, order repeated back).
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./ktv/room-visit.yaml');
  // Open the store once here, so that the first test does not pay PGlite's start-up (slow on a busy machine).
  await runner([]);
}, 180_000);

const MIN = 60_000;
const staff = { greeter: ['zk-1', 'zk-2'] };
const all = (...ids: string[]) => Object.fromEntries(ids.map((k) => [k, true]));
const firstThree = all('sound-on', 'batteries', 'mic-covers', 'welcome-speech', 'welcome-tea', 'lights');
const escalations = (r: StoreRunner) => r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to);

async function refusal(command: () => unknown): Promise<EngineError> {
  try {
    await command();
  } catch (e) {
    return e as EngineError;
  }
  throw new Error('expected the engine to refuse');
}

async function arrive(r: StoreRunner, partySize: number): Promise<{ id: string; greeter: string }> {
  const id = await r.start('ktv-room-visit', { partySize });
  const greeter = r.taskAt(id, 'greet').assignee!;
  await r.completeAt(id, 'greet', greeter, undefined, all('bow-90', 'ask-party', 'handover-count'));
  return { id, greeter };
}

/** A room is assigned, the party is led there and accepts it: the room opens while the first three minutes run. */
async function toOpenRoom(r: StoreRunner, partySize: number): Promise<string> {
  const { id, greeter } = await arrive(r, partySize);
  await r.completeAt(id, 'assign-room', 'rec-1', { roomAvailable: true, roomNo: 'V08', roomSeats: 10 });
  await r.completeAt(id, 'lead-to-room', greeter, undefined, all('promotions', 'locations', 'handover', 'waiter-greets-2m'));
  await r.completeAt(id, 'confirm-room', 'fw-7', { satisfied: true });
  return id;
}

describe('KTV arrival and room service (S27 + S04)', () => {
  it('takes greeters in turn (轮流带客)', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T20:00') });
    const a = await r.start('ktv-room-visit', { partySize: 4 });
    const b = await r.start('ktv-room-visit', { partySize: 6 });
    expect([r.taskAt(a, 'greet').assignee, r.taskAt(b, 'greet').assignee]).toEqual(['zk-1', 'zk-2']);
  });

  it('seats the party in the waiting area with tea and magazines when no suitable room is free, then reception assigns again', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T20:00') });
    const { id, greeter } = await arrive(r, 6);
    await r.completeAt(id, 'assign-room', 'rec-1', { roomAvailable: false });
    expect(r.taskAt(id, 'waiting-area').role).toBe('greeter');
    await r.completeAt(id, 'waiting-area', greeter, undefined, all('tea', 'magazines'));
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['assign-room']);
  });

  it('assigns the room by party size: a room that seats fewer than the party goes back to reception', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T20:00') });
    const { id } = await arrive(r, 12);
    await r.completeAt(id, 'assign-room', 'rec-1', { roomAvailable: true, roomNo: 'M03', roomSeats: 8 });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['assign-room']);
    await r.completeAt(id, 'assign-room', 'rec-1', { roomAvailable: true, roomNo: 'L01', roomSeats: 16 });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['lead-to-room']);
  });

  it('sends a party unhappy with the room back to reception to reassign it (never the waiter)', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T20:00') });
    const { id, greeter } = await arrive(r, 4);
    await r.completeAt(id, 'assign-room', 'rec-1', { roomAvailable: true, roomNo: 'S02', roomSeats: 6 });
    await r.completeAt(id, 'lead-to-room', greeter, undefined, all('promotions', 'locations', 'handover', 'waiter-greets-2m'));
    await r.completeAt(id, 'confirm-room', 'fw-7', { satisfied: false, complaint: 'environment' });
    expect(r.taskAt(id, 'assign-room').role).toBe('reception');
  });

  it('opens the room at reception while the waiter gives the first three minutes of service, due in 3 minutes or the supervisor is told', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T20:00') });
    const id = await toOpenRoom(r, 6);
    expect(r.openTasks(id).map((t) => t.node).sort()).toEqual(['first-three-minutes', 'open-room']);
    const first = r.taskAt(id, 'first-three-minutes');
    expect(first.assignee).toBe('fw-7');
    expect(first.sla!.dueAt - r.now).toBe(3 * MIN);
    await r.advance(3 * MIN);
    expect(escalations(r)).toEqual([{ role: 'supervisor' }]);
    const e = await refusal(() => r.completeAt(id, 'first-three-minutes', 'fw-7', undefined, { ...firstThree, batteries: false }));
    expect(e.issues.map((i) => i.field)).toEqual(['batteries']);
  });

  it('has the party sign the room slip after both, knocking first', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T20:00') });
    const id = await toOpenRoom(r, 6);
    await r.completeAt(id, 'open-room', 'rec-1', { billing: 'block', slipNo: 'K-2031' });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['first-three-minutes']);
    await r.completeAt(id, 'first-three-minutes', 'fw-7', undefined, firstThree);
    expect((await refusal(() => r.completeAt(id, 'sign-slip', 'fw-7', {}, all('knock', 'facilities-checked')))).code).toBe('FORM_INVALID');
    await r.completeAt(id, 'sign-slip', 'fw-7', { slipSignature: 'sig-k' }, all('knock', 'facilities-checked'));
    expect(r.taskAt(id, 'drinks-order').assignee).toBe('fw-7');
  });

  it('refuses a drinks order that was not repeated back to the party', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T20:00') });
    const id = await toOpenRoom(r, 6);
    await r.completeAt(id, 'open-room', 'rec-1', { billing: 'hourly', slipNo: 'K-2032' });
    await r.completeAt(id, 'first-three-minutes', 'fw-7', undefined, firstThree);
    await r.completeAt(id, 'sign-slip', 'fw-7', { slipSignature: 'sig-k' }, all('knock', 'facilities-checked'));
    const e = await refusal(() => r.completeAt(id, 'drinks-order', 'fw-7', { drinksOrder: '啤酒两打', foreignLiquor: false }, all('high-low-mid', 'snacks')));
    expect(e.issues.map((i) => i.field)).toEqual(['repeat-back']);
  });

  it.each([
    ['imported spirits the guest verified', true, true, ['see-off']],
    ['imported spirits opened without the guest’s check', true, false, ['liquor-not-verified']],
    ['beer only', false, false, ['see-off']],
  ])('serves %s, knocking first, and sends unverified spirits to the supervisor', async (_name, foreignLiquor, liquorVerified, next) => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T20:00') });
    const id = await toOpenRoom(r, 6);
    await r.completeAt(id, 'open-room', 'rec-1', { billing: 'hourly', slipNo: 'K-2033' });
    await r.completeAt(id, 'first-three-minutes', 'fw-7', undefined, firstThree);
    await r.completeAt(id, 'sign-slip', 'fw-7', { slipSignature: 'sig-k' }, all('knock', 'facilities-checked'));
    await r.completeAt(id, 'drinks-order', 'fw-7', { drinksOrder: '芝华士一瓶', foreignLiquor, ...(foreignLiquor ? { mixing: 'mixed' } : {}) }, all('high-low-mid', 'repeat-back', 'snacks'));
    await r.completeAt(id, 'serve-drinks', 'fw-7', { liquorVerified }, all('knock', 'please-gesture'));
    expect(r.openTasks(id).map((t) => t.node)).toEqual(next);
  });

  it('walks a visit from the door to the send-off', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T20:00') });
    const id = await toOpenRoom(r, 6);
    await r.completeAt(id, 'open-room', 'rec-1', { billing: 'hourly', slipNo: 'K-2034' });
    await r.completeAt(id, 'first-three-minutes', 'fw-7', undefined, firstThree);
    await r.completeAt(id, 'sign-slip', 'fw-7', { slipSignature: 'sig-k' }, all('knock', 'facilities-checked'));
    await r.completeAt(id, 'drinks-order', 'fw-7', { drinksOrder: '啤酒两打、果盘', foreignLiquor: false }, all('high-low-mid', 'repeat-back', 'snacks'));
    await r.completeAt(id, 'serve-drinks', 'fw-7', {}, all('knock', 'please-gesture'));
    await r.completeAt(id, 'see-off', 'fw-7', undefined, all('belongings', 'room-check'));
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'served' });
    expect(r.trail(id)).toEqual([
      'greet:complete', 'assign-room:complete', 'lead-to-room:complete', 'confirm-room:complete', 'open-room:complete',
      'first-three-minutes:complete', 'sign-slip:complete', 'drinks-order:complete', 'serve-drinks:complete', 'see-off:complete', 'left:complete',
    ]);
  });
});
