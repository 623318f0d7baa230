import { describe, it } from 'vitest';
import { mmc } from '../oracles/queueing.ts';
import { simulate } from '../simulate.ts';
import { singleStation } from '../testing/models.ts';
import { expectOracle } from '../testing/oracle-check.ts';

// M/M/c through the real engine: one human step, Poisson arrivals, exponential work, c people.
// Times in the metrics are minutes; μ = 1 per hour.
const RUN = { cases: 10_000, replications: 20, seed: 20260105, waitThresholds: [1] } as const;

describe('M/M/c waiting times match Erlang C', () => {
  it('M/M/1 at ρ = 0.7: Wq, P(wait), P(Wq > 1 h), Little’s law and utilisation', () => {
    const exact = mmc(0.7, 1, 1);
    const r = simulate(singleStation(0.7, { kind: 'exponential', mean: 1, unit: 'hours' }), RUN);
    expectOracle(r, 'step.serve.wait', exact.wq * 60);
    expectOracle(r, 'step.serve.waited', exact.pWait);
    expectOracle(r, 'step.serve.waitOver.1h', exact.waitTail(1));
    expectOracle(r, 'role.server.queue', exact.lq);
    expectOracle(r, 'role.server.utilisation', 0.7);
  });

  it('M/M/5 at ρ = 0.7: Wq, P(wait) and the tail P(Wq > 1 h)', () => {
    const exact = mmc(3.5, 1, 5);
    const r = simulate(singleStation(3.5, { kind: 'exponential', mean: 1, unit: 'hours' }, 5), { ...RUN, seed: 7 });
    expectOracle(r, 'step.serve.wait', exact.wq * 60);
    expectOracle(r, 'step.serve.waited', exact.pWait);
    expectOracle(r, 'step.serve.waitOver.1h', exact.waitTail(1));
    expectOracle(r, 'role.server.queue', exact.lq);
  });
});
