import type { EventLog } from '../objects/event-log.ts';

/**
 * The log with only the events that record a step being done: lifecycle `complete`, or no
 * lifecycle at all (logs that carry one event per activity). An SOP net has one transition per
 * step, so a `start` and a `complete` of the same step replayed as two events would count the
 * step twice; conformance of servflow's own log (exported with start and complete) runs on this.
 * Cases left without events disappear, as a reader drops a trace without events.
 */
export function completeEvents(log: EventLog): EventLog {
  const complete = log.lifecycleNames.indexOf('complete');
  const keep = (e: number): boolean => log.lifecycle[e] === -1 || log.lifecycle[e] === complete;
  const n = log.activity.length;
  let kept = 0;
  for (let e = 0; e < n; e++) if (keep(e)) kept++;
  if (kept === n) return log;

  const activity = new Int32Array(kept);
  const time = new Float64Array(kept);
  const offsetMin = new Int16Array(kept);
  const startTime = log.startTime === null ? null : new Float64Array(kept);
  const resource = new Int32Array(kept);
  const lifecycle = new Int32Array(kept);
  const caseIds: string[] = [];
  const bounds: number[] = [0];
  let k = 0;
  for (let c = 0; c + 1 < log.caseStart.length; c++) {
    const from = k;
    for (let e = log.caseStart[c]!; e < log.caseStart[c + 1]!; e++) {
      if (!keep(e)) continue;
      activity[k] = log.activity[e]!;
      time[k] = log.time[e]!;
      offsetMin[k] = log.offsetMin[e]!;
      if (startTime !== null) startTime[k] = log.startTime![e]!;
      resource[k] = log.resource[e]!;
      lifecycle[k] = log.lifecycle[e]!;
      k++;
    }
    if (k > from) {
      caseIds.push(log.caseIds[c]!);
      bounds.push(k);
    }
  }
  // Name tables are shared: an activity that only ever started keeps its name but no events,
  // which no statistic or conformance check counts.
  return { ...log, caseIds, caseStart: Int32Array.from(bounds), activity, time, offsetMin, startTime, resource, lifecycle };
}
