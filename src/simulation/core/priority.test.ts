import { describe, it } from 'vitest';
import { cobham } from '../oracles/queueing.ts';
import { simulate } from '../simulate.ts';
import { singleStation } from '../testing/models.ts';
import { expectOracle } from '../testing/oracle-check.ts';

// Two customer tiers at one M/M/1 desk, λ = 0.8/h, half of them VIP served first (non-preemptive):
// Cobham gives 1.333 h for VIPs and 6.667 h for the others.
describe('non-preemptive priorities by customer tier match Cobham', () => {
  it('VIP and regular waits at ρ = 0.8', () => {
    const [high, low] = cobham([
      { lambda: 0.4, mean: 1, secondMoment: 2 },
      { lambda: 0.4, mean: 1, secondMoment: 2 },
    ]);
    const base = singleStation(0.8, { kind: 'exponential', mean: 1, unit: 'hours' });
    const params = {
      ...base.params,
      tiers: [
        { id: 'vip', share: 0.5, priority: 1 },
        { id: 'regular', share: 0.5, priority: 0 },
      ],
    };
    const r = simulate({ process: base.process, params }, { cases: 10_000, replications: 20, seed: 42 });
    expectOracle(r, 'tier.vip.wait', high! * 60);
    expectOracle(r, 'tier.regular.wait', low! * 60);
  });
});
