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

const SALTS = [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344] as const;

function lane(salt: number, k0: number, k1: number, k2: number, k3: number, k4: number): number {
  let h = fmix32(salt ^ k0);
  h = fmix32((h + Math.imul(k1, 0x9e3779b1)) | 0);
  h = fmix32((h ^ k2) + 0x7f4a7c15);
  h = fmix32((h + Math.imul(k3, 0x85ebca77)) | 0);
  h = fmix32(h ^ k4 ^ 0x2545f491);
  return h;
}

/** Reseeds `rng` to the substream of the given keys (all 32-bit integers). */
export function seedSubstream(rng: Xoshiro128, seed: number, kind: number, a = 0, b = 0, c = 0): Xoshiro128 {
  return rng.reseed(
    lane(SALTS[0], seed, kind, a, b, c),
    lane(SALTS[1], seed, kind, a, b, c),
    lane(SALTS[2], seed, kind, a, b, c),
    lane(SALTS[3], seed, kind, a, b, c),
  );
}

/** A fresh generator on one substream. */
export function substream(seed: number, kind: number, a = 0, b = 0, c = 0): Xoshiro128 {
  return seedSubstream(new Xoshiro128(), seed, kind, a, b, c);
}

/** The seed of replication `r` of a run seeded with `seed`. */
export function replicationSeed(seed: number, r: number): number {
  return fmix32((Math.imul(seed | 0, 0x9e3779b1) ^ fmix32(r + 0x632be5ab)) | 0);
}
