import { describe, expect, it } from 'vitest';
import { compile } from '../../model/index.ts';
import { simulate } from '../simulate.ts';
import { calibrate } from './calibrate.ts';
import { tracesFromEngineLog } from './trace.ts';
import type { CompiledProcess } from '../../model/types.ts';
import type { SimulationParams } from '../params.ts';

/**
 * A step assigned by the SOP (sameAs) is started by a claim of the person it was given to. The
 * engine logs that `start`, so calibration measures the step's work time from start to complete
 * instead of approximating it from the previous event (which would add the waiting time).
 */
function desk(): CompiledProcess {
  return compile({
    key: 'desk',
    version: 1,
    name: { en: 'desk' },
    roles: [{ id: 'advisor', name: { en: 'advisor' } }],
    variables: [],
    nodes: [
      { kind: 'human', id: 'greet', name: { en: 'greet' }, role: 'advisor', assignment: { strategy: 'queue' } },
      { kind: 'human', id: 'deliver', name: { en: 'deliver' }, role: 'advisor', assignment: { strategy: 'sameAs', node: 'greet' } },
      { kind: 'end', id: 'done', name: { en: 'done' } },
    ],
  });
}

const TRUTH: SimulationParams = {
  arrivals: { kind: 'poisson', perHour: 5 },
  durations: { greet: { kind: 'exponential', mean: 10 }, deliver: { kind: 'exponential', mean: 20 } },
  staff: { advisor: 3 },
};

describe('calibrating a step assigned by the SOP', () => {
  const proc = desk();
  const sim = simulate({ process: proc, params: TRUTH }, { cases: 1500, replications: 1, seed: 5, collectLog: true });
  const log = sim.replications[0]!.log!;

  it('the log has a start event for every assigned task, by the person it was assigned to', () => {
    const assigned = log.filter((e) => e.activity === 'deliver' && e.lifecycle === 'assign');
    const started = new Map(log.filter((e) => e.activity === 'deliver' && e.lifecycle === 'start').map((e) => [e.taskId, e]));
    const completed = log.filter((e) => e.activity === 'deliver' && e.lifecycle === 'complete');
    expect(completed.length).toBeGreaterThan(1000);
    // Every completed one was started first (tasks still waiting when the run stopped are not).
    for (const c of completed) expect(started.get(c.taskId)?.at).toBeLessThanOrEqual(c.at);
    const who = new Map(assigned.map((e) => [e.taskId, e.resource]));
    for (const [taskId, s] of started) expect(s.resource).toBe(who.get(taskId));
  });

  it('measures its work time from those starts (not approximated) and recovers the mean', () => {
    const { report } = calibrate(proc, tracesFromEngineLog(log), { confidence: 0.999 });
    const deliver = report.steps.find((s) => s.id === 'deliver')!;
    expect(deliver.approximate).toBe(false);
    expect(deliver.mean.low).toBeLessThan(20);
    expect(deliver.mean.high).toBeGreaterThan(20);
  });
});
