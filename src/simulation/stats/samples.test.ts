import { describe, expect, it } from 'vitest';
import { Samples, quantileSorted } from './samples.ts';
import { Xoshiro128 } from '../random/xoshiro.ts';

describe('quantiles by selection', () => {
  it('agree with the sorted definition (type 7) on random, tied and sorted data', () => {
    const rng = new Xoshiro128(1, 2, 3, 4);
    const sets = [
      Array.from({ length: 1001 }, () => rng.uniform() * 100),
      Array.from({ length: 500 }, () => Math.floor(rng.uniform() * 5)),
      Array.from({ length: 300 }, (_, i) => i),
      [7],
    ];
    for (const xs of sets) {
      const s = new Samples();
      for (const x of xs) s.push(x);
      const sorted = Float64Array.from(xs).sort();
      for (const p of [0, 0.1, 0.5, 0.9, 0.95, 0.999, 1]) expect(s.quantile(p)).toBeCloseTo(quantileSorted(sorted, p), 9);
    }
  });
});
