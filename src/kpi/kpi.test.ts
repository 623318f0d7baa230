import { beforeAll, expect, it } from 'vitest';
import { describeBackends } from '../store/testing/backends.ts';
import { csatByStaff } from './csat.ts';
import { cycleTime } from './cycle-time.ts';
import { firstTimeRight, reworkBySteps } from './first-time-right.ts';
import { slaCompliance } from './sla-compliance.ts';
import { stepTimes } from './step-times.ts';
import { throughput } from './throughput.ts';
import { MIN, playServiceDay, T0, type ServiceDay } from './testing/service-day.ts';

const ORG = 'tpl-org';

describeBackends('KPIs from the tables', (backend) => {
  let day: ServiceDay;
  beforeAll(async () => {
    day = await playServiceDay(await backend.fresh());
  }, 240_000);
  const db = () => day.runner.store.db;

  it('SLA compliance per step counts each completed task with a limit once, redone steps twice', async () => {
    const rows = await slaCompliance(db(), { orgId: ORG }, 'step');
    expect(rows.map((r) => [r.key, r.processKey, r.total, r.onTime, r.breached])).toEqual([
      ['fix', 'kpi-repair', 3, 2, 1],
      ['intake', 'kpi-repair', 3, 2, 1],
    ]);
    expect(rows[0]!.compliance).toBeCloseTo(2 / 3, 12);
    expect(rows[0]!.name).toEqual({ zh: '维修', en: 'Fix' });
  });

  it('SLA compliance per role, staff and store', async () => {
    const f = { orgId: ORG };
    expect((await slaCompliance(db(), f, 'role')).map((r) => [r.key, r.total, r.onTime])).toEqual([
      ['desk', 3, 2],
      ['tech', 3, 2],
    ]);
    expect((await slaCompliance(db(), f, 'staff')).map((r) => [r.key, r.name, r.total, r.onTime])).toEqual([
      ['alice', 'alice', 2, 2],
      ['bob', 'bob', 3, 2],
      ['carol', 'carol', 1, 0],
    ]);
    expect((await slaCompliance(db(), f, 'store')).map((r) => [r.key, r.name, r.total, r.onTime])).toEqual([['tpl-shop', 'Template shop', 6, 4]]);
  });

  it('filters: store, visible stores, process, period, organisation', async () => {
    const count = async (f: Parameters<typeof slaCompliance>[1]) => (await slaCompliance(db(), f, 'store')).reduce((s, r) => s + r.total, 0);
    expect(await count({ orgId: ORG, store: 'tpl-shop' })).toBe(6);
    expect(await count({ orgId: ORG, store: 'elsewhere' })).toBe(0);
    expect(await count({ orgId: ORG, stores: ['tpl-shop'] })).toBe(6);
    expect(await count({ orgId: ORG, stores: [] })).toBe(0);
    expect(await count({ orgId: ORG, process: 'kpi-repair' })).toBe(6);
    expect(await count({ orgId: ORG, process: 'other' })).toBe(0);
    expect(await count({ orgId: 'another-org' })).toBe(0);
    // tasks with a limit closed from 10:00 Shanghai on: case b's intake and two fixes, case c's intake
    expect(await count({ orgId: ORG, from: T0 + 60 * MIN })).toBe(3 + 1);
    expect(await count({ orgId: ORG, from: T0 + 60 * MIN, to: T0 + 100 * MIN })).toBe(1);
  });

  it('cycle time of completed cases: 45 and 150 minutes', async () => {
    const [row] = await cycleTime(db(), { orgId: ORG });
    expect(row).toEqual({ processKey: 'kpi-repair', cases: 2, avgMs: 97.5 * MIN, medianMs: 97.5 * MIN, p90Ms: 139.5 * MIN, minMs: 45 * MIN, maxMs: 150 * MIN });
    expect((await cycleTime(db(), { orgId: ORG, from: T0 + 60 * MIN }))[0]?.cases).toBe(1);
  });

  it('waiting (created → claimed) and working (claimed → completed) time per step', async () => {
    const rows = await stepTimes(db(), { orgId: ORG });
    const by = Object.fromEntries(rows.map((r) => [r.node, r]));
    expect(by['intake']).toMatchObject({ completed: 3, claimed: 3, waitingAvgMs: 2 * MIN, waitingMedianMs: 2 * MIN, workingMedianMs: 3 * MIN, leadAvgMs: (5 + 20 + 4) / 3 * MIN });
    expect(by['intake']!.workingAvgMs).toBeCloseTo((23 / 3) * MIN, 6);
    expect(by['fix']).toMatchObject({ completed: 3, claimed: 3, workingAvgMs: 45 * MIN, workingMedianMs: 30 * MIN, waitingMedianMs: 5 * MIN });
    expect(by['fix']!.waitingAvgMs).toBeCloseTo((20 / 3) * MIN, 6);
    // completed straight from the queue: counted, but no made-up waiting or working time
    expect(by['survey']).toMatchObject({ completed: 2, claimed: 0, waitingAvgMs: null, workingAvgMs: null });
    expect(by['survey']!.name).toEqual({ zh: '回访', en: 'Survey' });
  });

  it('throughput per day and week in the organisation time zone', async () => {
    expect(await throughput(db(), { orgId: ORG })).toEqual([{ period: '2026-01-05', started: 3, completed: 2 }]);
    expect(await throughput(db(), { orgId: ORG }, { unit: 'week', timeZone: 'UTC' })).toEqual([{ period: '2026-01-05', started: 3, completed: 2 }]);
    // 16:00 Shanghai is 08:00 UTC; in Honolulu (UTC−10) the morning is still Sunday the 4th
    expect(await throughput(db(), { orgId: ORG }, { unit: 'day', timeZone: 'Pacific/Honolulu' })).toEqual([{ period: '2026-01-04', started: 3, completed: 2 }]);
  });

  it('first time right: the redone fix makes case b rework', async () => {
    expect(await firstTimeRight(db(), { orgId: ORG })).toEqual([{ processKey: 'kpi-repair', cases: 2, firstTimeRight: 1, rate: 0.5 }]);
    expect(await reworkBySteps(db(), { orgId: ORG })).toEqual([{ processKey: 'kpi-repair', node: 'fix', name: { zh: '维修', en: 'Fix' }, cases: 1, extraExecutions: 1 }]);
  });

  it('CSAT per staff member from the satisfaction variable of the cases they worked on', async () => {
    expect(await csatByStaff(db(), { orgId: ORG })).toEqual([
      { staffId: 'alice', name: 'alice', cases: 1, avgScore: 5 },
      { staffId: 'bob', name: 'bob', cases: 2, avgScore: 4 },
      { staffId: 'carol', name: 'carol', cases: 1, avgScore: 3 },
    ]);
    expect(await csatByStaff(db(), { orgId: ORG }, { variable: 'nps' })).toEqual([]);
  });
});
