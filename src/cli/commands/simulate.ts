import { commandArgs } from '../args.ts';
import { ValidationError } from '../../model/index.ts';
import { CompileError } from '../../model/index.ts';
import { SimulationError } from '../../simulation/errors.ts';
import { caseProgress } from '../../simulation/progress.ts';
import { formatComparison } from '../../simulation/scenario/format.ts';
import { runStudy, type StudyResult } from '../../simulation/study.ts';
import type { ProgressStream } from '../progress.ts';

/**
 * `servflow simulate SOP --scenario FILE`: simulates an SOP as it runs today and the scenarios
 * of the file, and prints them side by side (with --suggest, also ranked redesigns).
 */
export interface SimulateIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: ProgressStream;
}

const USAGE = `Usage: servflow simulate SOP.yaml --scenario FILE [options]
  --scenario FILE     scenario file (YAML or JSON): baseline parameters or a log to
                      calibrate them from, and the what-if scenarios to compare
  --replications N    independent runs per scenario (default: the file's, else 10)
  --cases N           measured cases per run (default: the file's, else 2000)
  --seed S            random seed (same seed, same results)
  --suggest           also generate redesign suggestions and rank them
  --goal G            what the suggestions optimise: cycleTime (default), slaBreaches, cost
  --json              print JSON instead of tables
`;

/** Runs `servflow simulate`; returns the exit code (0 ok, 1 failed, 2 bad usage). */
export async function run(argv: string[], io: SimulateIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const args = commandArgs('simulate', argv, {
    scenario: { type: 'string' },
    replications: { type: 'string' },
    cases: { type: 'string' },
    seed: { type: 'string' },
    suggest: { type: 'boolean' },
    goal: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  }, USAGE, io.stderr);
  if (args === 2) return 2;
  const { values: o, positionals } = args;
  if (o.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const problems: string[] = [];
  if (positionals.length !== 1) problems.push('give exactly one SOP file');
  if (o.scenario === undefined) problems.push('--scenario FILE is required');
  const int = (name: string, v: string | undefined, min: number): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) problems.push(`--${name} must be a whole number ≥ ${min}`);
    return n;
  };
  const replications = int('replications', o.replications, 1);
  const cases = int('cases', o.cases, 1);
  const seed = int('seed', o.seed, Number.MIN_SAFE_INTEGER);
  if (o.goal !== undefined && !['cycleTime', 'slaBreaches', 'cost'].includes(o.goal)) problems.push('--goal must be cycleTime, slaBreaches or cost');
  if (problems.length > 0) {
    io.stderr.write(`servflow simulate: ${problems.join('; ')}\n\n${USAGE}`);
    return 2;
  }
  const bars = new Map<string, ReturnType<typeof caseProgress>>();
  try {
    const result = await runStudy({
      sopPath: positionals[0]!,
      scenarioPath: o.scenario!,
      replications,
      cases,
      seed,
      suggest: o.suggest,
      goal: o.goal as 'cycleTime' | 'slaBreaches' | 'cost' | undefined,
      onProgress: (stage, done, total) => {
        let bar = bars.get(stage);
        if (!bar) {
          for (const b of bars.values()) b.finish();
          bars.set(stage, (bar = caseProgress(`simulating ${stage}`, io.stderr)));
        }
        bar.update(done, total);
      },
    });
    for (const b of bars.values()) b.finish();
    io.stdout.write(o.json ? `${JSON.stringify(toJson(result), null, 2)}\n` : report(result));
    return 0;
  } catch (e) {
    for (const b of bars.values()) b.finish();
    if (e instanceof SimulationError || e instanceof ValidationError || e instanceof CompileError) {
      io.stderr.write(`servflow simulate: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

function report(r: StudyResult): string {
  const out: string[] = [`${r.process.definition.name.zh ?? r.process.definition.name.en ?? r.process.definition.key} (${r.process.definition.key} v${r.process.definition.version})`, ''];
  if (r.calibration) {
    const c = r.calibration;
    out.push(`Calibrated from ${c.report.cases} cases: ${c.report.arrivals.perHour.value.toFixed(2)} arrivals/h; ${c.report.steps.length} step durations fitted.`);
    for (const row of c.check.rows) out.push(`  cycle time ${row.metric}: log ${row.log.toFixed(1)} min, model ${row.simulated.mean.toFixed(1)} ± ${row.simulated.halfWidth.toFixed(1)} min (${(row.relativeError * 100).toFixed(1)} %)`);
    out.push('');
  }
  out.push(formatComparison(r.comparison));
  if (r.suggestions) {
    const s = r.suggestions;
    out.push('', `Redesign suggestions, best first for ${s.goal} (${s.goalMetric}):`);
    for (const x of s.ranked) {
      const d = x.goal;
      const change = d ? `${d.relative > 0 ? '+' : ''}${(d.relative * 100).toFixed(1)} %${d.significant ? '' : ' (not significant)'}` : 'n/a';
      out.push(`${String(x.rank).padStart(2)}. [${x.method}] ${x.title}: ${change}${x.recommended ? '  ← recommended' : ''}`);
      out.push(`    why: ${x.rationale}`);
      if (x.tradeOffs.length > 0) out.push(`    trade-offs: ${x.tradeOffs.join('; ')}`);
      if (x.caveats.length > 0) out.push(`    also consider: ${x.caveats.join('; ')}`);
    }
    for (const k of s.skipped) out.push(`    skipped ${k.id}: ${k.reason}`);
  }
  return `${out.join('\n')}\n`;
}

/** The JSON output: everything but per-case samples and logs. */
function toJson(r: StudyResult): unknown {
  const strip = (c: StudyResult['comparison']) => ({ ...c, results: c.results.map((x) => ({ ...x, replications: x.replications.map(({ cycleTimes: _c, log: _l, ...rest }) => rest) })) });
  return {
    process: { key: r.process.definition.key, version: r.process.definition.version },
    params: r.params,
    calibration: r.calibration,
    comparison: strip(r.comparison),
    suggestions: r.suggestions ? { ...r.suggestions, comparison: undefined } : undefined,
  };
}
