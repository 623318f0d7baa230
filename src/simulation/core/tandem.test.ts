import { describe, it } from 'vitest';
import { jackson } from '../oracles/queueing.ts';
import { simulate } from '../simulate.ts';
import { TANDEM_STATIONS, tandemLine } from '../testing/models.ts';
import { expectOracle } from '../testing/oracle-check.ts';

// The five-station after-sales line of oracles.md: an open Jackson network, λ = 3 cases/h.
describe('the tandem after-sales line matches the Jackson network', () => {
  it('mean cycle time 212.465 min, every station’s wait, the percentiles of the reference run', () => {
    const exact = jackson(3, TANDEM_STATIONS.map((s) => ({ servers: s.servers, mu: s.mu })));
    const r = simulate(tandemLine(), { cases: 5_000, replications: 20, seed: 5, cycleTimeThresholds: [4, 8] });
    expectOracle(r, 'cycleTime.mean', exact.cycleTime * 60);
    expectOracle(r, 'wip', exact.wip);
    TANDEM_STATIONS.forEach((s, i) => expectOracle(r, `step.${s.id}.wait`, exact.stations[i]!.wq * 60));
    // No closed form: the reference simulation (10 × 200,000 cases) and its own uncertainty.
    expectOracle(r, 'cycleTime.p50', 195.4, 0.8);
    expectOracle(r, 'cycleTime.p90', 348.4, 2.2);
    expectOracle(r, 'cycleTime.over.4h', 0.333, 0.003);
    expectOracle(r, 'cycleTime.over.8h', 0.018, 0.001);
  });
});
