import { beforeAll, describe, expect, it } from 'vitest';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';
import type { StoreRunner } from '../../src/testing/store-runner.ts';

// S27 KTV服务工作流程 二 1: reservation calls answered within three rings, the hold time kept.
let reservation: CompiledProcess;
let visit: CompiledProcess;
beforeAll(async () => {
  reservation = await template('./ktv/phone-reservation.yaml');
  visit = await template('./ktv/room-visit.yaml');
  // Open the store once here, so that the first test does not pay PGlite's start-up (slow on a busy machine).
  await runner([]);
}, 180_000);

const all = (...ids: string[]) => Object.fromEntries(ids.map((k) => [k, true]));
const told = all('number-told', 'price-told', 'hold-told');
const call = {
  partySize: 8,
  guestName: '赵',
  guestPhone: '138 1111 2222',
  roomNo: 'M05',
  roomSeats: 10,
  reservationNo: 'R-0307-12',
  arrivalAt: '2026-03-07T20:00:00+08:00',
  holdUntil: '2026-03-07T20:30:00+08:00',
};
const escalations = (r: StoreRunner) => r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to);

describe('KTV phone reservation (S27)', () => {
  it('answers within three rings (15 s), or the supervisor is told', async () => {
    const r = await runner([reservation, visit], { now: shanghai('2026-03-07T15:00') });
    const id = await r.start('ktv-phone-reservation');
    expect(r.taskAt(id, 'answer').sla!.dueAt - r.now).toBe(15_000);
    await r.advance(15_000);
    expect(escalations(r)).toEqual([{ role: 'supervisor' }]);
  });

  it('refuses to finish the call before the reservation number, price and hold time are told', async () => {
    const r = await runner([reservation, visit], { now: shanghai('2026-03-07T15:00') });
    const id = await r.start('ktv-phone-reservation');
    let fields: string[] = [];
    try {
      await r.completeAt(id, 'answer', 'rec-1', call, all('number-told', 'price-told'));
    } catch (e) {
      fields = (e as { issues: { field: string }[] }).issues.map((i) => i.field);
    }
    expect(fields).toEqual(['hold-told']);
  });

  it('holds a room that seats the party: a smaller room must be changed first', async () => {
    const r = await runner([reservation, visit], { now: shanghai('2026-03-07T15:00') });
    const id = await r.start('ktv-phone-reservation');
    await r.completeAt(id, 'answer', 'rec-1', { ...call, roomNo: 'S02', roomSeats: 6 }, told);
    await r.completeAt(id, 'change-room', 'rec-1', { roomNo: 'M05', roomSeats: 10 });
    expect(r.cases.get(id)!.data).toMatchObject({ roomNo: 'M05', roomSeats: 10 });
    expect(r.openTasks(id)).toEqual([]);
    await r.advanceTo(shanghai('2026-03-07T20:00'));
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['check-arrival']);
  });

  it('starts the room visit as a reserved party when the guests arrive within the hold time', async () => {
    const r = await runner([reservation, visit], { now: shanghai('2026-03-07T15:00') });
    const id = await r.start('ktv-phone-reservation');
    await r.completeAt(id, 'answer', 'rec-1', call, told);
    await r.advanceTo(shanghai('2026-03-07T20:00'));
    expect(r.taskAt(id, 'check-arrival').sla!.dueAt).toBe(shanghai('2026-03-07T20:30'));
    await r.advanceTo(shanghai('2026-03-07T20:12'));
    await r.completeAt(id, 'check-arrival', 'rec-1', { arrived: true });
    const child = [...r.cases.values()].find((c) => c.process.key === 'ktv-room-visit')!;
    expect(child.data).toMatchObject({ partySize: 8, reserved: true, reservationNo: 'R-0307-12' });
    expect(r.openTasks(child.id).map((t) => t.node)).toEqual(['greet']);
  });

  it('tells the supervisor at the hold time and releases the room of a party that did not come', async () => {
    const r = await runner([reservation, visit], { now: shanghai('2026-03-07T15:00') });
    const id = await r.start('ktv-phone-reservation');
    await r.completeAt(id, 'answer', 'rec-1', call, told);
    await r.advanceTo(shanghai('2026-03-07T20:29'));
    expect(escalations(r)).toEqual([]);
    await r.advanceTo(shanghai('2026-03-07T20:30'));
    expect(escalations(r)).toEqual([{ role: 'supervisor' }]);
    await r.completeAt(id, 'check-arrival', 'rec-1', { arrived: false });
    await r.completeAt(id, 'release-room', 'rec-1', { released: true });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'released' });
  });
});
