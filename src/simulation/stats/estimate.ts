import { tQuantile } from './special.ts';

/** A mean over replications with its confidence interval (Student t over replication means). */
export interface Estimate {
  readonly mean: number;
  /** Half-width of the confidence interval (NaN with fewer than two replications). */
  readonly halfWidth: number;
  readonly low: number;
  readonly high: number;
  /** Replications that gave a value. */
  readonly n: number;
  readonly confidence: number;
}

/**
 * The t-interval of the mean of independent replication results. Replication means are
 * (nearly) normal and independent even when the cases inside a run are strongly correlated,
 * which is why the interval is taken across replications and not across cases.
 */
export function estimate(values: readonly number[], confidence = 0.95): Estimate {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { mean: Number.NaN, halfWidth: Number.NaN, low: Number.NaN, high: Number.NaN, n, confidence };
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  if (n < 2) return { mean, halfWidth: Number.NaN, low: Number.NaN, high: Number.NaN, n, confidence };
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
  const halfWidth = tQuantile(1 - (1 - confidence) / 2, n - 1) * Math.sqrt(variance / n);
  return { mean, halfWidth, low: mean - halfWidth, high: mean + halfWidth, n, confidence };
}

/** The confidence level that keeps the chance of any false alarm among `checks` intervals at `1 − family` (Bonferroni). */
export function bonferroni(family: number, checks: number): number {
  return 1 - (1 - family) / checks;
}

/** Mean and (sample) standard deviation of a list. */
export function meanSd(xs: ArrayLike<number>): { readonly mean: number; readonly sd: number } {
  const n = xs.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += xs[i]!;
  const mean = n > 0 ? s / n : Number.NaN;
  let v = 0;
  for (let i = 0; i < n; i++) v += (xs[i]! - mean) ** 2;
  return { mean, sd: n > 1 ? Math.sqrt(v / (n - 1)) : Number.NaN };
}
