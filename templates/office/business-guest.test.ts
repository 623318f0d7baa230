import { beforeAll, describe, expect, it } from 'vitest';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';

// S35 商务来宾接待: day-before confirmation, call 10 minutes before the pickup, safe-arrival message.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./office/business-guest.yaml');
});

/** The harness runner (in memory or on the store), whichever templates/testing.ts provides. */
type R = Awaited<ReturnType<typeof runner>>;
const AT = shanghai('2026-03-02T09:00'); // Monday
const staff = { 'host-staff': ['host-zhang'] };
const items = (node: string) => {
  const n = sop.nodes[node];
  return n?.kind === 'human' ? (n.checklist?.items ?? []) : [];
};
const all = (node: string) => Object.fromEntries(items(node).filter((i) => i.required).map((i) => [i.id, true]));
const escalations = (r: R) => r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to);

async function planned(r: R, data: Record<string, unknown> = {}): Promise<string> {
  const id = await r.start('business-guest', { guestCompany: '安徽XX建材', visitAt: '2026-03-05T10:00:00+08:00', ...data });
  await r.completeAt(id, 'guest-info', 'host-zhang', { guestNames: '李总（总经理）、王经理', headcount: 2, visitPurpose: '考察工厂' });
  await r.completeAt(id, 'reception-plan', 'admin-1', { receptionLevel: '重要', escorts: '张经理、司机刘' });
  return id;
}

async function dayBefore(r: R, id: string): Promise<void> {
  await r.advanceTo(shanghai('2026-03-04T10:00'));
  await r.completeAt(id, 'confirm-visit', 'host-zhang', { smsSent: true, guestConfirmed: true });
  await r.completeAt(id, 'prepare', 'admin-1', undefined, all('prepare'));
}

describe('business guest visit (S35)', () => {
  it('confirms the visit by text and prepares car, room and materials the day before', async () => {
    const r = await runner([sop], { staff, now: AT });
    const id = await planned(r);
    await r.advanceTo(shanghai('2026-03-04T09:59'));
    expect(r.openTasks(id)).toEqual([]);
    await r.advanceTo(shanghai('2026-03-04T10:00'));
    expect(r.openTasks(id).map((t) => [t.node, t.role]).sort()).toEqual([
      ['confirm-visit', 'host-staff'],
      ['prepare', 'admin-dept'],
    ]);
    expect(r.taskAt(id, 'confirm-visit').assignee).toBe('host-zhang');
  });

  it('tells the admin manager when the day-before confirmation is not sent within 4 working hours', async () => {
    const r = await runner([sop], { staff, now: AT });
    const id = await planned(r);
    await r.advanceTo(shanghai('2026-03-04T10:00'));
    await r.advanceTo(r.taskAt(id, 'confirm-visit').sla!.dueAt);
    expect(escalations(r)).toEqual([{ role: 'admin-manager' }]);
  });

  it('holds the seed’s preparation lists: 6 car items, 3 meeting-room groups, 6 materials, the welcome board', () => {
    const ids = items('prepare').map((i) => i.id);
    expect({
      car: ids.filter((i) => i.startsWith('car-')).length,
      room: ids.filter((i) => i.startsWith('room-')).length,
      materials: ids.filter((i) => i.startsWith('m-')).length,
      board: ids.includes('welcome-board'),
    }).toEqual({ car: 6, room: 3, materials: 6, board: true });
  });

  it('calls a guest who is picked up 10 minutes before the car reaches them', async () => {
    const r = await runner([sop], { staff, now: AT });
    const id = await planned(r, { pickupNeeded: true, pickupAt: '2026-03-05T08:30:00+08:00' });
    await dayBefore(r, id);
    await r.advanceTo(shanghai('2026-03-05T08:19'));
    expect(r.openTasks(id)).toEqual([]);
    await r.advanceTo(shanghai('2026-03-05T08:20'));
    expect(r.taskAt(id, 'call-before-pickup')).toMatchObject({ assignee: 'host-zhang', createdAt: shanghai('2026-03-05T08:20') });
    await r.completeAt(id, 'call-before-pickup', 'host-zhang', { guestReached: true });
    await r.completeAt(id, 'pickup', 'host-zhang', undefined, all('pickup'));
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['talks']);
  });

  it('meets a guest who comes on their own at the visit time, then sees them off and confirms their safe arrival', async () => {
    const r = await runner([sop], { staff, now: AT });
    const id = await planned(r);
    await dayBefore(r, id);
    await r.advanceTo(shanghai('2026-03-05T09:59'));
    expect(r.openTasks(id)).toEqual([]);
    await r.advanceTo(shanghai('2026-03-05T10:00'));
    await r.completeAt(id, 'talks', 'host-zhang', undefined, all('talks'));
    await r.completeAt(id, 'see-off', 'host-zhang', { expectedArrivalAt: '2026-03-05T15:30:00+08:00' }, all('see-off'));
    await r.advanceTo(shanghai('2026-03-05T15:29'));
    expect(r.openTasks(id)).toEqual([]);
    await r.advanceTo(shanghai('2026-03-05T15:30'));
    expect(r.taskAt(id, 'safe-arrival').assignee).toBe('host-zhang');
    await r.advance(30 * 60_000);
    expect(escalations(r)).toEqual([{ role: 'admin-manager' }]);
    await r.completeAt(id, 'safe-arrival', 'host-zhang', { contactMethod: 'message', arrivedSafely: true });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'completed' });
    expect(r.trail(id)).toEqual([
      'guest-info:complete', 'reception-plan:complete', 'wait-day-before:complete', 'confirm-visit:complete', 'prepare:complete',
      'wait-visit:complete', 'talks:complete', 'see-off:complete', 'wait-arrival:complete', 'safe-arrival:complete', 'done:complete',
    ]);
  });
});
