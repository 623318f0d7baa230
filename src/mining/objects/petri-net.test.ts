import { describe, expect, it } from 'vitest';
import { MiningError } from '../errors.ts';
import { petriNet } from './petri-net.ts';

describe('petriNet()', () => {
  it('builds a checked accepting net from a compact description', () => {
    const an = petriNet({
      places: ['i', 'o'],
      transitions: [{ id: 'a', label: 'Approve' }, { id: 's', label: null }],
      arcs: [['i', 'a'], ['a', 'o', 2], ['i', 's'], ['s', 'o']],
      initialMarking: { i: 1 },
      finalMarking: { o: 1 },
    });
    expect(an.net.arcs[1]).toEqual({ kind: 'transition-to-place', transition: 'a', place: 'o', weight: 2 });
    expect(an.net.transitions[1]).toMatchObject({ kind: 'transition', label: null });
  });

  it('refuses arcs between two places, unknown nodes, bad weights and markings of unknown places', () => {
    const base = { places: ['i', 'o'], transitions: [{ id: 'a', label: 'A' }], initialMarking: { i: 1 }, finalMarking: { o: 1 } };
    const bad = (spec: object) => () => petriNet({ ...base, arcs: [['i', 'a'], ['a', 'o']], ...spec } as never);
    expect(bad({ arcs: [['i', 'o']] })).toThrow(/"o" is not a transition/);
    expect(bad({ arcs: [['x', 'a']] })).toThrow(/"x" is not a place or transition/);
    expect(bad({ arcs: [['i', 'a', 0]] })).toThrow(/weight 0/);
    expect(bad({ finalMarking: { z: 1 } })).toThrow(MiningError);
    expect(bad({ places: ['i', 'i'] })).toThrow(/used twice/);
  });
});
