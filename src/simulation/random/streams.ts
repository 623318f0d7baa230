import { fmix32, Xoshiro128 } from './xoshiro.ts';

/**
 * Random streams for common random numbers (CRN).
 *
 * Two scenarios compare fairly only if "the same customer" gets the same arrival time, the
 * same service durations and the same branch choices in both. One sequential stream per kind
 * is not enough: when a scenario reorders or removes a step, every later draw shifts to
 * another case. So arrivals use one sequential stream per replication (arrival times do not
 * depend on the process), and durations and routing are drawn from a substream keyed by
 * (replication seed, kind, case, node, visit): the same task of the same case draws the same
 * numbers whatever happened before it.
 *
 * Keys are hashed into the four state words with different salts (a 128-bit seed), so the
 * millions of substreams of a run do not collide the way 32-bit seeds would (birthday bound).
 */
export const STREAM = {
  arrivals: 1,
  caseData: 2,
  durations: 3,
  routing: 4,
  services: 5,
  staff: 6,
} as const;
export type StreamKind = (typeof STREAM)[keyof typeof STREAM];

/**
 * Two independent 32-bit hashes of the keys (a 64-bit key: a million substreams collide with
 * probability ~10⁻⁸), spread into the four state words. Eight multiply-xorshift rounds per
 * reseed: one task's draw costs less than its engine command by two orders of magnitude.
 */
export function seedSubstream(rng: Xoshiro128, seed: number, kind: number, a = 0, b = 0, c = 0): Xoshiro128 {
  let h1 = fmix32((seed ^ Math.imul(kind, 0x9e3779b1)) + a);
  let h2 = fmix32((seed + 0x632be5ab) ^ Math.imul(kind + a, 0x85ebca77));
  h1 = fmix32((h1 ^ Math.imul(b, 0xc2b2ae3d)) + c);
  h2 = fmix32((h2 + Math.imul(b ^ c, 0x27d4eb2f)) ^ a);
  return rng.reseed(h1, h2, fmix32(h1 ^ 0x243f6a88) ^ h2, fmix32(h2 ^ 0x85a308d3) + h1);
}

/** A fresh generator on one substream. */
export function substream(seed: number, kind: number, a = 0, b = 0, c = 0): Xoshiro128 {
  return seedSubstream(new Xoshiro128(), seed, kind, a, b, c);
}

/** The seed of replication `r` of a run seeded with `seed`. */
export function replicationSeed(seed: number, r: number): number {
  return fmix32((Math.imul(seed | 0, 0x9e3779b1) ^ fmix32(r + 0x632be5ab)) | 0);
}
