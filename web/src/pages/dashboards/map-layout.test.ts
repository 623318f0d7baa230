import { describe, expect, it } from 'vitest';
import { layoutMap } from './map-layout.ts';

const node = (id: string) => ({ id, name: null, count: 1, cases: 1 });
const arc = (from: string | null, to: string | null, count = 1) => ({ from, to, count, cases: count, meanMs: null, medianMs: null, caseIds: [] });

describe('process map layout', () => {
  it('puts a chain left to right and a rework loop does not push its target right', () => {
    const places = layoutMap([node('a'), node('b'), node('c')], [arc(null, 'a'), arc('a', 'b'), arc('b', 'c'), arc('c', 'b'), arc('c', null)]);
    expect(places.map((p) => `${p.id}@${p.layer}`)).toEqual(['a@0', 'b@1', 'c@2']);
  });

  it('stacks parallel branches in one layer and joins after the longer one', () => {
    const places = layoutMap([node('s'), node('x'), node('y'), node('y2'), node('j')], [arc(null, 's'), arc('s', 'x'), arc('s', 'y'), arc('y', 'y2'), arc('x', 'j'), arc('y2', 'j')]);
    const at = Object.fromEntries(places.map((p) => [p.id, [p.layer, p.row]]));
    expect(at).toEqual({ s: [0, 0], x: [1, 0], y: [1, 1], y2: [2, 0], j: [3, 0] });
  });

  it('nodes not reached from a start go after the last layer', () => {
    const places = layoutMap([node('a'), node('orphan')], [arc(null, 'a')]);
    expect(places.find((p) => p.id === 'orphan')!.layer).toBe(1);
  });
});
