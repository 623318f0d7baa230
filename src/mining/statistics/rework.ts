import type { EventLog } from '../objects/event-log.ts';
import { activityInstances } from './activity-instances.ts';

/** How much an activity is repeated within cases. */
export interface ActivityRework {
  readonly activity: string;
  /** Cases in which the activity occurs. */
  readonly cases: number;
  /** Cases in which it occurs more than once. */
  readonly casesWithRework: number;
  /** Executions beyond the first in each case, summed over cases. */
  readonly repeats: number;
}

/**
 * Rework per activity, counted on activity instances (so a start and a complete event of one
 * execution are not mistaken for a repeat). Activities with the most repeats first; those never
 * repeated are included with zeros.
 */
export function rework(log: EventLog): ActivityRework[] {
  const inst = activityInstances(log);
  const nAct = log.activityNames.length;
  const cases = new Int32Array(nAct);
  const withRework = new Int32Array(nAct);
  const repeats = new Int32Array(nAct);
  const seen = new Int32Array(nAct);
  const touched: number[] = [];
  for (let c = 0; c + 1 < inst.caseStart.length; c++) {
    for (let k = inst.caseStart[c]!; k < inst.caseStart[c + 1]!; k++) {
      const a = inst.activity[k]!;
      if (seen[a] === 0) touched.push(a);
      seen[a]!++;
    }
    for (const a of touched) {
      cases[a]!++;
      if (seen[a]! > 1) {
        withRework[a]!++;
        repeats[a]! += seen[a]! - 1;
      }
      seen[a] = 0;
    }
    touched.length = 0;
  }
  const out: ActivityRework[] = [];
  for (let a = 0; a < nAct; a++) {
    if (cases[a]! > 0) out.push({ activity: log.activityNames[a]!, cases: cases[a]!, casesWithRework: withRework[a]!, repeats: repeats[a]! });
  }
  return out.sort((x, y) => y.repeats - x.repeats || y.casesWithRework - x.casesWithRework || (x.activity < y.activity ? -1 : 1));
}
