import { describe, expect, it } from 'vitest';
import { moments, type Distribution } from './distribution.ts';
import { compileSampler } from './sample.ts';
import { STREAM, substream } from './streams.ts';
import { Xoshiro128 } from './xoshiro.ts';

describe('xoshiro128**', () => {
  it('gives the reference sequence for the state (1, 2, 3, 4)', () => {
    const rng = new Xoshiro128(1, 2, 3, 4);
    expect([rng.nextUint32(), rng.nextUint32(), rng.nextUint32()]).toEqual([11520, 0, 5927040]);
  });

  it('keeps uniforms strictly inside (0, 1), and substreams reproducible and distinct', () => {
    const a = substream(7, STREAM.durations, 1, 2, 3);
    const b = substream(7, STREAM.durations, 1, 2, 3);
    const c = substream(7, STREAM.durations, 1, 2, 4);
    const xs = Array.from({ length: 1000 }, () => a.uniform());
    expect(xs.every((x) => x > 0 && x < 1)).toBe(true);
    expect(Array.from({ length: 1000 }, () => b.uniform())).toEqual(xs);
    expect(c.uniform()).not.toBe(xs[0]);
  });
});

describe('distributions', () => {
  const N = 200_000;
  const cases: Distribution[] = [
    { kind: 'fixed', value: 3 },
    { kind: 'exponential', mean: 5 },
    { kind: 'normal', mean: 20, sd: 3 },
    { kind: 'lognormal', mean: 10, sd: 15 },
    { kind: 'uniform', min: 2, max: 8 },
    { kind: 'triangular', min: 1, mode: 2, max: 9 },
    { kind: 'gamma', shape: 0.5, scale: 4 },
    { kind: 'gamma', shape: 3, scale: 2 },
    { kind: 'empirical', values: [1, 2, 10], weights: [1, 1, 2] },
    { kind: 'sum', of: [{ kind: 'exponential', mean: 2 }, { kind: 'fixed', value: 60, unit: 'seconds' }] },
    { kind: 'exponential', mean: 4, factor: 0.5 },
  ];
  for (const d of cases) {
    it(`${d.kind} ${JSON.stringify(d)} has the mean and variance it should`, () => {
      const draw = compileSampler(d);
      const rng = substream(1, STREAM.durations, cases.indexOf(d));
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < N; i++) {
        const x = draw(rng) / 60_000;
        s += x;
        s2 += x * x;
      }
      const mean = s / N;
      const variance = s2 / N - mean * mean;
      const m = moments(d);
      // Five standard errors: a correct sampler fails this about once in 3 million runs.
      expect(Math.abs(mean - m.mean)).toBeLessThanOrEqual(5 * Math.sqrt(m.variance / N) + 1e-9);
      expect(Math.abs(variance - m.variance)).toBeLessThanOrEqual(0.1 * m.variance + 1e-9);
    });
  }

  it('truncates by drawing again, never below zero', () => {
    const draw = compileSampler({ kind: 'normal', mean: 1, sd: 5, truncate: { min: 0.5, max: 3 } });
    const rng = substream(2, STREAM.durations);
    for (let i = 0; i < 10_000; i++) {
      const x = draw(rng) / 60_000;
      expect(x).toBeGreaterThanOrEqual(0.5);
      expect(x).toBeLessThanOrEqual(3);
    }
  });

  it('rejects impossible parameters with a code', () => {
    expect(() => compileSampler({ kind: 'triangular', min: 5, mode: 1, max: 9 })).toThrow(expect.objectContaining({ code: 'BAD_DISTRIBUTION' }));
  });
});
