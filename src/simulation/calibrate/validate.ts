import { simulate } from '../simulate.ts';
import type { CompiledProcess } from '../../model/types.ts';
import type { Estimate } from '../stats/estimate.ts';
import type { SimulationParams } from '../params.ts';
import type { CalibrationReport } from './calibrate.ts';

/** How well a calibrated model reproduces the log's cycle times. */
export interface CalibrationCheck {
  readonly rows: readonly {
    readonly metric: 'mean' | 'p50' | 'p90';
    /** Minutes, from the log. */
    readonly log: number;
    /** Minutes, simulated, with its confidence interval. */
    readonly simulated: Estimate;
    /** (simulated − log) / log. */
    readonly relativeError: number;
  }[];
}

/**
 * Simulates the calibrated model as many cases as the log had (at least 1,000) over several
 * replications and sets its cycle times beside the log's. A large gap says what the model
 * misses (calendars, people on other work, batching) more than any single fit statistic does.
 */
export function checkCalibration(proc: CompiledProcess, params: SimulationParams, report: CalibrationReport, replications = 5, seed = 1): CalibrationCheck {
  const sim = simulate({ process: proc, params }, { cases: Math.max(1000, report.cycleTime.cases), replications, seed });
  const get = (k: string): Estimate => sim.metrics.find((m) => m.key === k)!.estimate;
  const row = (metric: 'mean' | 'p50' | 'p90', log: number) => {
    const simulated = get(`cycleTime.${metric}`);
    return { metric, log, simulated, relativeError: (simulated.mean - log) / log };
  };
  return { rows: [row('mean', report.cycleTime.mean), row('p50', report.cycleTime.p50), row('p90', report.cycleTime.p90)] };
}
