import { describe, expect, it } from 'vitest';
import { hotelCheckoutParams, hotelCheckoutProcess } from '../testing/hotel-checkout.ts';
import { afterSalesProcess, afterSalesParams } from '../testing/after-sales.ts';
import { suggestCandidates } from './candidates.ts';
import { rankCandidates } from './rank.ts';

describe('redesign suggestions', () => {
  it('propose the one-stop front desk for the S07 checkout, and simulation shows the shorter cycle time', () => {
    const process = hotelCheckoutProcess();
    const params = hotelCheckoutParams();
    const candidates = suggestCandidates(process, params);
    const oneStop = candidates.find((c) => c.changes.some((x) => x.change === 'mergeRoles' && x.roles.includes('cashier') && x.roles.includes('reception')));
    expect(oneStop, candidates.map((c) => c.id).join(', ')).toBeDefined();
    expect(oneStop!.method).toBe('horizontal');
    expect(candidates.map((c) => c.method)).toEqual(expect.arrayContaining(['horizontal', 'parallel']));

    const report = rankCandidates({ process, params }, candidates, 'cycleTime', { cases: 2_000, replications: 5, seed: 7 });
    const ranked = report.ranked.find((r) => r.id === oneStop!.id)!;
    expect(ranked.recommended).toBe(true);
    expect(ranked.goal!.relative).toBeLessThan(-0.1);
    // Ranked by the goal: the list is in order of the change in mean cycle time.
    const means = report.ranked.map((r) => r.goal?.mean ?? Infinity);
    expect([...means].sort((a, b) => a - b)).toEqual(means);
    expect(report.ranked[0]!.recommended).toBe(true);
  });

  it('find an approval to delegate or drop by its name or its supervisor role', () => {
    const candidates = suggestCandidates(afterSalesProcess(), afterSalesParams());
    // The after-sales visit has no approval step: nothing vertical is proposed.
    expect(candidates.filter((c) => c.method === 'vertical')).toEqual([]);
    expect(candidates.some((c) => c.id === 'merge:invoice+delivery' || c.method === 'horizontal')).toBe(true);
  });
});
