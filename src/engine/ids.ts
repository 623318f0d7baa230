import type { IdSource } from './types.ts';

/** Deterministic ids `prefix-1`, `prefix-2`… for tests and the simulator. */
export function counterIds(start = 0): IdSource {
  let n = start;
  return { next: (prefix) => `${prefix}-${++n}` };
}
