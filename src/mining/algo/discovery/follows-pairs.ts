import type { EventLog } from '../../objects/event-log.ts';
import { timeOrder } from '../../util/time-order.ts';

/**
 * Every directly-follows pair of the log, in the order the DFG uses (events of a case sorted by
 * time, ties in file order), as parallel arrays: `from[i]`, `to[i]` are event indices.
 * Both DFGs are built from this, so they agree on which pairs exist.
 */
export interface FollowsPairs {
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly length: number;
}

/** Collects the directly-follows pairs of a log (see `FollowsPairs`). */
export function followsPairs(log: EventLog): FollowsPairs {
  const { caseStart } = log;
  const order = timeOrder(log);
  const nCases = caseStart.length - 1;
  const total = Math.max(0, log.activity.length - nCases);
  const from = new Int32Array(total);
  const to = new Int32Array(total);
  let k = 0;
  for (let c = 0; c < nCases; c++) {
    const s = caseStart[c]!;
    const e = caseStart[c + 1]!;
    for (let i = s + 1; i < e; i++) {
      from[k] = order === null ? i - 1 : order[i - 1]!;
      to[k] = order === null ? i : order[i]!;
      k++;
    }
  }
  return { from, to, length: k };
}

/** Dense arc numbering for activity pairs: `a * n + b`, kept in a Map when n² is large. */
export function arcIndexer(nActivities: number): { index(a: number, b: number): number; readonly size: () => number; readonly pairs: number[] } {
  const pairs: number[] = [];
  const dense = nActivities * nActivities <= 1 << 22 ? new Int32Array(nActivities * nActivities).fill(-1) : null;
  const sparse = dense === null ? new Map<number, number>() : null;
  return {
    pairs,
    size: () => pairs.length / 2,
    index(a: number, b: number): number {
      const key = a * nActivities + b;
      let idx = dense !== null ? dense[key]! : (sparse!.get(key) ?? -1);
      if (idx < 0) {
        idx = pairs.length / 2;
        pairs.push(a, b);
        if (dense !== null) dense[key] = idx;
        else sparse!.set(key, idx);
      }
      return idx;
    },
  };
}
