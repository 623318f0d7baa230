import { commandArgs } from '../args.ts';
import {
  alignLog,
  caseDurationStats,
  countsToRecord,
  discoverDfg,
  discoverPerformanceDfg,
  logSize,
  MiningError,
  readCsv,
  readPnml,
  readXes,
  replayTokens,
  variants,
  type CsvColumns,
  type EventLog,
} from '../../mining/index.ts';
import { progressBar, type ProgressStream } from '../progress.ts';

/**
 * `servflow mine LOG [--model PNML] [--json] [--csv-… COL]`: a quick look at an event log —
 * size, durations, variants, the busiest directly-follows arcs and, with a model, how well the
 * log fits it. `.csv`/`.csv.gz` files are CSV, anything else XES. A progress bar shows on a
 * terminal's stderr while a big log is read.
 */
export interface MineIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: ProgressStream;
}

const USAGE = `Usage: servflow mine LOG [options]
  LOG                    an XES (.xes, .xes.gz) or CSV (.csv, .csv.gz) event log
  --model PNML           also check conformance against this Petri net (token replay)
  --align                with --model, also compute optimal alignments (slower)
  --json                 print JSON instead of a summary
  --top N                how many variants and arcs to show (default 10)
  --pm4py-timestamps     ignore time-zone offsets, as PM4Py does when reading XES
  --csv-case COL --csv-activity COL --csv-timestamp COL
  --csv-start COL --csv-resource COL --csv-lifecycle COL --csv-delimiter CHAR
                         CSV column mapping (defaults: case:concept:name, concept:name,
                         time:timestamp, start_timestamp, org:resource, lifecycle:transition)
`;

