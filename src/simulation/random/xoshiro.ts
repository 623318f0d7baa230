/**
 * xoshiro128** (Blackman & Vigna, 2018): a small, fast generator with 128 bits of state and
 * 32-bit output, written with `Math.imul` so every step stays in 32-bit integer arithmetic.
 *
 * Why this one: it passes BigCrush, needs no BigInt (PCG-64 and xoshiro256 need 64-bit
 * multiplies, which cost ~10x in JavaScript), and reseeding is four assignments, so the
 * simulator can give every (case, step, visit) its own substream (see streams.ts). Its 2^128
 * period is far beyond any run. `Math.random` was rejected: unseedable.
 */
export class Xoshiro128 {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(a = 1, b = 2, c = 3, d = 4) {
    this.reseed(a, b, c, d);
  }

  /** Sets the 128-bit state; an all-zero state (the one fixed point) is replaced by a constant. */
  reseed(a: number, b: number, c: number, d: number): this {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 0x9e3779b9 | 0;
    return this;
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const b = this.b;
    const r = Math.imul(rotl(Math.imul(b, 5), 7), 9);
    const t = b << 9;
    this.c ^= this.a;
    this.d ^= b;
    this.b = b ^ this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return r >>> 0;
  }

  /**
   * A uniform number strictly inside (0, 1), from 32 bits: (k + ½)/2³². Never 0 or 1, so
   * `-log(u)` and `log(1 - u)` are always finite. 32 bits (rather than 53) halve the cost;
   * the coarsest step, 2⁻³², is far below any duration a service process cares about.
   */
  uniform(): number {
    return (this.nextUint32() + 0.5) * 2.3283064365386963e-10;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** MurmurHash3's 32-bit finaliser: a bijective avalanche mix used to derive seeds from keys. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
