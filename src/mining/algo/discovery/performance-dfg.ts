import type { EventLog } from '../../objects/event-log.ts';
import { describeInPlace, type DurationStats } from '../../statistics/describe.ts';
import { byCountThenName } from './dfg.ts';
import { arcIndexer, followsPairs } from './follows-pairs.ts';

/** An arc of the performance DFG: statistics of the time (ms) between the two activities. */
export interface PerformanceArc extends DurationStats {
  readonly from: string;
  readonly to: string;
}

/**
 * Discovers the performance DFG: for each directly-follows pair (same pairs as `discoverDfg`),
 * the time from the first event to the second, summarised per arc (mean, median, min, max,
 * sum, sample stdev). With a start-timestamp column the time runs from the end of the first
 * event to the start of the second (the waiting time; it can be negative when they overlap).
 */
export function discoverPerformanceDfg(log: EventLog): PerformanceArc[] {
  const pairs = followsPairs(log);
  const { activity, activityNames, time, startTime } = log;
  const arcs = arcIndexer(activityNames.length);
  const arcOf = new Int32Array(pairs.length);
  const delta = new Float64Array(pairs.length);
  let counts = new Int32Array(64);
  for (let i = 0; i < pairs.length; i++) {
    const a = pairs.from[i]!;
    const b = pairs.to[i]!;
    const idx = arcs.index(activity[a]!, activity[b]!);
    if (idx >= counts.length) {
      const grown = new Int32Array(counts.length * 2);
      grown.set(counts);
      counts = grown;
    }
    counts[idx]!++;
    arcOf[i] = idx;
    const next = startTime !== null && !Number.isNaN(startTime[b]!) ? startTime[b]! : time[b]!;
    delta[i] = next - time[a]!;
  }
  // Bucket the durations by arc (counting sort), then describe each bucket.
  const nArcs = arcs.size();
  const offset = new Int32Array(nArcs + 1);
  for (let k = 0; k < nArcs; k++) offset[k + 1] = offset[k]! + counts[k]!;
  const fill = offset.slice(0, nArcs);
  const bucketed = new Float64Array(pairs.length);
  for (let i = 0; i < pairs.length; i++) bucketed[fill[arcOf[i]!]!++] = delta[i]!;
  const out: PerformanceArc[] = [];
  for (let k = 0; k < nArcs; k++) {
    const stats = describeInPlace(bucketed.subarray(offset[k]!, offset[k + 1]!));
    out.push({ from: activityNames[arcs.pairs[2 * k]!]!, to: activityNames[arcs.pairs[2 * k + 1]!]!, ...stats });
  }
  return out.sort(byCountThenName);
}
