import { estimate, type Estimate } from '../stats/estimate.ts';
import { simulate, type SimulationInput, type SimulationResult } from '../simulate.ts';
import { applyChanges, describeChange } from './apply.ts';
import type { MetricInfo } from '../output/metrics.ts';
import type { RunOptions } from '../params.ts';
import type { Scenario } from './schema.ts';

/** A scenario's difference from the baseline on one metric (paired over replications). */
export interface Delta {
  readonly mean: number;
  readonly halfWidth: number;
  /** mean / baseline mean. */
  readonly relative: number;
  /** The interval of the difference excludes 0. */
  readonly significant: boolean;
  readonly verdict: 'better' | 'worse' | 'same' | 'changed';
}

export interface ComparisonRow extends MetricInfo {
  /** One estimate per scenario (baseline first); null where the metric does not exist (a removed step). */
  readonly values: readonly (Estimate | null)[];
  /** Difference from the baseline per scenario (null for the baseline itself). */
  readonly deltas: readonly (Delta | null)[];
}

export interface ComparedScenario {
  readonly name: string;
  readonly description?: string;
  readonly changes: readonly string[];
  readonly warnings: readonly string[];
  readonly process: { readonly key: string; readonly version: number };
}

/** The side-by-side comparison the CLI prints and the web app draws. */
export interface Comparison {
  readonly scenarios: readonly ComparedScenario[];
  readonly rows: readonly ComparisonRow[];
  readonly replications: number;
  readonly cases: number;
  readonly confidence: number;
  /** The simulation results themselves (per replication values, samples). */
  readonly results: readonly SimulationResult[];
}

/** The paired difference of a metric between a scenario and the baseline. */
export function pairedDelta(base: SimulationResult, other: SimulationResult, m: MetricInfo, confidence: number): Delta | null {
  const diffs: number[] = [];
  for (let r = 0; r < Math.min(base.replications.length, other.replications.length); r++) {
    const a = base.replications[r]!.values[m.key];
    const b = other.replications[r]!.values[m.key];
    if (a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b)) diffs.push(b - a);
  }
  if (diffs.length === 0) return null;
  const e = estimate(diffs, confidence);
  const baseMean = estimate(base.replications.map((r) => r.values[m.key] ?? Number.NaN)).mean;
  const significant = Number.isFinite(e.halfWidth) ? Math.abs(e.mean) > e.halfWidth : e.mean !== 0;
  let verdict: Delta['verdict'] = 'same';
  if (significant) verdict = m.better === undefined ? 'changed' : (e.mean < 0) === (m.better === 'lower') ? 'better' : 'worse';
  return { mean: e.mean, halfWidth: e.halfWidth, relative: baseMean !== 0 ? e.mean / baseMean : Number.NaN, significant, verdict };
}

/**
 * Simulates the baseline and every scenario with the same seed, so replication r of each sees
 * the same customers (arrival times, work times, branch draws: common random numbers), and
 * sets them side by side with the paired differences.
 */
export function compareScenarios(input: SimulationInput, scenarios: readonly Scenario[], options: RunOptions, confidence = 0.95): Comparison {
  const variants = [{ name: 'baseline', description: 'the SOP as it runs today', changes: [] as Scenario['changes'] }, ...scenarios];
  const total = variants.length * options.replications * options.cases;
  const results: SimulationResult[] = [];
  const compared: ComparedScenario[] = [];
  variants.forEach((s, i) => {
    const { process, params } = applyChanges(input.process, input.params, s.changes);
    const done = i * options.replications * options.cases;
    const result = simulate({ process, params, subProcesses: input.subProcesses }, { ...options, onProgress: options.onProgress ? (n) => options.onProgress!(done + n, total) : undefined }, confidence);
    results.push(result);
    compared.push({ name: s.name, description: s.description, changes: s.changes.map(describeChange), warnings: result.warnings, process: result.process });
  });
  const infos = new Map<string, MetricInfo>();
  for (const r of results) for (const m of r.metrics) if (!infos.has(m.key)) infos.set(m.key, m);
  const base = results[0]!;
  const rows: ComparisonRow[] = [...infos.values()].map((m) => {
    const { key, label, unit, group, better, subject } = m;
    return {
      key,
      label,
      unit,
      group,
      better,
      subject,
      values: results.map((r) => r.metrics.find((x) => x.key === m.key)?.estimate ?? null),
      deltas: results.map((r, i) => (i === 0 ? null : pairedDelta(base, r, m, confidence))),
    };
  });
  return { scenarios: compared, rows, replications: options.replications, cases: options.cases, confidence, results };
}
