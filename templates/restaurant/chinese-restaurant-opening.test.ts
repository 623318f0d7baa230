import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../src/engine/index.ts';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';
import type { StoreRunner } from '../../src/testing/store-runner.ts';

// S16 中餐厅服务流程 一:餐前准备 (班前例会, 清洁工作, 餐用具的清洁及准备).
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./restaurant/chinese-restaurant-opening.yaml');
  // Open the store once here, so that the first test does not pay PGlite's start-up (slow on a busy machine).
  await runner([]);
}, 180_000);

const MIN = 60_000;
const all = (...ids: string[]) => Object.fromEntries(ids.map((k) => [k, true]));
const briefingList = all('line-up', 'grooming', 'attendance', 'bookings', 'sold-out', 'tasks');
const cleaningIds = ['air', 'curtains', 'turntable', 'place-settings', 'seats', 'sill-walls', 'skirting', 'mahjong', 'trays-trolley', 'kettles', 'menus', 'ornaments', 'washroom', 'door-to-bin', 'switches', 'dusting-rule'];
const escalations = (r: StoreRunner) => r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to);

async function refusal(command: () => unknown): Promise<EngineError> {
  try {
    await command();
  } catch (e) {
    return e as EngineError;
  }
  throw new Error('expected the engine to refuse');
}

async function brief(r: StoreRunner, weekly = false): Promise<string> {
  const id = await r.start('chinese-restaurant-opening', { weekly });
  await r.completeAt(id, 'briefing', 'head-sun', { present: 14, soldOut: '清蒸石斑' }, briefingList);
  return id;
}

describe('Chinese restaurant pre-meal preparation (S16)', () => {
  it('starts before lunch and dinner every day, with the weekly cabinet cleaning on Mondays', () => {
    expect(sop.definition.schedules).toEqual([
      { rrule: 'FREQ=WEEKLY;BYDAY=TU,WE,TH,FR,SA,SU;BYHOUR=10,16;BYMINUTE=0', data: { weekly: false } },
      { rrule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=10,16;BYMINUTE=0', data: { weekly: true } },
    ]);
  });

  it('holds a short line-up briefing (15 min) that must cover grooming, attendance, bookings, sold-out dishes and tasks', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-10T10:00') });
    const id = await r.start('chinese-restaurant-opening');
    expect(r.taskAt(id, 'briefing').sla!.dueAt - r.now).toBe(15 * MIN);
    const e = await refusal(() => r.completeAt(id, 'briefing', 'head-sun', { present: 14 }, all('line-up', 'grooming', 'attendance', 'bookings', 'tasks')));
    expect(e.issues.map((i) => i.field)).toEqual(['sold-out']);
    await r.advance(15 * MIN);
    expect(escalations(r)).toEqual([{ role: 'manager' }]);
  });

  it('cleans the private rooms by the 16-item list, the dusting rule included, within 30 minutes or the section head is told', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-10T10:00') });
    const id = await brief(r);
    const step = sop.definition.nodes.find((n) => n.id === 'clean-rooms');
    expect(step?.kind === 'human' && step.checklist?.items.map((i) => i.id)).toEqual(cleaningIds);
    const clean = r.taskAt(id, 'clean-rooms');
    expect(clean.sla!.dueAt - r.now).toBe(30 * MIN);
    const e = await refusal(() => r.completeAt(id, 'clean-rooms', 'w-1', undefined, all(...cleaningIds.filter((k) => k !== 'dusting-rule'))));
    expect(e.issues.map((i) => i.field)).toEqual(['dusting-rule']);
    await r.advance(30 * MIN);
    expect(escalations(r)).toEqual([{ role: 'section-head' }, { role: 'section-head' }]);
  });

  it('cleans and disinfects the work cabinets and changes their cloths on Mondays only', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-09T10:00') });
    const monday = await brief(r, true);
    await r.completeAt(monday, 'tableware', 'w-2', undefined, all('spare-laid', 'condiments'));
    expect(r.taskAt(monday, 'cabinet').role).toBe('waiter');
    const tuesday = await brief(r, false);
    await r.completeAt(tuesday, 'tableware', 'w-2', undefined, all('spare-laid', 'condiments'));
    expect(r.openTasks(tuesday).map((t) => t.node)).toEqual(['clean-rooms']);
  });

  it('has the section head inspect before opening and sends failures back for rework', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-10T10:00') });
    const id = await brief(r);
    await r.completeAt(id, 'clean-rooms', 'w-1', undefined, all(...cleaningIds));
    await r.completeAt(id, 'tableware', 'w-2', undefined, all('spare-laid', 'condiments'));
    expect(r.taskAt(id, 'inspect').role).toBe('section-head');
    await r.completeAt(id, 'inspect', 'head-sun', { ready: false, issues: '牡丹厅转盘有油迹' });
    await r.completeAt(id, 'rework', 'w-1');
    await r.completeAt(id, 'inspect', 'head-sun', { ready: true });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'ready' });
    expect(r.trail(id)).toEqual([
      'briefing:complete', 'clean-rooms:complete', 'tableware:complete', 'inspect:complete', 'rework:complete', 'inspect:complete', 'open:complete',
    ]);
  });
});
