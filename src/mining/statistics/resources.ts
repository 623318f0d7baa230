import type { EventLog } from '../objects/event-log.ts';
import { activityInstances } from './activity-instances.ts';

/** The workload of one resource. */
export interface ResourceWorkload {
  readonly resource: string;
  /** Events carrying this resource. */
  readonly events: number;
  /** Activity instances it completed. */
  readonly instances: number;
  /** Distinct cases it worked on. */
  readonly cases: number;
  /** Distinct activities it performed. */
  readonly activities: number;
  /** Summed service time (ms) of the instances it completed. */
  readonly busyMs: number;
}

/** Workload per resource, busiest (most events) first. Events without a resource are left out. */
export function resourceWorkload(log: EventLog): ResourceWorkload[] {
  const nRes = log.resourceNames.length;
  const events = new Int32Array(nRes);
  for (const r of log.resource) if (r >= 0) events[r]!++;
  const inst = activityInstances(log);
  const instances = new Int32Array(nRes);
  const busy = new Float64Array(nRes);
  const cases: Set<number>[] = Array.from({ length: nRes }, () => new Set());
  const acts: Set<number>[] = Array.from({ length: nRes }, () => new Set());
  for (let k = 0; k < inst.count; k++) {
    const r = inst.resource[k]!;
    if (r < 0) continue;
    instances[r]!++;
    busy[r]! += inst.end[k]! - inst.start[k]!;
    cases[r]!.add(inst.caseOf[k]!);
    acts[r]!.add(inst.activity[k]!);
  }
  const out: ResourceWorkload[] = [];
  for (let r = 0; r < nRes; r++) {
    out.push({ resource: log.resourceNames[r]!, events: events[r]!, instances: instances[r]!, cases: cases[r]!.size, activities: acts[r]!.size, busyMs: busy[r]! });
  }
  return out.sort((a, b) => b.events - a.events || (a.resource < b.resource ? -1 : 1));
}
