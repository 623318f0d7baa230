import { beforeAll, describe, expect, it } from 'vitest';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';

// S24 会所服务流程及标准 营业前.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./hospitality/bath-club-opening.yaml');
  // Open the store once here, so that the first test does not pay PGlite's start-up (slow on a busy machine).
  await runner([]);
}, 180_000);

const all = (...ids: string[]) => Object.fromEntries(ids.map((k) => [k, true]));
const hygieneList = all('floor-dry', 'sofas', 'tea-tables', 'ashtrays');

describe('bath club pre-opening (S24)', () => {
  it('starts every day 15 minutes before opening and wants the staff on duty within 5 minutes', async () => {
    expect(sop.definition.schedules).toEqual([{ rrule: 'FREQ=DAILY;BYHOUR=11;BYMINUTE=45' }]);
    const r = await runner([sop], { now: shanghai('2026-03-07T11:45') });
    const id = await r.start('bath-club-opening');
    await r.advanceTo(shanghai('2026-03-07T11:50'));
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'supervisor' }]);
    expect(r.taskAt(id, 'on-duty').sla!.state).toBe('breached');
  });

  it('calls the PA when the floor is wet, before the supplies are counted', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-07T11:45') });
    const id = await r.start('bath-club-opening');
    await r.completeAt(id, 'on-duty', 'lobby-1', undefined, all('grooming', 'stance'));
    await r.completeAt(id, 'hygiene', 'lobby-1', undefined, { ...hygieneList, 'floor-dry': false });
    expect(r.taskAt(id, 'pa-cleanup').role).toBe('pa');
    await r.completeAt(id, 'pa-cleanup', 'pa-1', { cleanedUp: '前厅地面水渍' });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['supplies']);
  });

  it('counts cushions and ashtrays and is ready to open', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-07T11:45') });
    const id = await r.start('bath-club-opening');
    await r.completeAt(id, 'on-duty', 'lobby-1', undefined, all('grooming', 'stance'));
    await r.completeAt(id, 'hygiene', 'lobby-1', undefined, hygieneList);
    let fields: string[] = [];
    try {
      await r.completeAt(id, 'supplies', 'lobby-1', { cushions: 24 }, all('equipment', 'tidy'));
    } catch (e) {
      fields = (e as { issues: { field: string }[] }).issues.map((i) => i.field);
    }
    expect(fields).toEqual(['ashtrayCount']);
    await r.completeAt(id, 'supplies', 'lobby-1', { cushions: 24, ashtrayCount: 12 }, all('equipment', 'tidy'));
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'ready' });
    expect(r.trail(id)).toEqual(['on-duty:complete', 'hygiene:complete', 'supplies:complete', 'open:complete']);
  });
});
