import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../src/engine/index.ts';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';
import type { StoreRunner } from '../../src/testing/store-runner.ts';

// S18 会务服务流程及标准: 铺台服务 with its exact measures.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./hospitality/conference-setup.yaml');
  // Open the store once here, so that the first test does not pay PGlite's start-up (slow on a busy machine).
  await runner([]);
}, 180_000);

const MIN = 60_000;
const all = (...ids: string[]) => Object.fromEntries(ids.map((k) => [k, true]));
const meeting = { room: '多功能厅B', meetingStartsAt: '2026-03-12T14:00:00+08:00', tables: 12 };
const layList = all('push-side', 'fixed', 'cloth-face-up', 'clip-order', 'clips-symmetric', 'long-overhang-folded', 'skirt-joint', 'cloth-flat', 'skirt-flush', 'pins-hidden', 'overhang-inside-skirt', 'skirt-pleats', 'chairs-by-back', 'two-chairs');
const measures = { clipSpacingCm: 30, pinSpacingCm: 10, pinsBetweenClips: 2, chairLiftCm: 8, chairToTableCm: 20, chairGapCm: 30 };
const acceptance = all('no-obstruction', 'face-up-equal', 'flat-level', 'no-dragging', 'backs-aligned');

async function refusal(command: () => unknown): Promise<EngineError> {
  try {
    await command();
  } catch (e) {
    return e as EngineError;
  }
  throw new Error('expected the engine to refuse');
}

async function toLaying(r: StoreRunner, wobbly = 0): Promise<string> {
  const id = await r.start('conference-setup', meeting);
  await r.advanceTo(shanghai('2026-03-12T11:00'));
  await r.completeAt(id, 'prepare-items', 'att-1', undefined, all('tables', 'chairs', 'cloths', 'skirts', 'clips', 'pins'));
  await r.completeAt(id, 'check-tables', 'att-1', { wobblyTables: wobbly });
  return id;
}

describe('meeting-room table set-up (S18)', () => {
  it('opens the set-up 3 hours before the meeting with the six items to gather', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-10T09:00') });
    const id = await r.start('conference-setup', meeting);
    await r.advanceTo(shanghai('2026-03-12T10:59'));
    expect(r.openTasks(id)).toEqual([]);
    await r.advanceTo(shanghai('2026-03-12T11:00'));
    const e = await refusal(() => r.completeAt(id, 'prepare-items', 'att-1', undefined, all('tables', 'chairs', 'cloths', 'skirts', 'clips')));
    expect(e.issues.map((i) => i.field)).toEqual(['pins']);
  });

  it('replaces wobbly tables before laying them (1.2.1)', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-12T10:00') });
    const id = await toLaying(r, 2);
    expect(r.taskAt(id, 'replace-tables').assignee).toBe('att-1');
    await r.completeAt(id, 'replace-tables', 'att-1', { tablesReplaced: 2 });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['lay-tables']);
  });

  it.each([
    ['clips 35 cm apart (standard 30)', { clipSpacingCm: 35 }, 'clipSpacingCm'],
    ['pins 15 cm apart (standard 10)', { pinSpacingCm: 15 }, 'pinSpacingCm'],
    ['three pins between two clips (standard two)', { pinsBetweenClips: 3 }, 'pinsBetweenClips'],
    ['a chair carried 12 cm off the floor (5-10)', { chairLiftCm: 12 }, 'chairLiftCm'],
    ['a chair dragged on the floor (0 cm)', { chairLiftCm: 0 }, 'chairLiftCm'],
    ['a chair 25 cm from the table edge (about 20)', { chairToTableCm: 25 }, 'chairToTableCm'],
    ['chairs 40 cm apart (about 30)', { chairGapCm: 40 }, 'chairGapCm'],
  ])('refuses a set-up with %s', async (_name, wrong, field) => {
    const r = await runner([sop], { now: shanghai('2026-03-12T10:00') });
    const id = await toLaying(r);
    const e = await refusal(() => r.completeAt(id, 'lay-tables', 'att-1', { ...measures, ...wrong }, layList));
    expect(e.code).toBe('FORM_INVALID');
    expect(e.issues.map((i) => i.field)).toEqual([field]);
  });

  it('accepts the measures at the seed’s figures and tells the supervisor when the laying runs past 90 minutes', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-12T10:00') });
    const id = await toLaying(r);
    expect(r.taskAt(id, 'lay-tables').sla!.dueAt - r.now).toBe(90 * MIN);
    await r.advance(90 * MIN);
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'supervisor' }]);
    await r.completeAt(id, 'lay-tables', 'att-1', measures, layList);
    expect(r.taskAt(id, 'inspect').role).toBe('supervisor');
  });

  it('sends the room back for adjustment when the chair backs are not in line, and is ready once accepted', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-12T10:00') });
    const id = await toLaying(r);
    await r.completeAt(id, 'lay-tables', 'att-1', measures, layList);
    await r.completeAt(id, 'inspect', 'sup-1', undefined, { ...acceptance, 'backs-aligned': false });
    expect(r.taskAt(id, 'adjust').assignee).toBe('att-1');
    await r.completeAt(id, 'adjust', 'att-1');
    await r.completeAt(id, 'inspect', 'sup-1', undefined, acceptance);
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'ready' });
    expect(r.trail(id)).toEqual([
      'wait-setup:complete', 'prepare-items:complete', 'check-tables:complete', 'lay-tables:complete', 'inspect:complete', 'adjust:complete', 'inspect:complete', 'ready:complete',
    ]);
  });
});
