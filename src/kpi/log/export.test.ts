import { PassThrough } from 'node:stream';
import { beforeAll, expect, it } from 'vitest';
import { activityTimes, discoverDfg, parseCsv, parseXes } from '../../mining/index.ts';
import { completeEvents } from '../../mining/sop-net/index.ts';
import { describeBackends } from '../../store/testing/backends.ts';
import { processMap } from '../process-map.ts';
import { stepTimes } from '../step-times.ts';
import { variants } from '../variants.ts';
import { MIN, playServiceDay, T0, type ServiceDay } from '../testing/service-day.ts';
import { eventLogOf } from './event-log.ts';
import { servflowLog } from './servflow-log.ts';
import { exportLog } from './write-log.ts';

const ORG = 'tpl-org';

async function written(write: (out: PassThrough) => Promise<unknown>): Promise<string> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (c: Buffer) => parts.push(c));
  await write(out);
  out.end();
  return Buffer.concat(parts).toString('utf8');
}

describeBackends("servflow's own log as mining records", (backend) => {
  let day: ServiceDay;
  beforeAll(async () => {
    day = await playServiceDay(await backend.fresh());
  }, 240_000);
  const db = () => day.runner.store.db;

  it('streams step start/complete events case by case, in order of time, with the step name', async () => {
    const events = [];
    for await (const e of servflowLog(db(), { orgId: ORG, batch: 2 })) events.push(e);
    expect([...new Set(events.map((e) => e.caseId))]).toEqual([day.a, day.b, day.c]);
    expect(events.filter((e) => e.caseId === day.a).map((e) => `${e.activity}:${e.lifecycle}`)).toEqual([
      'intake:start', 'intake:complete', 'fix:start', 'fix:complete', 'survey:start', 'survey:complete', 'done:complete',
    ]);
    const first = events[0]!;
    expect(first).toMatchObject({ time: T0 + 2 * MIN, resource: 'alice', attributes: { 'servflow:stepName': '登记', 'servflow:process': 'kpi-repair', 'servflow:version': 1, 'servflow:store': 'tpl-shop' } });
  });

  it('selects cases by status and period of start', async () => {
    const ids = async (f: Parameters<typeof servflowLog>[1]) => {
      const s = new Set<string>();
      for await (const e of servflowLog(db(), f)) s.add(e.caseId);
      return [...s];
    };
    expect(await ids({ orgId: ORG, status: ['completed'] })).toEqual([day.a, day.b]);
    expect(await ids({ orgId: ORG, from: T0 + 1 })).toEqual([day.b, day.c]);
    expect(await ids({ orgId: ORG, process: 'kpi-repair', version: 2 })).toEqual([]);
    expect(await ids({ orgId: 'another-org' })).toEqual([]);
  });

  it('exports XES and CSV that read back as the same log', async () => {
    const xes = await written((out) => exportLog(db(), { orgId: ORG }, 'xes', out));
    const csv = await written((out) => exportLog(db(), { orgId: ORG }, 'csv', out));
    const fromXes = await parseXes(xes);
    const fromCsv = await parseCsv(csv);
    const direct = await eventLogOf(servflowLog(db(), { orgId: ORG }));
    for (const log of [fromXes, fromCsv]) {
      expect(log.caseIds).toEqual(direct.caseIds);
      expect([...log.time]).toEqual([...direct.time]);
      expect([...log.activity].map((a) => log.activityNames[a])).toEqual([...direct.activity].map((a) => direct.activityNames[a]));
    }
  });

  it('exports carry the step name, process, version and store beside each event', async () => {
    const xes = await written((out) => exportLog(db(), { orgId: ORG }, 'xes', out));
    const firstEvent = xes.slice(xes.indexOf('<event>'), xes.indexOf('</event>'));
    expect(firstEvent).toContain('<string key="servflow:stepName" value="登记"/>');
    expect(firstEvent).toContain('<string key="servflow:process" value="kpi-repair"/>');
    expect(firstEvent).toContain('<int key="servflow:version" value="1"/>');
    expect(firstEvent).toContain('<string key="servflow:store" value="tpl-shop"/>');
    const [header, row] = (await written((out) => exportLog(db(), { orgId: ORG }, 'csv', out))).split('\n');
    const cols = header!.split(',');
    const cells = row!.split(',');
    const at = (name: string) => cells[cols.indexOf(name)];
    expect(cols.slice(-5)).toEqual(['servflow:stepName', 'servflow:process', 'servflow:version', 'servflow:store', 'servflow:task']);
    expect([at('concept:name'), at('servflow:stepName'), at('servflow:process'), at('servflow:version'), at('servflow:store')]).toEqual(['intake', '登记', 'kpi-repair', '1', 'tpl-shop']);
  });

  it('working time per step: the same from the exported log (start → complete) as in SQL (claimed → completed)', async () => {
    const log = await parseXes(await written((out) => exportLog(db(), { orgId: ORG }, 'xes', out)));
    const mined = Object.fromEntries(activityTimes(log).map((a) => [a.activity, a.service]));
    const sql = Object.fromEntries((await stepTimes(db(), { orgId: ORG })).map((r) => [r.node, r]));
    for (const node of ['intake', 'fix']) {
      expect(mined[node]!.count).toBe(sql[node]!.claimed);
      expect(mined[node]!.mean).toBeCloseTo(sql[node]!.workingAvgMs!, 6);
      expect(mined[node]!.median).toBe(sql[node]!.workingMedianMs);
    }
    expect(mined['fix']!.mean).toBe(45 * MIN);
  });

  it('the process map in SQL equals the library DFG of the exported log, with the cases behind each arc', async () => {
    const map = await processMap(db(), { orgId: ORG, process: 'kpi-repair' });
    const log = completeEvents(await parseXes(await written((out) => exportLog(db(), { orgId: ORG }, 'xes', out))));
    const dfg = discoverDfg(log);
    const inner = map.arcs.filter((a) => a.from !== null && a.to !== null);
    expect(inner.map((a) => `${a.from}>${a.to}:${a.count}`).sort()).toEqual(dfg.arcs.map((a) => `${a.from}>${a.to}:${a.count}`).sort());
    const counts = (xs: readonly { name: string; count: number }[]) => Object.fromEntries(xs.map((x) => [x.name, x.count]));
    expect(Object.fromEntries(map.arcs.filter((a) => a.from === null).map((a) => [a.to, a.count]))).toEqual(counts(dfg.startActivities));
    expect(Object.fromEntries(map.arcs.filter((a) => a.to === null).map((a) => [a.from, a.count]))).toEqual(counts(dfg.endActivities));
    expect(map.cases).toBe(3);
    const redo = map.arcs.find((a) => a.from === 'fix' && a.to === 'fix')!;
    expect(redo).toMatchObject({ count: 1, cases: 1, caseIds: [day.b], meanMs: 20 * MIN });
    expect(map.nodes.find((n) => n.id === 'fix')).toMatchObject({ count: 3, cases: 2, name: { zh: '维修', en: 'Fix' } });
  });

  it('variants, and the process map of one variant', async () => {
    const v = await variants(db(), { orgId: ORG, process: 'kpi-repair' });
    expect(v.map((x) => [x.steps.join(' '), x.cases, x.sampleCases])).toEqual([
      ['intake', 1, [day.c]],
      ['intake fix fix survey done', 1, [day.b]],
      ['intake fix survey done', 1, [day.a]],
    ]);
    const redoVariant = v.find((x) => x.steps.length === 5)!;
    const map = await processMap(db(), { orgId: ORG, process: 'kpi-repair', variant: redoVariant.id });
    expect(map.cases).toBe(1);
    expect(map.arcs.every((a) => a.caseIds.length === 1 && a.caseIds[0] === day.b)).toBe(true);
  });
});
