import { SimulationError } from '../errors.ts';
import { unitMs, type Distribution } from './distribution.ts';
import type { Xoshiro128 } from './xoshiro.ts';

/** A compiled sampler: one draw, in milliseconds. */
export type Sampler = (rng: Xoshiro128) => number;

const MAX_TRIES = 100;

/** A standard normal draw (Box–Muller without the cached spare: substreams are reseeded per task, a cache would leak between them). */
export function standardNormal(rng: Xoshiro128): number {
  const u = rng.uniform();
  const v = rng.uniform();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A Gamma(shape, 1) draw: Marsaglia & Tsang (2000); shape < 1 via Gamma(shape + 1)·U^(1/shape). */
export function standardGamma(rng: Xoshiro128, shape: number): number {
  if (shape < 1) return standardGamma(rng, shape + 1) * Math.pow(rng.uniform(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniform();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** μ and σ of the normal under a lognormal with this mean and standard deviation. */
export function lognormalParams(mean: number, sd: number): { readonly mu: number; readonly sigma: number } {
  const s2 = Math.log(1 + (sd * sd) / (mean * mean));
  return { mu: Math.log(mean) - s2 / 2, sigma: Math.sqrt(s2) };
}

function check(ok: boolean, d: Distribution, why: string): void {
  if (!ok) throw new SimulationError('BAD_DISTRIBUTION', `${d.kind} distribution ${JSON.stringify(d)}: ${why}`);
}

/** The raw sampler in the distribution's own unit. */
function raw(d: Distribution): (rng: Xoshiro128) => number {
  switch (d.kind) {
    case 'sum': {
      check(d.of.length > 0, d, 'needs at least one part');
      const parts = d.of.map(compileSampler);
      const per = unitMs(d);
      return (rng) => {
        let s = 0;
        for (const p of parts) s += p(rng);
        return s / per;
      };
    }
    case 'fixed': {
      check(d.value >= 0, d, 'value must be ≥ 0');
      const v = d.value;
      return () => v;
    }
    case 'exponential': {
      check(d.mean > 0, d, 'mean must be > 0');
      const m = d.mean;
      return (rng) => -m * Math.log(rng.uniform());
    }
    case 'normal': {
      check(d.sd >= 0, d, 'sd must be ≥ 0');
      const { mean, sd } = d;
      return (rng) => mean + sd * standardNormal(rng);
    }
    case 'lognormal': {
      check(d.mean > 0 && d.sd >= 0, d, 'mean must be > 0 and sd ≥ 0');
      const { mu, sigma } = lognormalParams(d.mean, d.sd);
      return (rng) => Math.exp(mu + sigma * standardNormal(rng));
    }
    case 'uniform': {
      check(d.max >= d.min, d, 'max must be ≥ min');
      const { min, max } = d;
      return (rng) => min + (max - min) * rng.uniform();
    }
    case 'triangular': {
      const { min: a, mode: c, max: b } = d;
      check(a <= c && c <= b && a < b, d, 'need min ≤ mode ≤ max and min < max');
      const fc = (c - a) / (b - a);
      // Inverse CDF: one uniform per draw, which keeps common random numbers aligned.
      return (rng) => {
        const u = rng.uniform();
        return u < fc ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c));
      };
    }
    case 'gamma': {
      check(d.shape > 0 && d.scale > 0, d, 'shape and scale must be > 0');
      const { shape, scale } = d;
      return (rng) => scale * standardGamma(rng, shape);
    }
    case 'empirical': {
      check(d.values.length > 0, d, 'needs at least one value');
      const values = Float64Array.from(d.values);
      if (!d.weights) return (rng) => values[Math.floor(rng.uniform() * values.length)]!;
      check(d.weights.length === d.values.length && d.weights.every((w) => w >= 0), d, 'weights must be one non-negative number per value');
      const cum = new Float64Array(values.length);
      let s = 0;
      d.weights.forEach((w, i) => (cum[i] = s += w));
      check(s > 0, d, 'weights must not all be 0');
      return (rng) => {
        const x = rng.uniform() * s;
        let lo = 0;
        let hi = cum.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cum[mid]! > x) hi = mid;
          else lo = mid + 1;
        }
        return values[lo]!;
      };
    }
  }
}

/**
 * Compiles a distribution into a sampler returning milliseconds. Truncation resamples (so the
 * shape inside the range is kept) and clamps only after 100 misses; durations are never negative.
 */
export function compileSampler(d: Distribution): Sampler {
  const draw = raw(d);
  const ms = unitMs(d);
  const lo = Math.max(0, d.truncate?.min ?? 0);
  const hi = d.truncate?.max ?? Number.POSITIVE_INFINITY;
  check(lo <= hi, d, 'truncate.min must be ≤ truncate.max');
  const k = (d.factor ?? 1) * ms;
  check(k >= 0 && Number.isFinite(k), d, 'factor must be a finite number ≥ 0');
  return (rng) => {
    for (let i = 0; i < MAX_TRIES; i++) {
      const x = draw(rng);
      if (x >= lo && x <= hi) return x * k;
    }
    return Math.min(hi, Math.max(lo, draw(rng))) * k;
  };
}