/** Runs `servflow mine`; returns the exit code (0 ok, 1 failed, 2 bad usage). */
export async function run(argv: string[], io: MineIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const args = commandArgs('mine', argv, {
    model: { type: 'string' },
    align: { type: 'boolean' },
    json: { type: 'boolean' },
    top: { type: 'string' },
    'pm4py-timestamps': { type: 'boolean' },
    'csv-case': { type: 'string' },
    'csv-activity': { type: 'string' },
    'csv-timestamp': { type: 'string' },
    'csv-start': { type: 'string' },
    'csv-resource': { type: 'string' },
    'csv-lifecycle': { type: 'string' },
    'csv-delimiter': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  }, USAGE, io.stderr);
  if (args === 2) return 2;
  const { values: o, positionals } = args;
  if (o.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    io.stderr.write(`servflow mine: give exactly one log file\n\n${USAGE}`);
    return 2;
  }
  const top = o.top === undefined ? 10 : Number(o.top);
  if (!Number.isInteger(top) || top < 0) {
    io.stderr.write(`servflow mine: --top must be a whole number\n`);
    return 2;
  }
  const file = positionals[0]!;
  const bar = progressBar('reading', io.stderr);
  try {
    const offsets = o['pm4py-timestamps'] ? ('drop' as const) : ('keep' as const);
    const onProgress = (done: number, total: number | null) => bar.update(done, total);
    let log: EventLog;
    if (/\.csv(\.gz)?$/i.test(file)) {
      const columns: Partial<Record<keyof CsvColumns, string>> = {};
      if (o['csv-case']) columns.case = o['csv-case'];
      if (o['csv-activity']) columns.activity = o['csv-activity'];
      if (o['csv-timestamp']) columns.timestamp = o['csv-timestamp'];
      if (o['csv-start']) columns.startTimestamp = o['csv-start'];
      if (o['csv-resource']) columns.resource = o['csv-resource'];
      if (o['csv-lifecycle']) columns.lifecycle = o['csv-lifecycle'];
      log = await readCsv(file, { offsets, columns, onProgress, ...(o['csv-delimiter'] ? { delimiter: o['csv-delimiter'] } : {}) });
    } else {
      log = await readXes(file, { offsets, onProgress });
    }
    bar.finish();
    const report = analyse(log, top);
    let conformance: Conformance | undefined;
    if (o.model !== undefined) {
      const net = await readPnml(o.model);
      const tr = replayTokens(log, net);
      conformance = {
        model: o.model,
        tokenReplay: { logFitness: tr.logFitness, averageTraceFitness: tr.averageTraceFitness, percentageOfFittingTraces: tr.percentageOfFittingTraces, missing: tr.missing, remaining: tr.remaining, consumed: tr.consumed, produced: tr.produced },
      };
      if (o.align) {
        const al = alignLog(log, net);
        conformance = { ...conformance, alignments: { logFitness: al.logFitness, averageTraceFitness: al.averageTraceFitness, percentageOfFittingTraces: al.percentageOfFittingTraces } };
      }
    }
    io.stdout.write(o.json ? `${JSON.stringify({ file, ...report, ...(conformance ? { conformance } : {}) }, null, 2)}\n` : summary(file, report, conformance, top));
    return 0;
  } catch (e) {
    bar.finish();
    if (e instanceof MiningError) {
      io.stderr.write(`servflow mine: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

interface Conformance {
  readonly model: string;
  readonly tokenReplay: { logFitness: number; averageTraceFitness: number; percentageOfFittingTraces: number; missing: number; remaining: number; consumed: number; produced: number };
  readonly alignments?: { logFitness: number; averageTraceFitness: number; percentageOfFittingTraces: number };
}

function analyse(log: EventLog, top: number) {
  const dfg = discoverDfg(log);
  const vs = variants(log);
  const perf = new Map(discoverPerformanceDfg(log).map((a) => [`${a.from}\u0000${a.to}`, a]));
  return {
    size: logSize(log),
    caseDurationMs: caseDurationStats(log),
    activities: countsToRecord(dfg.activities),
    startActivities: countsToRecord(dfg.startActivities),
    endActivities: countsToRecord(dfg.endActivities),
    variantCount: vs.length,
    topVariants: vs.slice(0, top).map((v) => ({ count: v.count, activities: v.activities })),
    arcCount: dfg.arcs.length,
    topArcs: dfg.arcs.slice(0, top).map((a) => {
      const p = perf.get(`${a.from}\u0000${a.to}`);
      return { from: a.from, to: a.to, count: a.count, meanMs: p?.mean ?? null, medianMs: p?.median ?? null };
    }),
  };
}

const int = (n: number): string => n.toLocaleString('en');

/** Formats a duration in ms as the two largest units (`3d 4h`, `12m 5s`). */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const sign = ms < 0 ? '-' : '';
  let s = Math.round(Math.abs(ms) / 1000);
  const units: [string, number][] = [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1]];
  const parts: string[] = [];
  for (const [u, size] of units) {
    if (s >= size || (u === 's' && parts.length === 0)) {
      parts.push(`${Math.floor(s / size)}${u}`);
      s %= size;
    }
    if (parts.length === 2) break;
  }
  return sign + parts.join(' ');
}

function summary(file: string, r: ReturnType<typeof analyse>, c: Conformance | undefined, top: number): string {
  const lines: string[] = [];
  const { cases, events, activities } = r.size;
  lines.push(`${file}: ${int(cases)} cases, ${int(events)} events, ${int(activities)} activities`);
  const d = r.caseDurationMs;
  lines.push(`case duration: mean ${formatDuration(d.mean)}, median ${formatDuration(d.median)}, min ${formatDuration(d.min)}, max ${formatDuration(d.max)}`);
  const firsts = Object.entries(r.startActivities).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([a, n]) => `${a} (${int(n)})`);
  const lasts = Object.entries(r.endActivities).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([a, n]) => `${a} (${int(n)})`);
  lines.push(`starts with: ${firsts.join(', ')}`, `ends with:   ${lasts.join(', ')}`, '');
  lines.push(`top ${Math.min(top, r.variantCount)} of ${int(r.variantCount)} variants:`);
  for (const v of r.topVariants) {
    const path = v.activities.length > 8 ? [...v.activities.slice(0, 7), `… (${v.activities.length} steps)`] : v.activities;
    lines.push(`  ${int(v.count).padStart(8)}  ${((100 * v.count) / cases).toFixed(1).padStart(5)}%  ${path.join(' → ')}`);
  }
  lines.push('', `top ${Math.min(top, r.arcCount)} of ${int(r.arcCount)} directly-follows arcs (count, mean time between):`);
  for (const a of r.topArcs) lines.push(`  ${int(a.count).padStart(8)}  ${formatDuration(a.meanMs ?? Number.NaN).padStart(8)}  ${a.from} → ${a.to}`);
  if (c !== undefined) {
    const t = c.tokenReplay;
    lines.push('', `conformance with ${c.model}:`);
    lines.push(`  token replay: fitness ${t.logFitness.toFixed(4)}, ${t.percentageOfFittingTraces.toFixed(1)}% of cases fit (missing ${int(t.missing)}, remaining ${int(t.remaining)} of ${int(t.consumed)} consumed tokens)`);
    if (c.alignments) lines.push(`  alignments:   fitness ${c.alignments.logFitness.toFixed(4)}, ${c.alignments.percentageOfFittingTraces.toFixed(1)}% of cases fit`);
  }
  return `${lines.join('\n')}\n`;
}
