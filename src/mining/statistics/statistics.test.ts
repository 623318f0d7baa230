import { describe, expect, it } from 'vitest';
import { parseCsv } from '../read/csv.ts';
import { parseXes } from '../read/xes.ts';
import { activityTimes } from './activity-times.ts';
import { caseDurationStats } from './case-durations.ts';
import { describe as describeSample } from './describe.ts';
import { resourceWorkload } from './resources.ts';
import { rework } from './rework.ts';
import { variants } from './variants.ts';

const H = 3_600_000;
const ev = (a: string, t: string, lc: string, who: string) =>
  `<event><string key="concept:name" value="${a}"/><string key="lifecycle:transition" value="${lc}"/><string key="org:resource" value="${who}"/><date key="time:timestamp" value="2024-01-01T${t}:00:00Z"/></event>`;
// Case 1: a (1–3), b (4–5), a again (5–8). Case 2: b completed at 2 without a start event.
const XES = `<log><trace><string key="concept:name" value="1"/>${ev('a', '01', 'start', 'ann')}${ev('a', '03', 'complete', 'ann')}${ev('b', '04', 'start', 'bob')}${ev('b', '05', 'complete', 'bob')}${ev('a', '05', 'start', 'ann')}${ev('a', '08', 'complete', 'ann')}</trace>
<trace><string key="concept:name" value="2"/>${ev('b', '02', 'complete', 'bob')}</trace></log>`;

describe('statistics', () => {
  it('pairs lifecycle start and complete into instances for service, waiting and sojourn times', async () => {
    const times = await parseXes(XES).then(activityTimes);
    const a = times.find((t) => t.activity === 'a')!;
    expect(a.instances).toBe(2);
    expect(a.service).toMatchObject({ count: 2, mean: 2.5 * H, min: 2 * H, max: 3 * H });
    expect(a.waiting).toMatchObject({ count: 1, mean: 0 }); // b completed at 5, a started at 5
    expect(a.sojourn).toMatchObject({ count: 1, mean: 3 * H });
    const b = times.find((t) => t.activity === 'b')!;
    expect(b.service).toMatchObject({ count: 2, min: 0, max: H });
    expect(b.waiting).toMatchObject({ count: 1, mean: H });
  });

  it('counts rework per activity instance, not per lifecycle event', async () => {
    expect(await parseXes(XES).then(rework)).toEqual([
      { activity: 'a', cases: 1, casesWithRework: 1, repeats: 1 },
      { activity: 'b', cases: 2, casesWithRework: 0, repeats: 0 },
    ]);
  });

  it('measures resource workload', async () => {
    expect(await parseXes(XES).then(resourceWorkload)).toEqual([
      { resource: 'ann', events: 4, instances: 2, cases: 1, activities: 1, busyMs: 5 * H },
      { resource: 'bob', events: 3, instances: 2, cases: 2, activities: 1, busyMs: H },
    ]);
  });

  it('takes variants and case durations in file order, as PM4Py does', async () => {
    const log = await parseCsv('case:concept:name,concept:name,time:timestamp\nx,a,2024-01-01T05:00:00Z\nx,b,2024-01-01T01:00:00Z\ny,a,2024-01-01T00:00:00Z\ny,b,2024-01-01T02:00:00Z\n');
    expect(variants(log).map((v) => [v.activities, v.count])).toEqual([[['a', 'b'], 2]]);
    // Case x: last minus first in file order is negative, as in PM4Py.
    expect(caseDurationStats(log)).toMatchObject({ min: -4 * H, max: 2 * H, mean: -H });
  });

  it('describes a sample like pandas: middle-pair median, sample standard deviation', () => {
    expect(describeSample([4, 1, 3, 2])).toEqual({ count: 4, mean: 2.5, median: 2.5, min: 1, max: 4, sum: 10, stdev: Math.sqrt(5 / 3) });
    expect(describeSample([7]).stdev).toBeNull();
  });
});
