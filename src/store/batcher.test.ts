import { describe, expect, it } from 'vitest';
import { Batcher } from './batcher.ts';

/** The read batcher of the API (src/api/repo/cases.ts) in isolation: no database needed. */
describe('Batcher', () => {
  it('sends items that arrive together as one call and answers each with its own result', async () => {
    const calls: number[][] = [];
    const b = new Batcher<number, number>(async (xs) => (calls.push([...xs]), xs.map((x) => x * 10)));
    expect(await Promise.all([1, 2, 3].map((x) => b.submit(x)))).toEqual([10, 20, 30]);
    expect(calls).toEqual([[1, 2, 3]]);
  });

  it('queues items arriving while a batch is under way and sends them together next', async () => {
    const calls: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const b = new Batcher<number, number>(async (xs) => {
      calls.push([...xs]);
      if (calls.length === 1) await gate;
      return xs;
    });
    const first = b.submit(1);
    await new Promise((r) => setImmediate(r));
    const later = [2, 3, 4].map((x) => b.submit(x));
    release();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3, 4]);
    expect(calls).toEqual([[1], [2, 3, 4]]);
  });

  it('runs a batch that failed as a whole again item by item, so only the bad item fails', async () => {
    const calls: number[][] = [];
    const b = new Batcher<number, number>(async (xs) => {
      calls.push([...xs]);
      if (xs.includes(13)) throw new Error('unlucky');
      return xs;
    });
    const out = await Promise.allSettled([12, 13, 14].map((x) => b.submit(x)));
    expect(out.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(calls).toEqual([[12, 13, 14], [12], [13], [14]]);
  });
});
