import { resolveModel, type ResolvedModel } from './core/model.ts';
import { Replication } from './core/replication.ts';
import { replicationSeed } from './random/streams.ts';
import { replicationMetrics, type MetricInfo, type MetricValues } from './output/metrics.ts';
import { estimate, type Estimate } from './stats/estimate.ts';
import type { LogEvent } from '../engine/index.ts';
import type { CompiledProcess } from '../model/types.ts';
import type { RunOptions, SimulationParams } from './params.ts';

/** One replication's outcome. */
export interface ReplicationResult {
  readonly seed: number;
  readonly arrivals: number;
  readonly measured: number;
  readonly unfinished: number;
  /** The run stopped because work piled up without bound (load ≥ capacity). */
  readonly runaway: boolean;
  readonly window: { readonly start: number; readonly end: number };
  readonly values: MetricValues;
  /** Measured cycle times in minutes (with `keepSamples`). */
  readonly cycleTimes?: Float64Array;
  /** The engine's event log of every case (with `collectLog`). */
  readonly log?: readonly LogEvent[];
}

/** A metric summarised over the replications. */
export interface MetricSummary extends MetricInfo {
  readonly estimate: Estimate;
}

export interface SimulationResult {
  readonly process: { readonly key: string; readonly version: number };
  readonly options: Omit<RunOptions, 'onProgress'>;
  readonly metrics: readonly MetricSummary[];
  readonly replications: readonly ReplicationResult[];
  /** Problems worth telling the user (runaway queues, cases that never finished). */
  readonly warnings: readonly string[];
}

/** What to simulate: the SOP, the SOPs it calls, and the parameters. */
export interface SimulationInput {
  readonly process: CompiledProcess;
  readonly params: SimulationParams;
  readonly subProcesses?: readonly CompiledProcess[];
}

/** Runs replication `r` of an already resolved model (the building block of `simulate`). */
export function runReplication(
  model: ResolvedModel,
  options: RunOptions,
  r: number,
  onCase?: (ended: number) => void,
): { readonly result: ReplicationResult; readonly info: readonly MetricInfo[] } {
  const seed = replicationSeed(options.seed, r);
  const rep = new Replication(model, { seed, cases: options.cases, collectLog: options.collectLog === true, onCase }).run();
  const { values, info } = replicationMetrics(rep, options.cycleTimeThresholds ?? [], options.waitThresholds ?? [], model.tiers.map((t) => t.id));
  const c = rep.collector;
  const result: ReplicationResult = {
    seed,
    arrivals: rep.arrivals,
    measured: c.completed + c.failed + c.cancelled,
    unfinished: rep.unfinished,
    runaway: rep.runaway,
    window: { start: c.windowStart, end: c.windowEnd },
    values,
    cycleTimes: options.keepSamples ? Float64Array.from(c.cycle.values(), (x) => x / 60_000) : undefined,
    log: rep.log,
  };
  return { result, info };
}

/**
 * Simulates an SOP: `replications` independent runs of `cases` measured cases each, on the
 * real engine, and every metric with a 95 % confidence interval across the runs.
 */
export function simulate(input: SimulationInput, options: RunOptions, confidence = 0.95): SimulationResult {
  const model = resolveModel(input.process, input.params, input.subProcesses);
  const total = options.cases * options.replications;
  const reps: ReplicationResult[] = [];
  // Metric keys can differ between replications (a rare step not visited in one): take the union.
  const infos = new Map<string, MetricInfo>();
  for (let r = 0; r < options.replications; r++) {
    const done = r * options.cases;
    const { result, info } = runReplication(model, options, r, options.onProgress ? (n) => options.onProgress!(done + n, total) : undefined);
    reps.push(result);
    for (const m of info) if (!infos.has(m.key)) infos.set(m.key, m);
    options.onProgress?.(done + options.cases, total);
  }
  const metrics = [...infos.values()].map((m) => ({ ...m, estimate: estimate(reps.map((r) => r.values[m.key] ?? Number.NaN), confidence) }));
  const warnings: string[] = [];
  const runaway = reps.filter((r) => r.runaway).length;
  if (runaway > 0) warnings.push(`${runaway} of ${reps.length} replications stopped early: cases arrive faster than the staff can serve them (utilisation ≥ 100 %); add people or lower the arrivals`);
  const unfinished = reps.reduce((s, r) => s + r.unfinished, 0);
  if (unfinished > 0 && runaway === 0) warnings.push(`${unfinished} measured cases never finished (no more arrivals or events to move them)`);
  const { onProgress: _p, ...rest } = options;
  return { process: { key: input.process.definition.key, version: input.process.definition.version }, options: rest, metrics, replications: reps, warnings };
}
