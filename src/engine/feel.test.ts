import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feel, feelSlow, feelTrue } from './feel.ts';

function outcome(fn: () => unknown): unknown {
  try {
    return { value: fn() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('FEEL conditions', () => {
  it('evaluates what SOP branches say', () => {
    expect(feelTrue('severity = "critical" and repeats >= 2', { severity: 'critical', repeats: 2 })).toBe(true);
    expect(feelTrue('tier in ["VIP", "member"]', { tier: 'VIP' })).toBe(true);
    expect(feelTrue('purchase >= 3000 or total >= 5000', { purchase: 100, total: 6000 })).toBe(true);
    expect(feelTrue('customer.tier = "VIP"', { customer: { tier: 'VIP' } })).toBe(true);
  });

  it('treats unknown names as null, so a condition over them is not true', () => {
    expect(feel('missing', {})).toBeNull();
    expect(feelTrue('missing = "x"', {})).toBe(false);
  });

  it('gives the same answers on the fast path as feelin itself', () => {
    const value = fc.oneof(fc.constantFrom('a', 'b', 'VIP', ''), fc.integer({ min: -5, max: 5 }), fc.boolean(), fc.constant(null), fc.constant(undefined));
    const literal = fc.oneof(fc.constantFrom('"a"', '"VIP"', '""', '0', '3', '-2', '1.5', 'true', 'false'));
    const op = fc.constantFrom('=', '!=', '<', '>', '<=', '>=');
    fc.assert(
      fc.property(value, op, literal, (v, o, lit) => {
        const expr = `x ${o} ${lit}`;
        const ctx = v === undefined ? {} : { x: v };
        expect(outcome(() => feel(expr, ctx))).toEqual(outcome(() => feelSlow(expr, ctx)));
        expect(outcome(() => feel('x', ctx))).toEqual(outcome(() => feelSlow('x', ctx)));
      }),
      { numRuns: 300 },
    );
  });
});
