import type { EventLog } from '../objects/event-log.ts';
import { timeOrder } from '../util/time-order.ts';

/**
 * Activity instances: one execution of an activity, from its start to its completion.
 * - With a start-timestamp column, every event is an instance (start column → timestamp).
 * - Otherwise a `start` lifecycle event is paired with the next `complete` event of the same
 *   activity in the case (first started, first completed); a complete without a start is an
 *   instant; a start never completed is dropped (it did not finish within the log).
 * - Events with other or no lifecycle transitions are instants.
 * Instances of each case are listed in order of completion.
 */
export interface ActivityInstances {
  readonly count: number;
  /** Case index of each instance. */
  readonly caseOf: Int32Array;
  readonly activity: Int32Array;
  readonly start: Float64Array;
  readonly end: Float64Array;
  /** Resource of the completing event, -1 when none. */
  readonly resource: Int32Array;
  /** Instances of case c are caseStart[c] … caseStart[c + 1] - 1. */
  readonly caseStart: Int32Array;
}

/** Builds the activity instances of a log (see `ActivityInstances`). */
export function activityInstances(log: EventLog): ActivityInstances {
  const { caseStart, activity, time, startTime, lifecycle, lifecycleNames, resource } = log;
  const nCases = caseStart.length - 1;
  const n = activity.length;
  const order = timeOrder(log);
  const lcStart = lifecycleNames.findIndex((x) => x.toLowerCase() === 'start');
  const lcComplete = lifecycleNames.findIndex((x) => x.toLowerCase() === 'complete');
  const out = {
    caseOf: new Int32Array(n),
    activity: new Int32Array(n),
    start: new Float64Array(n),
    end: new Float64Array(n),
    resource: new Int32Array(n),
    caseStart: new Int32Array(nCases + 1),
  };
  let k = 0;
  const open = new Map<number, number[]>(); // activity → start times waiting for completion
  for (let c = 0; c < nCases; c++) {
    out.caseStart[c] = k;
    open.clear();
    for (let j = caseStart[c]!; j < caseStart[c + 1]!; j++) {
      const e = order === null ? j : order[j]!;
      const a = activity[e]!;
      const lc = lifecycle[e]!;
      if (startTime === null && lc === lcStart && lcStart >= 0) {
        const waiting = open.get(a);
        if (waiting === undefined) open.set(a, [time[e]!]);
        else waiting.push(time[e]!);
        continue;
      }
      let begin = time[e]!;
      if (startTime !== null) {
        if (!Number.isNaN(startTime[e]!)) begin = startTime[e]!;
      } else if (lc === lcComplete && lcComplete >= 0) {
        const waiting = open.get(a);
        if (waiting !== undefined && waiting.length > 0) begin = waiting.shift()!;
      }
      out.caseOf[k] = c;
      out.activity[k] = a;
      out.start[k] = begin;
      out.end[k] = time[e]!;
      out.resource[k] = resource[e]!;
      k++;
    }
  }
  out.caseStart[nCases] = k;
  return {
    count: k,
    caseOf: out.caseOf.subarray(0, k),
    activity: out.activity.subarray(0, k),
    start: out.start.subarray(0, k),
    end: out.end.subarray(0, k),
    resource: out.resource.subarray(0, k),
    caseStart: out.caseStart,
  };
}
