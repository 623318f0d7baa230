import { incompleteGamma, kolmogorovSurvival, logGamma, normalCdf } from '../stats/special.ts';
import type { Distribution } from '../random/distribution.ts';

/**
 * Fitting duration distributions to observed values (minutes): maximum likelihood where it has
 * a closed form or a quick Newton iteration (exponential, normal, lognormal, gamma), the sample
 * range and moments for uniform and triangular (whose MLE sits on the sample extremes anyway),
 * and for every candidate its log-likelihood, AIC and a Kolmogorov–Smirnov check.
 *
 * The KS p-value assumes the parameters were known; fitted from the same data it is
 * conservative (too high). It is shown as a warning sign, not as a formal test. The choice
 * between candidates is made by BIC rather than AIC: the exponential is a gamma with shape 1,
 * and AIC's penalty of 2 per parameter picks the needless gamma for one exponential sample in
 * six; BIC's ln(n) penalty keeps the simpler family unless the data really ask for more.
 */
export interface FitCandidate {
  readonly distribution: Distribution;
  readonly logLikelihood: number;
  readonly aic: number;
  readonly bic: number;
  /** KS statistic D and its (asymptotic) p-value. */
  readonly ks: { readonly d: number; readonly p: number };
}

type Cdf = (x: number) => number;

function ksTest(sorted: Float64Array, cdf: Cdf): { d: number; p: number } {
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]!);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  const sqrtN = Math.sqrt(n);
  // Stephens' small-sample correction of the asymptotic distribution.
  return { d, p: kolmogorovSurvival((sqrtN + 0.12 + 0.11 / sqrtN) * d) };
}

function candidate(distribution: Distribution, logLikelihood: number, params: number, sorted: Float64Array, cdf: Cdf): FitCandidate {
  const n = sorted.length;
  return { distribution, logLikelihood, aic: 2 * params - 2 * logLikelihood, bic: params * Math.log(n) - 2 * logLikelihood, ks: ksTest(sorted, cdf) };
}

/** Digamma ψ(x) (recurrence up to 6, then the asymptotic series). */
function digamma(x: number): number {
  let r = 0;
  while (x < 6) {
    r -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  return r + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

/** Trigamma ψ'(x). */
function trigamma(x: number): number {
  let r = 0;
  while (x < 6) {
    r += 1 / (x * x);
    x += 1;
  }
  const f = 1 / (x * x);
  return r + 1 / x + f / 2 + (f / x) * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f / 30)));
}

/** Every candidate fitted to the values (minutes), best (lowest BIC) first. */
export function fitDurations(values: readonly number[]): FitCandidate[] {
  const xs = Float64Array.from(values).sort();
  const n = xs.length;
  if (n === 0) return [];
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / n;
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  const sdMle = Math.sqrt(ss / n);
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  const min = xs[0]!;
  const max = xs[n - 1]!;
  const out: FitCandidate[] = [];
  const round = (x: number): number => Number(x.toPrecision(6));

  if (sd <= 1e-9 * Math.max(1, Math.abs(mean)) || n < 2) {
    out.push({ distribution: { kind: 'fixed', value: round(mean) }, logLikelihood: Number.POSITIVE_INFINITY, aic: Number.NEGATIVE_INFINITY, bic: Number.NEGATIVE_INFINITY, ks: { d: 0, p: 1 } });
    return out;
  }
  // Normal.
  {
    const ll = -n * (Math.log(sdMle) + 0.5 * Math.log(2 * Math.PI)) - ss / (2 * sdMle * sdMle);
    out.push(candidate({ kind: 'normal', mean: round(mean), sd: round(sd) }, ll, 2, xs, (x) => normalCdf((x - mean) / sdMle)));
  }
  const positive = min > 0;
  if (positive) {
    // Exponential.
    {
      const ll = -n * Math.log(mean) - n;
      out.push(candidate({ kind: 'exponential', mean: round(mean) }, ll, 1, xs, (x) => 1 - Math.exp(-x / mean)));
    }
    // Lognormal: MLE of the underlying normal, reported by the variable's own mean and sd.
    let sl = 0;
    for (const x of xs) sl += Math.log(x);
    const mu = sl / n;
    let sl2 = 0;
    for (const x of xs) sl2 += (Math.log(x) - mu) ** 2;
    const sigma = Math.sqrt(sl2 / n);
    if (sigma > 0) {
      const ll = -sl - n * (Math.log(sigma) + 0.5 * Math.log(2 * Math.PI)) - sl2 / (2 * sigma * sigma);
      const lnMean = Math.exp(mu + (sigma * sigma) / 2);
      const lnSd = lnMean * Math.sqrt(Math.exp(sigma * sigma) - 1);
      out.push(candidate({ kind: 'lognormal', mean: round(lnMean), sd: round(lnSd) }, ll, 2, xs, (x) => normalCdf((Math.log(x) - mu) / sigma)));
    }
    // Gamma: Minka's starting point, then Newton on the shape.
    const s = Math.log(mean) - sl / n;
    if (s > 0) {
      let k = (3 - s + Math.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s);
      for (let i = 0; i < 50; i++) {
        const step = (Math.log(k) - digamma(k) - s) / (1 / k - trigamma(k));
        k -= step;
        if (k <= 0) k = 1e-6;
        if (Math.abs(step) < 1e-10 * k) break;
      }
      const theta = mean / k;
      const ll = (k - 1) * sl - n * k - n * k * Math.log(theta) - n * logGamma(k);
      out.push(candidate({ kind: 'gamma', shape: round(k), scale: round(theta) }, ll, 2, xs, (x) => incompleteGamma(k, x / theta)));
    }
  }
  // Uniform on the sample range, widened by one expected gap so the extremes are inside.
  {
    const pad = (max - min) / (n - 1);
    const a = Math.max(0, min - pad);
    const b = max + pad;
    const ll = -n * Math.log(b - a);
    out.push(candidate({ kind: 'uniform', min: round(a), max: round(b) }, ll, 2, xs, (x) => Math.min(1, Math.max(0, (x - a) / (b - a)))));
  }
  // Triangular: range as above, mode from the mean (mean = (a + b + c)/3).
  {
    const pad = (max - min) / (n - 1);
    const a = Math.max(0, min - pad);
    const b = max + pad;
    const c = Math.min(b, Math.max(a, 3 * mean - a - b));
    let ll = 0;
    for (const x of xs) {
      const f = x < c ? (2 * (x - a)) / ((b - a) * (c - a)) : x > c ? (2 * (b - x)) / ((b - a) * (b - c)) : 2 / (b - a);
      ll += Math.log(Math.max(f, 1e-300));
    }
    const cdf: Cdf = (x) => (x <= a ? 0 : x >= b ? 1 : x <= c ? (x - a) ** 2 / ((b - a) * (c - a)) : 1 - (b - x) ** 2 / ((b - a) * (b - c)));
    out.push(candidate({ kind: 'triangular', min: round(a), mode: round(c), max: round(b) }, ll, 3, xs, cdf));
  }
  return out.sort((p, q) => p.bic - q.bic);
}
