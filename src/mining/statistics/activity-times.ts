import type { EventLog } from '../objects/event-log.ts';
import { activityInstances } from './activity-instances.ts';
import { describeInPlace, type DurationStats } from './describe.ts';

/** Time statistics (ms) of one activity over its instances. */
export interface ActivityTimes {
  readonly activity: string;
  readonly instances: number;
  /** Start to completion of the instance (0 for instants). */
  readonly service: DurationStats;
  /** Completion of the case's previous instance to this instance's start (none for a case's first). Negative when they overlap. */
  readonly waiting: DurationStats;
  /** Completion of the case's previous instance to this instance's completion: waiting plus service. */
  readonly sojourn: DurationStats;
}

/**
 * Service, waiting and sojourn time per activity, from activity instances (lifecycle
 * start/complete pairs or a start-timestamp column; see `activityInstances`). Most instances first.
 */
export function activityTimes(log: EventLog): ActivityTimes[] {
  const inst = activityInstances(log);
  const nAct = log.activityNames.length;
  const service: number[][] = Array.from({ length: nAct }, () => []);
  const waiting: number[][] = Array.from({ length: nAct }, () => []);
  const sojourn: number[][] = Array.from({ length: nAct }, () => []);
  for (let c = 0; c + 1 < inst.caseStart.length; c++) {
    let prevEnd = Number.NaN;
    for (let k = inst.caseStart[c]!; k < inst.caseStart[c + 1]!; k++) {
      const a = inst.activity[k]!;
      service[a]!.push(inst.end[k]! - inst.start[k]!);
      if (!Number.isNaN(prevEnd)) {
        waiting[a]!.push(inst.start[k]! - prevEnd);
        sojourn[a]!.push(inst.end[k]! - prevEnd);
      }
      prevEnd = inst.end[k]!;
    }
  }
  const out: ActivityTimes[] = [];
  for (let a = 0; a < nAct; a++) {
    if (service[a]!.length === 0) continue;
    out.push({
      activity: log.activityNames[a]!,
      instances: service[a]!.length,
      service: describeInPlace(Float64Array.from(service[a]!)),
      waiting: describeInPlace(Float64Array.from(waiting[a]!)),
      sojourn: describeInPlace(Float64Array.from(sojourn[a]!)),
    });
  }
  return out.sort((x, y) => y.instances - x.instances || (x.activity < y.activity ? -1 : 1));
}
