import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../read/csv.ts';
import { petriNet } from '../../objects/petri-net.ts';
import { replayTokens } from './token-replay/replay-log.ts';
import { alignLog } from './alignments/align-log.ts';

// a → (b | skip) → c, as a sequence with an optional b.
const NET = petriNet({
  places: ['i', 'p1', 'p2', 'o'],
  transitions: [
    { id: 'ta', label: 'a' },
    { id: 'tb', label: 'b' },
    { id: 'skip', label: null },
    { id: 'tc', label: 'c' },
  ],
  arcs: [['i', 'ta'], ['ta', 'p1'], ['p1', 'tb'], ['tb', 'p2'], ['p1', 'skip'], ['skip', 'p2'], ['p2', 'tc'], ['tc', 'o']],
  initialMarking: { i: 1 },
  finalMarking: { o: 1 },
});

async function logOf(...traces: string[][]) {
  const rows = traces.flatMap((t, c) => t.map((a, k) => `c${c},${a},2024-01-01T00:0${k}:00Z`));
  return parseCsv(['case:concept:name,concept:name,time:timestamp', ...rows].join('\n'));
}

describe('token-based replay', () => {
  it('replays fitting traces, firing the silent skip when b is absent', async () => {
    const r = replayTokens(await logOf(['a', 'b', 'c'], ['a', 'c']), NET);
    expect(r.logFitness).toBe(1);
    expect(r.traces[1]).toMatchObject({ isFit: true, missing: 0, remaining: 0, consumed: 4, produced: 4, fired: ['ta', 'skip', 'tc'] });
  });

  it('counts and locates missing and remaining tokens', async () => {
    const r = replayTokens(await logOf(['b', 'c']), NET);
    const t = r.traces[0]!;
    // b lacks the token in p1; the token of the initial marking is left in i.
    expect(t).toMatchObject({ missing: 1, remaining: 1, consumed: 3, produced: 3, isFit: false });
    expect(t.fitness).toBeCloseTo(0.5 * (1 - 1 / 3) + 0.5 * (1 - 1 / 3), 12);
    expect(t.deviations).toEqual([
      { kind: 'missing-tokens', event: 0, activity: 'b', places: [{ place: 'p1', tokens: 1 }] },
      { kind: 'remaining-tokens', place: 'i', tokens: 1 },
    ]);
    expect(r.percentageOfFittingTraces).toBe(0);
  });

  it('skips activities the model does not have, without counting tokens for them', async () => {
    const t = replayTokens(await logOf(['a', 'zzz', 'c']), NET).traces[0]!;
    expect(t.isFit).toBe(true);
    expect(t.deviations).toEqual([{ kind: 'not-in-model', event: 1, activity: 'zzz' }]);
  });
});

describe('alignments', () => {
  it('aligns a fitting trace with synchronous and silent moves only', async () => {
    const a = alignLog(await logOf(['a', 'c']), NET).traces[0]!;
    expect(a.moves).toEqual([
      { kind: 'sync', activity: 'a', transition: 'ta' },
      { kind: 'model', transition: 'skip', label: null },
      { kind: 'sync', activity: 'c', transition: 'tc' },
    ]);
    expect(a).toMatchObject({ deviations: 0, cost: 0, fitness: 1 });
  });

  it('finds the cheapest explanation of a deviating trace', async () => {
    const r = alignLog(await logOf(['a', 'x', 'c'], ['c']), NET);
    expect(r.traces[0]!.moves.filter((m) => m.kind === 'log')).toEqual([{ kind: 'log', activity: 'x' }]);
    expect(r.traces[0]!.fitness).toBeCloseTo(1 - 1 / (3 + 2), 12); // the cheapest model run is a, c
    expect(r.traces[1]!.moves).toContainEqual({ kind: 'model', transition: 'ta', label: 'a' });
    expect(r.traces[1]!.deviations).toBe(1);
    expect(r.logFitness).toBeCloseTo(1 - 20_000 / (50_000 + 30_000), 12);
  });

  it('charges silent moves only when asked (PM4Py)', async () => {
    const log = await logOf(['a', 'c']);
    expect(alignLog(log, NET).logFitness).toBe(1);
    // one silent move in the alignment and in the cheapest model run: 1 / (2·10,000 + 20,001)
    expect(alignLog(log, NET, { chargeSilentMoves: true }).logFitness).toBeCloseTo(1 - 1 / 40_001, 12);
  });
});
