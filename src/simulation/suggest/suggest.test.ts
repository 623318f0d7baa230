import { describe, expect, it } from 'vitest';
import { hotelCheckoutParams, hotelCheckoutProcess } from '../testing/hotel-checkout.ts';
import { afterSalesProcess, afterSalesParams } from '../testing/after-sales.ts';
import { end, human, proc } from '../../engine/testing/build.ts';
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

  it('propose to delegate or drop a manager’s approval, and show what each does', () => {
    const refund = proc('refund', [human('request', 'clerk'), human('approve', 'manager', { name: { zh: '经理审批', en: 'manager approval' } }), human('pay', 'clerk'), end()]);
    const params = {
      arrivals: { kind: 'poisson' as const, perHour: 6 },
      durations: { request: { kind: 'exponential' as const, mean: 5 }, approve: { kind: 'exponential' as const, mean: 4 }, pay: { kind: 'exponential' as const, mean: 3 } },
      staff: { clerk: 2, manager: 1 },
      costPerHour: { clerk: 40, manager: 150 },
    };
    const candidates = suggestCandidates(refund, params);
    const vertical = candidates.filter((c) => c.method === 'vertical').map((c) => c.id);
    expect(vertical).toEqual(['delegate:approve', 'remove:approve']);
    const report = rankCandidates({ process: refund, params }, candidates.filter((c) => c.method === 'vertical'), 'cost', { cases: 1_000, replications: 4, seed: 2 });
    const removed = report.ranked.find((r) => r.id === 'remove:approve')!;
    // The manager's 4 minutes at 150/h are no longer spent on each refund: about −10 per case.
    expect(removed.recommended).toBe(true);
    expect(removed.goal!.mean).toBeCloseTo(-10, 0);
    expect(removed.caveats.join(' ')).toMatch(/control/);
  });
});
