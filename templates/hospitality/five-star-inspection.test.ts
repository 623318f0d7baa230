import { beforeAll, describe, expect, it } from 'vitest';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';
import type { StoreRunner } from '../../src/testing/store-runner.ts';

// S06 《五星级饭店评定标准》 as an inspection: every required item, and at least 35 of the 78 optional items.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./hospitality/five-star-inspection.yaml');
  // Open the store once here, so that the first test does not pay PGlite's start-up (slow on a busy machine).
  await runner([]);
}, 180_000);

const DAY = 86_400_000;
const REQUIRED_AREAS = ['general', 'front_office', 'guest_rooms', 'dining', 'kitchen', 'public_areas'] as const;
const AREAS = [...REQUIRED_AREAS, 'optional_items', 'service_quality'] as const;

function items(node: string): { id: string; required: boolean }[] {
  const n = sop.definition.nodes.find((x) => x.id === node);
  if (n?.kind !== 'human' || !n.checklist) throw new Error(`${node} has no checklist`);
  return n.checklist.items.map((i) => ({ id: i.id, required: i.required }));
}
const allOf = (node: string) => Object.fromEntries(items(node).map((i) => [i.id, true]));
const firstOptional = (n: number) => Object.fromEntries(items('optional_items').slice(0, n).map((i) => [i.id, true]));

/** Applies, schedules and waits for the inspection day; the eight area checks are then open. */
async function toInspection(r: StoreRunner): Promise<string> {
  const id = await r.start('five-star-inspection', { hotelName: '珠海XX大酒店' });
  await r.completeAt(id, 'apply', 'gm-1', { roomsForSale: 320, selfAssessment: '自查已达五星级必备项目' });
  await r.completeAt(id, 'schedule', 'committee-1', { inspectionAt: '2026-05-12T09:00:00+08:00' });
  await r.advanceTo(shanghai('2026-05-12T09:00'));
  return id;
}

async function inspect(r: StoreRunner, id: string, override: Partial<Record<(typeof AREAS)[number], Record<string, boolean>>> = {}) {
  for (const area of AREAS) {
    const checked = override[area] ?? (area === 'optional_items' ? firstOptional(35) : allOf(area));
    await r.completeAt(id, area, 'inspector-1', undefined, checked);
  }
}

describe('five-star hotel rating inspection (S06)', () => {
  it('checks the 77 required facility items the seed quotes, by area (7, 21, 23, 7, 9, 10), and 12 service items', () => {
    expect(REQUIRED_AREAS.map((a) => items(a).length)).toEqual([7, 21, 23, 7, 9, 10]);
    const required = REQUIRED_AREAS.flatMap((a) => items(a));
    expect(required).toHaveLength(77);
    expect(required.every((i) => i.required)).toBe(true);
    expect(items('service_quality')).toHaveLength(12);
  });

  it('lists the 78 optional items (10 + 8 + 5 + 10 + 42 + 3), none required, and passes at 35', () => {
    const optional = items('optional_items');
    expect(optional).toHaveLength(78);
    expect(optional.some((i) => i.required)).toBe(false);
    const groups = ['o-room', 'o-dining', 'o-business', 'o-meeting', 'o-leisure', 'o-security'].map((p) => optional.filter((i) => i.id.startsWith(`${p}-`)).length);
    expect(groups).toEqual([10, 8, 5, 10, 42, 3]);
    const n = sop.definition.nodes.find((x) => x.id === 'optional_items');
    expect(n?.kind === 'human' && n.checklist?.pass.minOptional).toBe(35);
  });

  it('opens the eight area checks together on the inspection day', async () => {
    const r = await runner([sop], { now: shanghai('2026-04-20T10:00') });
    const id = await r.start('five-star-inspection', { hotelName: '珠海XX大酒店' });
    await r.completeAt(id, 'apply', 'gm-1', { roomsForSale: 320, selfAssessment: '…' });
    await r.completeAt(id, 'schedule', 'committee-1', { inspectionAt: '2026-05-12T09:00:00+08:00' });
    await r.advanceTo(shanghai('2026-05-12T08:59'));
    expect(r.openTasks(id)).toEqual([]);
    await r.advanceTo(shanghai('2026-05-12T09:00'));
    expect(r.openTasks(id).map((t) => t.node).sort()).toEqual([...AREAS].sort());
    expect(r.openTasks(id).every((t) => t.role === 'inspector' && t.sla!.dueAt - r.now === DAY)).toBe(true);
  });

  it('rates the hotel five stars with every required item and exactly 35 of the 78 optional items', async () => {
    const r = await runner([sop], { now: shanghai('2026-04-20T10:00') });
    const id = await toInspection(r);
    await inspect(r, id);
    expect(r.taskAt(id, 'award').role).toBe('committee');
    await r.completeAt(id, 'award', 'committee-1', { certificateNo: 'WX-2026-0518' });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'rated' });
  });

  it('records 34 optional items without blocking the inspector, and sends the hotel to rectification', async () => {
    const r = await runner([sop], { now: shanghai('2026-04-20T10:00') });
    const id = await toInspection(r);
    await inspect(r, id, { optional_items: firstOptional(34) });
    expect(r.cases.get(id)!.steps['optional_items']!.checklist).toMatchObject({ passed: false, optionalChecked: 34 });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['rectification-notice']);
  });

  it('fails the rating on one missing required item (fewer than 40 rooms for sale) even with all 78 optional items', async () => {
    const r = await runner([sop], { now: shanghai('2026-04-20T10:00') });
    const id = await toInspection(r);
    await inspect(r, id, { guest_rooms: { ...allOf('guest_rooms'), 'gr-a': false }, optional_items: allOf('optional_items') });
    expect(r.cases.get(id)!.steps['guest_rooms']!.checklist).toMatchObject({ passed: false, missingRequired: ['gr-a'] });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['rectification-notice']);
  });

  it('gives the hotel 60 days to rectify, tells the committee when they run out, and inspects again', async () => {
    const r = await runner([sop], { now: shanghai('2026-04-20T10:00') });
    const id = await toInspection(r);
    await inspect(r, id, { service_quality: { ...allOf('service_quality'), 's-7-2-3b': false } });
    await r.completeAt(id, 'rectification-notice', 'committee-1', { gaps: '7.2.3 b 前厅员工未讲普通话' });
    const rectify = r.taskAt(id, 'rectify');
    expect(rectify.sla!.dueAt - r.now).toBe(60 * DAY);
    await r.advance(60 * DAY);
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'committee' }]);
    await r.completeAt(id, 'rectify', 'gm-1', { rectificationReport: '全员普通话培训并考核' });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['schedule']);
  });
});
