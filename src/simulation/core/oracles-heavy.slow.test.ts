import { describe, it } from 'vitest';
import { cobham, mg1Wait, mmc } from '../oracles/queueing.ts';
import { simulate } from '../simulate.ts';
import { singleStation } from '../testing/models.ts';
import { expectOracle } from '../testing/oracle-check.ts';
import type { Distribution } from '../random/distribution.ts';

// The heavy oracles of oracles.md at ρ = 0.9: near saturation a run needs hundreds of thousands
// of cases for a useful interval (`npm run test:slow`).
const RUN = { cases: 100_000, replications: 20, waitThresholds: [1] } as const;
const exp1: Distribution = { kind: 'exponential', mean: 1, unit: 'hours' };

// Minutes per test on a busy two-core machine: the timeout is generous on purpose.
describe('heavy oracles at ρ = 0.9', { timeout: 45 * 60_000 }, () => {
  it('M/M/1: P(wait) 0.9, Wq 9 h, W 10 h, Lq 8.1, P(Wq > 1 h) 0.814354', () => {
    const r = simulate(singleStation(0.9, exp1), { ...RUN, seed: 901 });
    expectOracle(r, 'step.serve.waited', 0.9);
    expectOracle(r, 'step.serve.wait', 9 * 60);
    expectOracle(r, 'cycleTime.mean', 10 * 60);
    expectOracle(r, 'role.server.queue', 8.1);
    expectOracle(r, 'step.serve.waitOver.1h', 0.814354);
  });

  it('M/M/5 (λ = 4.5) and M/M/20 (λ = 18): Erlang C and the wait tail', () => {
    for (const [lambda, c, seed] of [
      [4.5, 5, 905],
      [18, 20, 920],
    ] as const) {
      const exact = mmc(lambda, 1, c);
      const r = simulate(singleStation(lambda, exp1, c), { ...RUN, seed });
      expectOracle(r, 'step.serve.waited', exact.pWait);
      expectOracle(r, 'step.serve.wait', exact.wq * 60);
      expectOracle(r, 'step.serve.waitOver.1h', exact.waitTail(1));
    }
  });

  it('M/D/1, M/U/1 and M/LN/1 (Pollaczek–Khinchine: 4.5, 6.0 and 14.625 h)', () => {
    const cases: readonly [Distribution, number, number][] = [
      [{ kind: 'fixed', value: 1, unit: 'hours' }, 0, 4.5],
      [{ kind: 'uniform', min: 0, max: 2, unit: 'hours' }, 1 / 3, 6],
      [{ kind: 'lognormal', mean: 1, sd: 1.5, unit: 'hours' }, 2.25, 14.625],
    ];
    cases.forEach(([service, scv, exact], i) => {
      const r = simulate(singleStation(0.9, service), { ...RUN, seed: 930 + i });
      expectOracle(r, 'step.serve.wait', mg1Wait(0.9, 1, scv) * 60);
      expectOracle(r, 'step.serve.wait', exact * 60);
    });
  });

  it('two priority classes at ρ = 0.8 with more cases (Cobham)', () => {
    const [high, low] = cobham([
      { lambda: 0.4, mean: 1, secondMoment: 2 },
      { lambda: 0.4, mean: 1, secondMoment: 2 },
    ]);
    const base = singleStation(0.8, exp1);
    const r = simulate(
      { process: base.process, params: { ...base.params, tiers: [{ id: 'vip', share: 0.5, priority: 1 }, { id: 'regular', share: 0.5, priority: 0 }] } },
      { ...RUN, seed: 980 },
    );
    expectOracle(r, 'tier.vip.wait', high! * 60);
    expectOracle(r, 'tier.regular.wait', low! * 60);
  });
});
