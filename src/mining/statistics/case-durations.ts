import type { EventLog } from '../objects/event-log.ts';
import { describeInPlace, type DurationStats } from './describe.ts';

/**
 * Duration of each case in ms: its last event's time minus its first event's, in file order
 * (PM4Py's definition; for a log sorted by time that is the span of the case). With a start
 * timestamp column the first event's start is used, as the case began then.
 */
export function caseDurations(log: EventLog): Float64Array {
  const { caseStart, time, startTime } = log;
  const n = caseStart.length - 1;
  const out = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    const first = caseStart[c]!;
    const begin = startTime !== null && !Number.isNaN(startTime[first]!) ? startTime[first]! : time[first]!;
    out[c] = time[caseStart[c + 1]! - 1]! - begin;
  }
  return out;
}

/** Mean, median, min, max … of the case durations (ms). */
export function caseDurationStats(log: EventLog): DurationStats {
  return describeInPlace(caseDurations(log));
}
