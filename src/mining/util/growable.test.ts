import { describe, expect, it } from 'vitest';
import { Growable } from './growable.ts';

describe('Growable', () => {
  it('keeps every value across doubling and an up-front reserve', () => {
    const g = new Growable(Int32Array, 2);
    for (let i = 0; i < 5; i++) g.push(i);
    g.reserve(100);
    for (let i = 5; i < 90; i++) g.push(i);
    const out = g.finish();
    expect(out.length).toBe(90);
    expect([...out]).toEqual(Array.from({ length: 90 }, (_, i) => i));
  });

  it('frees the spare capacity when most of it is unused', () => {
    const g = new Growable(Float64Array, 1024);
    g.push(1.5);
    const out = g.finish();
    expect(out.length).toBe(1);
    expect(out.buffer.byteLength).toBe(8);
  });

  it('a reserve smaller than what is held changes nothing', () => {
    const g = new Growable(Int16Array, 4);
    for (let i = 0; i < 4; i++) g.push(i);
    g.reserve(2);
    expect([...g.finish()]).toEqual([0, 1, 2, 3]);
  });
});
