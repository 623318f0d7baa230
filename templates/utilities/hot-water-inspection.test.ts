import { beforeAll, describe, expect, it } from 'vitest';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';
import { occurrences, parseRRule } from '../../src/schedules/rrule.ts';

/** The harness runner (in memory or on the store), whichever templates/testing.ts provides. */
type R = Awaited<ReturnType<typeof runner>>;

// S12 学校热水: 工作日每天上午九点开始进行巡检 (the daily inspection round as a recurring case).
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./utilities/hot-water-inspection.yaml');
});

const HOUR = 3_600_000;
const items = (node: string) => {
  const n = sop.nodes[node];
  return n?.kind === 'human' ? (n.checklist?.items ?? []).map((i) => i.id) : [];
};
const all = (node: string) => Object.fromEntries(items(node).map((i) => [i, true]));

/** The start times the scheduler gives the template's rule in one week (Shanghai time). */
function startsInWeek(rrule: string, monday: string): number[] {
  const from = shanghai(`${monday}T00:00`);
  return occurrences(parseRRule(rrule), { zone: 'Asia/Shanghai', anchor: from, after: from - 1, through: from + 7 * 24 * HOUR - 1 });
}

async function round(r: R, fault: boolean): Promise<string> {
  const id = await r.start('hot-water-inspection', { project: '南航科院' });
  await r.completeAt(id, 'round', 'mt-1', { meterReading: 10234, waterVolume: 86.5, waterTemperature: 52, faultFound: fault, ...(fault ? { faultDescription: '3号浴室阀门漏水' } : {}) }, all('round'));
  return id;
}

describe('campus hot-water daily inspection (S12)', () => {
  it('starts a round at 9:00 on each working day, Monday to Friday', () => {
    const rule = sop.definition.schedules?.[0]?.rrule ?? '';
    const starts = startsInWeek(rule, '2026-03-02');
    expect(starts).toEqual(['02', '03', '04', '05', '06'].map((d) => shanghai(`2026-03-${d}T09:00`)));
  });

  it('logs the five inspection items of the seed plus the daily meter reading', () => {
    expect(items('round')).toEqual(['host', 'water-volume', 'water-temperature', 'valves', 'pipes', 'meter-reading']);
  });

  it('refuses a round that skipped an item (the water temperature)', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-02T09:00') });
    const id = await r.start('hot-water-inspection', { project: '南航科院' });
    await expect(async () =>
      r.completeAt(id, 'round', 'mt-1', { meterReading: 1, waterVolume: 1, waterTemperature: 50, faultFound: false }, { ...all('round'), 'water-temperature': false }),
    ).rejects.toMatchObject({ code: 'CHECKLIST_FAILED' });
  });

  it('tells the project manager when the round is not logged by 11:00', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-02T09:00') });
    const id = await r.start('hot-water-inspection', { project: '南航科院' });
    await r.advanceTo(shanghai('2026-03-02T11:00'));
    expect(r.taskAt(id, 'round').sla!.state).toBe('breached');
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'project-manager' }]);
  });

  it('ends a clean round with the project manager’s daily review of usage, repairs, stock, complaints and machines', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-02T09:00') });
    const id = await round(r, false);
    expect(items('daily-review')).toEqual(['usage', 'repairs', 'stock', 'complaints', 'machines']);
    await r.completeAt(id, 'daily-review', 'pm-wu', undefined, all('daily-review'));
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'logged' });
    expect(r.trail(id)).toEqual(['round:complete', 'daily-review:complete', 'logged:complete']);
  });

  it('has the person on the round fix a fault on the spot', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-02T09:00') });
    const id = await round(r, true);
    expect(r.taskAt(id, 'fix-on-site').assignee).toBe('mt-1');
    await r.completeAt(id, 'fix-on-site', 'mt-1', { fixedOnSite: true, fixNotes: '更换阀芯' });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['daily-review']);
  });

  it('reports a fault the maintenance staff cannot fix to the project manager, who reports it to the company engineering department', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-02T09:00') });
    const id = await round(r, true);
    await r.completeAt(id, 'fix-on-site', 'mt-1', { fixedOnSite: false, fixNotes: '主机压缩机异响，需厂家' });
    expect(r.taskAt(id, 'report-to-pm').role).toBe('project-manager');
    await r.completeAt(id, 'report-to-pm', 'pm-wu', { pmAction: '联系厂家，今晚启用备用机' });
    expect(r.taskAt(id, 'report-to-engineering').role).toBe('engineering-dept');
    await r.completeAt(id, 'report-to-engineering', 'eng-1', { engineeringPlan: '明日厂家上门' });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['daily-review']);
  });
});
