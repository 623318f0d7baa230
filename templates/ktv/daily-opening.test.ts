import { beforeAll, describe, expect, it } from 'vitest';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';

// S04 KTV服务员服务流程 营业前/营业中: the day's windows, all measured from the 12:00 start.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./ktv/daily-opening.yaml');
  // Open the store once here, so that the first test does not pay PGlite's start-up (slow on a busy machine).
  await runner([]);
}, 180_000);

const all = (...ids: string[]) => Object.fromEntries(ids.map((k) => [k, true]));
const escalations = (r: Awaited<ReturnType<typeof runner>>) => r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to);

describe('KTV daily opening (S04)', () => {
  it('is started every day at 12:00 by its schedule', () => {
    expect(sop.definition.schedules).toEqual([{ rrule: 'FREQ=DAILY;BYHOUR=12;BYMINUTE=0' }]);
  });

  it('holds the roll call and briefing between 12:00 and 12:10, or the duty manager is told', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-07T12:00') });
    const id = await r.start('ktv-daily-opening', { area: 'A区' });
    expect(r.taskAt(id, 'roll-call').sla!.dueAt).toBe(shanghai('2026-03-07T12:10'));
    await r.advanceTo(shanghai('2026-03-07T12:10'));
    expect(r.taskAt(id, 'roll-call').sla!.state).toBe('breached');
    expect(escalations(r)).toEqual([{ role: 'manager' }]);
  });

  it('opens the preparation at 12:30 and wants it done by 13:00, however early the roll call ended', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-07T12:00') });
    const id = await r.start('ktv-daily-opening', { area: 'A区' });
    await r.advanceTo(shanghai('2026-03-07T12:04'));
    await r.completeAt(id, 'roll-call', 'sup-ma', { present: 11, absent: '小刘 迟到' }, all('on-time', 'grooming', 'tools'));
    await r.advanceTo(shanghai('2026-03-07T12:29'));
    expect(r.openTasks(id)).toEqual([]);
    await r.advanceTo(shanghai('2026-03-07T12:30'));
    const prep = r.taskAt(id, 'preparation');
    expect(prep.role).toBe('waiter');
    expect(prep.sla!.dueAt).toBe(shanghai('2026-03-07T13:00'));
    await r.advanceTo(shanghai('2026-03-07T13:00'));
    expect(escalations(r)).toEqual([{ role: 'supervisor' }]);
  });

  it('refuses a preparation that leaves a room unclean or short of supplies', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-07T12:00') });
    const id = await r.start('ktv-daily-opening', { area: 'A区' });
    await r.advanceTo(shanghai('2026-03-07T12:30'));
    let code: string | undefined;
    try {
      await r.completeAt(id, 'preparation', 'w-1', undefined, all('cleaning', 'facilities', 'table'));
    } catch (e) {
      code = (e as { code: string }).code;
    }
    expect(code).toBe('CHECKLIST_FAILED');
  });

  it('puts the waiters on post at their room doors at 19:00 and ends the opening when all three are done', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-07T12:00') });
    const id = await r.start('ktv-daily-opening', { area: 'A区' });
    await r.completeAt(id, 'roll-call', 'sup-ma', { present: 12 }, all('on-time', 'grooming', 'tools'));
    await r.advanceTo(shanghai('2026-03-07T12:30'));
    await r.completeAt(id, 'preparation', 'w-1', undefined, all('cleaning', 'supplies', 'facilities', 'table'));
    await r.advanceTo(shanghai('2026-03-07T18:59'));
    expect(r.openTasks(id)).toEqual([]);
    await r.advanceTo(shanghai('2026-03-07T19:00'));
    expect(r.taskAt(id, 'door-duty').sla!.dueAt).toBe(shanghai('2026-03-07T19:05'));
    await r.completeAt(id, 'door-duty', 'w-1', undefined, all('at-door', 'posture'));
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'opened' });
  });
});
