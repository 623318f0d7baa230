import type { EventLog } from '../objects/event-log.ts';

/**
 * The events of each case ordered by time, ties (and missing times, which go last) in file
 * order: the order PM4Py's DFG uses (it sorts the frame by case and timestamp, stably).
 * Returns null when the file order already is that order, which is the usual case, so callers
 * can skip the indirection.
 */
export function timeOrder(log: EventLog): Int32Array | null {
  const { caseStart, time } = log;
  const nCases = caseStart.length - 1;
  let order: Int32Array | null = null;
  for (let c = 0; c < nCases; c++) {
    const s = caseStart[c]!;
    const e = caseStart[c + 1]!;
    let sorted = true;
    for (let i = s + 1; i < e; i++) {
      if (before(time[i]!, time[i - 1]!)) {
        sorted = false;
        break;
      }
    }
    if (sorted) continue;
    if (order === null) {
      order = new Int32Array(time.length);
      for (let i = 0; i < order.length; i++) order[i] = i;
    }
    const idx = Array.from(order.subarray(s, e));
    idx.sort((a, b) => (before(time[a]!, time[b]!) ? -1 : before(time[b]!, time[a]!) ? 1 : a - b));
    order.set(idx, s);
  }
  return order;
}

// Strict "a sorts before b", with NaN after every number.
function before(a: number, b: number): boolean {
  if (Number.isNaN(a)) return false;
  if (Number.isNaN(b)) return true;
  return a < b;
}
