import { describe, expect, it } from 'vitest';
import { compile } from '../../model/index.ts';
import { simulate } from '../simulate.ts';
import { calibrate } from './calibrate.ts';
import { checkCalibration } from './validate.ts';
import { tracesFromEngineLog } from './trace.ts';
import type { CompiledProcess, HumanStep } from '../../model/types.ts';
import type { SimulationParams } from '../params.ts';

const step = (id: string, role: string, next?: string): HumanStep => ({ kind: 'human', id, name: { en: id }, role, assignment: { strategy: 'queue' }, next });

/** A complaint desk: intake, then a simple fix (70 %) or a specialist's investigation (30 %). */
function complaintDesk(): CompiledProcess {
  return compile({
    key: 'complaints',
    version: 1,
    name: { en: 'complaints' },
    roles: ['clerk', 'agent', 'specialist'].map((id) => ({ id, name: { en: id } })),
    variables: [],
    nodes: [
      step('intake', 'clerk'),
      { kind: 'exclusive', id: 'kind', name: { en: 'kind?' }, branches: [{ when: 'serious = true', to: 'investigate' }], default: 'fix' },
      step('fix', 'agent', 'done'),
      step('investigate', 'specialist', 'done'),
      { kind: 'end', id: 'done', name: { en: 'done' } },
    ],
  });
}

const TRUTH: SimulationParams = {
  arrivals: { kind: 'poisson', perHour: 6 },
  durations: {
    intake: { kind: 'lognormal', mean: 6, sd: 3 },
    fix: { kind: 'exponential', mean: 12 },
    investigate: { kind: 'gamma', shape: 3, scale: 15 },
  },
  branches: { kind: { investigate: 0.3, fix: 0.7 } },
  staff: { clerk: 2, agent: 3, specialist: 4 },
};

describe('calibration from an event log', () => {
  // The engine's log of a simulated month, calibrated back: the known parameters must lie in
  // the intervals (99.9 % each, so a dozen checks rarely fail by chance).
  const proc = complaintDesk();
  const sim = simulate({ process: proc, params: TRUTH }, { cases: 4000, replications: 1, seed: 11, collectLog: true });
  const traces = tracesFromEngineLog(sim.replications[0]!.log!);
  const { params, report } = calibrate(proc, traces, { confidence: 0.999 });

  it('recovers the arrival rate', () => {
    expect(report.arrivals.perHour.low).toBeLessThan(6);
    expect(report.arrivals.perHour.high).toBeGreaterThan(6);
    expect(params.arrivals.kind).toBe('poisson');
    expect(report.arrivals.interarrival?.ks.p).toBeGreaterThan(0.001);
  });

  it('recovers each step’s mean and spread, and picks the distribution family', () => {
    const truth = { intake: [6, 3], fix: [12, 12], investigate: [45, Math.sqrt(3) * 15] } as const;
    for (const s of report.steps) {
      const [mean, sd] = truth[s.id as keyof typeof truth];
      expect(s.approximate).toBe(false);
      expect(s.mean.low, `${s.id} mean`).toBeLessThan(mean);
      expect(s.mean.high, `${s.id} mean`).toBeGreaterThan(mean);
      expect(s.sd.low, `${s.id} sd`).toBeLessThan(sd);
      expect(s.sd.high, `${s.id} sd`).toBeGreaterThan(sd);
    }
    expect(params.durations['fix']!.kind).toBe('exponential');
    expect(params.durations['intake']!.kind).toBe('lognormal');
  });

  it('recovers the branch probabilities and the staff per role', () => {
    const kind = report.branches.find((b) => b.gateway === 'kind')!;
    const p = kind.targets.find((t) => t.to === 'investigate')!.p;
    expect(p.low).toBeLessThan(0.3);
    expect(p.high).toBeGreaterThan(0.3);
    expect(Object.fromEntries(report.staff.map((s) => [s.role, s.people]))).toEqual({ clerk: 2, agent: 3, specialist: 4 });
  });

  it('reproduces the log’s cycle times when the calibrated model is simulated', () => {
    const check = checkCalibration(proc, params, report, 5, 12);
    expect(check.rows.map((r) => r.metric)).toEqual(['mean', 'p50', 'p90']);
    for (const row of check.rows) expect(Math.abs(row.relativeError), row.metric).toBeLessThan(0.1);
  });

  it('can replay the log’s own arrival instants', () => {
    const replay = calibrate(proc, traces, { arrivals: 'replay' }).params.arrivals;
    expect(replay.kind === 'replay' && replay.times.length).toBe(traces.length);
  });
});
