import { describe, expect, it } from 'vitest';
import {
  caseDurationStats,
  countsToRecord,
  discoverDfg,
  discoverPerformanceDfg,
  logSize,
  readXes,
  variants,
  type EventLog,
  type PerformanceArc,
} from './index.ts';
import { EVENTLOGS_DIR, expectedFor, HAVE_EVENTLOGS, LOG_FILES, SKIP_NOTE, type ExpectedStats } from './test-support/shared-logs.ts';

// Results on the public logs must equal PM4Py's (expected/*.expected.json): counts, the DFG and
// variants exactly; durations and the performance DFG to the millisecond. PM4Py drops the
// time-zone offset when reading XES, so the timing comparison reads with `offsets: 'drop'`;
// servflow's own (offset-respecting) values are pinned in the deviation tests below.

const sortedEntries = (r: Readonly<Record<string, number>>): [string, number][] => Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
const key = (x: unknown): string => JSON.stringify(x);

/** Asserts servflow's duration stats (ms) equal PM4Py's (s) to the millisecond. */
function expectSameStats(ours: { mean: number; median: number; min: number; max: number; sum?: number; stdev?: number | null }, theirs: ExpectedStats, what: string): void {
  for (const k of ['mean', 'median', 'min', 'max', 'sum'] as const) {
    const want = theirs[k];
    if (want === undefined) continue;
    expect(Math.abs((ours[k] as number) / 1000 - want), `${what} ${k}: ${(ours[k] as number) / 1000} vs ${want}`).toBeLessThan(0.0005);
  }
  if (theirs.stdev !== undefined) {
    if (theirs.stdev === null) expect(ours.stdev, `${what} stdev`).toBeNull();
    else expect(Math.abs(ours.stdev! / 1000 - theirs.stdev), `${what} stdev`).toBeLessThan(0.0005);
  }
}

describe.skipIf(!HAVE_EVENTLOGS)(HAVE_EVENTLOGS ? 'PM4Py parity on the public logs' : `PM4Py parity (${SKIP_NOTE})`, () => {
  for (const file of LOG_FILES) {
    describe(file, () => {
      const expected = HAVE_EVENTLOGS ? expectedFor(file) : undefined;
      let asPm4py: EventLog;
      it('has the same cases, events and activities', async () => {
        asPm4py = await readXes(`${EVENTLOGS_DIR}${file}`, { offsets: 'drop' });
        const e = expected!;
        expect(logSize(asPm4py)).toEqual({ cases: e.n_cases, events: e.n_events, activities: Object.keys(e.activities).length });
        const dfg = discoverDfg(asPm4py);
        expect(sortedEntries(countsToRecord(dfg.activities))).toEqual(sortedEntries(e.activities));
        expect(sortedEntries(countsToRecord(dfg.startActivities))).toEqual(sortedEntries(e.start_activities));
        expect(sortedEntries(countsToRecord(dfg.endActivities))).toEqual(sortedEntries(e.end_activities));
      });

      it('has the same directly-follows graph and every variant with its count', () => {
        const e = expected!;
        const arcs = discoverDfg(asPm4py).arcs.map((a) => key([a.from, a.to, a.count])).sort();
        expect(arcs).toEqual(e.dfg.map(key).sort());
        const ours = variants(asPm4py).map((v) => key([v.activities, v.count])).sort();
        expect(ours).toEqual(e.variants.map(key).sort());
      });

      it('has the same case durations and performance DFG, to the millisecond', () => {
        const e = expected!;
        expectSameStats(caseDurationStats(asPm4py), e.case_duration_seconds, 'case duration');
        const perf = new Map<string, PerformanceArc>(discoverPerformanceDfg(asPm4py).map((a) => [key([a.from, a.to]), a]));
        expect(perf.size).toBe(e.performance_dfg_seconds.length);
        for (const [from, to, stats] of e.performance_dfg_seconds) {
          const arc = perf.get(key([from, to]));
          expect(arc, `${from} → ${to}`).toBeDefined();
          expectSameStats(arc!, stats, `${from} → ${to}`);
        }
      });
    });
  }
});
