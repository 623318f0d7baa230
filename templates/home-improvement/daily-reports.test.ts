import { beforeAll, describe, expect, it } from 'vitest';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';

// S28: the daily statements by 10:00 and the Monday lead statistics.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./home-improvement/daily-reports.yaml');
  // Open the store once here, so that the first test does not pay PGlite's start-up (slow on a busy machine).
  await runner([]);
}, 180_000);

describe('home-improvement daily reports (S28)', () => {
  it('runs every day at 9:00, with the lead statistics on Mondays', () => {
    expect(sop.definition.schedules!.map((s) => [s.rrule, s.data])).toEqual([
      ['FREQ=WEEKLY;BYDAY=TU,WE,TH,FR,SA,SU;BYHOUR=9;BYMINUTE=0', { monday: false }],
      ['FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0', { monday: true }],
    ]);
  });

  it('wants the payments and contracts statements by 10:00, or the general manager is told', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-11T09:00') });
    const id = await r.start('home-improvement-daily-reports');
    expect(r.openTasks(id).map((t) => [t.node, t.role, t.sla!.dueAt]).sort()).toEqual([
      ['contracts-statement', 'marketing', shanghai('2026-03-11T10:00')],
      ['payments-statement', 'finance', shanghai('2026-03-11T10:00')],
    ]);
    await r.advanceTo(shanghai('2026-03-11T10:00'));
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'general-manager' }, { role: 'general-manager' }]);
  });

  it('adds the lead statistics for the general manager on Mondays', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-09T09:00') });
    const id = await r.start('home-improvement-daily-reports', { monday: true });
    await r.completeAt(id, 'payments-statement', 'fin-1', { paymentsStatement: 'cw-0308.xlsx' });
    await r.completeAt(id, 'contracts-statement', 'mkt-1', { contractsStatement: 'qd-0308.xlsx', contractsSigned: 3 });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['lead-statistics']);
    await r.completeAt(id, 'lead-statistics', 'mkt-1', { leadsLastWeek: 41, leadStatistics: 'zy-w10.xlsx' });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'sent' });
  });
});
