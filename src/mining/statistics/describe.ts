/**
 * Summary statistics of a sample of durations (milliseconds), as PM4Py/pandas report them:
 * the median of an even-sized sample is the mean of the two middle values, and the spread is
 * the sample standard deviation (n − 1), null for a single value.
 */
export interface DurationStats {
  readonly count: number;
  readonly mean: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly sum: number;
  /** Sample standard deviation; null when count < 2. */
  readonly stdev: number | null;
}

/** Describes `values` (sorted in place, so pass a copy when the order matters). */
export function describeInPlace(values: Float64Array): DurationStats {
  const n = values.length;
  if (n === 0) return { count: 0, mean: Number.NaN, median: Number.NaN, min: Number.NaN, max: Number.NaN, sum: 0, stdev: null };
  values.sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    sq += d * d;
  }
  const mid = n >> 1;
  const median = n % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
  return { count: n, mean, median, min: values[0]!, max: values[n - 1]!, sum, stdev: n < 2 ? null : Math.sqrt(sq / (n - 1)) };
}

/** Describes a sample without touching it. */
export function describe(values: ArrayLike<number>): DurationStats {
  return describeInPlace(Float64Array.from(values));
}
