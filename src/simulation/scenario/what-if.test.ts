import { describe, expect, it } from 'vitest';
import { mmc } from '../oracles/queueing.ts';
import { tandemLine } from '../testing/models.ts';
import { expectOracle } from '../testing/oracle-check.ts';
import { compareScenarios } from './compare.ts';
import { formatComparison } from './format.ts';
import { scenarioSchema } from './schema.ts';

describe('a what-if with a queueing-theory answer', () => {
  it('one more technician at the repair station cuts its wait to what M/M/5 predicts', () => {
    const scenario = scenarioSchema.parse({ name: 'one more technician', changes: [{ change: 'staff', role: 'technician', delta: 1 }] });
    const c = compareScenarios(tandemLine(), [scenario], { cases: 4_000, replications: 20, seed: 8 });
    const after = c.results[1]!;
    expectOracle(after, 'step.repair.wait', mmc(3, 1, 5).wq * 60); // 7.08 min, from 30.57 with four
    expectOracle(c.results[0]!, 'step.repair.wait', mmc(3, 1, 4).wq * 60);
    const row = c.rows.find((r) => r.key === 'cycleTime.mean')!;
    expect(row.deltas[1]!.verdict).toBe('better');
    // The other stations do not change: common random numbers make the paired difference ~0.
    const reception = c.rows.find((r) => r.key === 'step.reception.wait')!.deltas[1]!;
    expect(Math.abs(reception.mean)).toBeLessThan(1e-9);
    expect(formatComparison(c)).toContain('one more technician');
  });
});
