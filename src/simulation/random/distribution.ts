/**
 * Duration (and other positive quantity) distributions, as plain data so models and scenario
 * files can carry them. Values are in `unit` (default minutes); samplers return milliseconds.
 *
 * Lognormal and gamma are written by mean and standard deviation of the variable itself (what a
 * manager can say: "about 12 minutes, give or take 5"), not by the parameters of the
 * underlying normal; the fitter reports both.
 */
export type DurationUnit = 'seconds' | 'minutes' | 'hours' | 'days';

export const UNIT_MS: Readonly<Record<DurationUnit, number>> = {
  seconds: 1_000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
};

/** Out-of-range draws are drawn again (then clamped after 100 tries); bounds are in `unit`. */
export interface Truncation {
  readonly min?: number;
  readonly max?: number;
}

interface Common {
  readonly unit?: DurationUnit;
  readonly truncate?: Truncation;
  /** Every draw multiplied by this (a scenario's "10 % faster" is `factor: 0.9`); applied after truncation. */
  readonly factor?: number;
}

export type Distribution = Common &
  (
    | { readonly kind: 'fixed'; readonly value: number }
    | { readonly kind: 'exponential'; readonly mean: number }
    | { readonly kind: 'normal'; readonly mean: number; readonly sd: number }
    | { readonly kind: 'lognormal'; readonly mean: number; readonly sd: number }
    | { readonly kind: 'uniform'; readonly min: number; readonly max: number }
    | { readonly kind: 'triangular'; readonly min: number; readonly mode: number; readonly max: number }
    | { readonly kind: 'gamma'; readonly shape: number; readonly scale: number }
    /** Resampling of observed values (optionally weighted): the log's own durations. */
    | { readonly kind: 'empirical'; readonly values: readonly number[]; readonly weights?: readonly number[] }
    /** The sum of independent parts (each in its own unit): a merged step does both jobs. */
    | { readonly kind: 'sum'; readonly of: readonly Distribution[] }
  );

export type DistributionKind = Distribution['kind'];

/** Mean and variance of the untruncated distribution, in its unit (factor applied). */
export function moments(d: Distribution): { readonly mean: number; readonly variance: number } {
  const m = unscaledMoments(d);
  const k = d.factor ?? 1;
  return { mean: m.mean * k, variance: m.variance * k * k };
}

function unscaledMoments(d: Distribution): { readonly mean: number; readonly variance: number } {
  switch (d.kind) {
    case 'fixed':
      return { mean: d.value, variance: 0 };
    case 'exponential':
      return { mean: d.mean, variance: d.mean * d.mean };
    case 'normal':
    case 'lognormal':
      return { mean: d.mean, variance: d.sd * d.sd };
    case 'uniform':
      return { mean: (d.min + d.max) / 2, variance: (d.max - d.min) ** 2 / 12 };
    case 'triangular': {
      const { min: a, mode: c, max: b } = d;
      return { mean: (a + b + c) / 3, variance: (a * a + b * b + c * c - a * b - a * c - b * c) / 18 };
    }
    case 'gamma':
      return { mean: d.shape * d.scale, variance: d.shape * d.scale * d.scale };
    case 'empirical': {
      const w = d.weights ?? d.values.map(() => 1);
      const total = w.reduce((s, x) => s + x, 0);
      const mean = d.values.reduce((s, x, i) => s + x * w[i]!, 0) / total;
      const variance = d.values.reduce((s, x, i) => s + (x - mean) ** 2 * w[i]!, 0) / total;
      return { mean, variance };
    }
    case 'sum': {
      const own = unitMs(d);
      let mean = 0;
      let variance = 0;
      for (const part of d.of) {
        const m = moments(part);
        const r = unitMs(part) / own;
        mean += m.mean * r;
        variance += m.variance * r * r;
      }
      return { mean, variance };
    }
  }
}

/** Milliseconds per unit of a distribution. */
export function unitMs(d: Distribution): number {
  return UNIT_MS[d.unit ?? 'minutes'];
}

/** A short human description: "lognormal(mean 12, sd 5) min". */
export function describe(d: Distribution): string {
  const base = describeBase(d);
  return d.factor !== undefined && d.factor !== 1 ? `${base} × ${d.factor}` : base;
}

function describeBase(d: Distribution): string {
  const u = { seconds: 's', minutes: 'min', hours: 'h', days: 'd' }[d.unit ?? 'minutes'];
  const f = (x: number): string => String(Number(x.toPrecision(4)));
  switch (d.kind) {
    case 'fixed':
      return `fixed ${f(d.value)} ${u}`;
    case 'exponential':
      return `exponential(mean ${f(d.mean)}) ${u}`;
    case 'normal':
    case 'lognormal':
      return `${d.kind}(mean ${f(d.mean)}, sd ${f(d.sd)}) ${u}`;
    case 'uniform':
      return `uniform(${f(d.min)}, ${f(d.max)}) ${u}`;
    case 'triangular':
      return `triangular(${f(d.min)}, ${f(d.mode)}, ${f(d.max)}) ${u}`;
    case 'gamma':
      return `gamma(shape ${f(d.shape)}, scale ${f(d.scale)}) ${u}`;
    case 'empirical':
      return `empirical(${d.values.length} values) ${u}`;
    case 'sum':
      return d.of.map(describe).join(' + ');
  }
}
