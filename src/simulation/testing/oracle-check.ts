import { expect } from 'vitest';
import { bonferroni, estimate } from '../stats/estimate.ts';
import type { SimulationResult } from '../simulate.ts';

/**
 * Checks against exact answers, sized for a whole suite: with many 95 % checks a correct
 * simulator fails one by chance more often than not, so every interval here is Bonferroni
 * corrected to keep the chance of any false alarm in a suite of `SUITE_CHECKS` checks at 0.1 %.
 */
export const SUITE_CHECKS = 60;

/** The replication values of one metric. */
export function valuesOf(r: SimulationResult, key: string): number[] {
  return r.replications.map((rep) => {
    const v = rep.values[key];
    if (v === undefined) throw new Error(`no metric "${key}" (have: ${Object.keys(rep.values).join(', ')})`);
    return v;
  });
}

/**
 * Expects the exact value inside the suite-corrected t-interval of the replication means;
 * `extra` widens it by a known uncertainty of the reference itself (a reference simulation).
 */
export function expectOracle(r: SimulationResult, key: string, exact: number, extra = 0): void {
  const e = estimate(valuesOf(r, key), bonferroni(0.999, SUITE_CHECKS));
  const msg = `${key}: simulated ${e.mean.toPrecision(6)} ± ${e.halfWidth.toPrecision(3)} (${(e.confidence * 100).toPrecision(6)} %), exact ${exact}`;
  expect(Math.abs(e.mean - exact), msg).toBeLessThanOrEqual(e.halfWidth + extra);
  // An interval so wide that it would accept anything is a test that cannot fail.
  expect(e.halfWidth, `${msg}: the interval is too wide to test anything`).toBeLessThan(Math.max(0.35 * Math.abs(exact), 0.02));
}
