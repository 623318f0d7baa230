import { describe, it } from 'vitest';
import { mg1Wait } from '../oracles/queueing.ts';
import { simulate } from '../simulate.ts';
import { singleStation } from '../testing/models.ts';
import { expectOracle } from '../testing/oracle-check.ts';
import type { Distribution } from '../random/distribution.ts';

// M/G/1 at ρ = 0.7 (Pollaczek–Khinchine): the mean wait depends on the work time's variability.
const CASES: readonly { readonly name: string; readonly service: Distribution; readonly scv: number; readonly exact: number }[] = [
  { name: 'M/D/1 (fixed 1 h)', service: { kind: 'fixed', value: 1, unit: 'hours' }, scv: 0, exact: 1.166667 },
  { name: 'M/U/1 (uniform 0–2 h)', service: { kind: 'uniform', min: 0, max: 2, unit: 'hours' }, scv: 1 / 3, exact: 1.555556 },
  { name: 'M/LN/1 (lognormal mean 1 h, cv 1.5)', service: { kind: 'lognormal', mean: 1, sd: 1.5, unit: 'hours' }, scv: 2.25, exact: 3.791667 },
];

describe('M/G/1 waiting times match Pollaczek–Khinchine', () => {
  for (const [i, c] of CASES.entries()) {
    it(`${c.name} at ρ = 0.7: Wq = ${c.exact} h`, () => {
      const exact = mg1Wait(0.7, 1, c.scv);
      const r = simulate(singleStation(0.7, c.service), { cases: 10_000, replications: 20, seed: 100 + i });
      expectOracle(r, 'step.serve.wait', exact * 60);
      expectOracle(r, 'role.server.queue', 0.7 * exact);
    });
  }
});
