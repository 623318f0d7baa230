/**
 * Mining benchmark (`npm run bench:mining`; not a test). Builds a log of ≈ 1,000,000 events by
 * repeating the receipt log (08_receipt.xes.gz) with fresh case ids, writes it as XES (every
 * original attribute kept, so the file is as heavy as the real thing) and as CSV into a temp
 * dir, then times each step in a fresh child process so the reported peak RSS is the step's own.
 *
 * Anchors (PM4Py on this machine): XES parse 20 s, DFG 1.8 s, variants 1.0 s, performance DFG
 * 1.5 s, token replay 4.5 s, 2.4–3.3 GB; CSV parse 4 s, DFG 1 s.
 * Goals: XES parse → performance DFG ≤ 5 s and ≤ 800 MB; CSV ≤ 1.5 s; token replay ≤ 1 s.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import {
  caseDurationStats,
  discoverDfg,
  discoverPerformanceDfg,
  eventsOf,
  readCsv,
  readPnml,
  readXes,
  replayTokens,
  variants,
  writeCsv,
  type LogEvent,
} from '../src/mining/index.ts';

const DATA = fileURLToPath(new URL('../../shared/data/eventlogs/', import.meta.url));
const SOURCE = join(DATA, '08_receipt.xes.gz');
const NET = join(DATA, 'expected', '08_receipt.im.pnml');
const TARGET_EVENTS = 1_000_000;

type Timings = Record<string, number>;

// Wall-clock and CPU time of each step: on a shared machine the wall clock also counts the time
// other processes had the cores, so both are reported.
async function time<T>(timings: Timings, name: string, fn: () => Promise<T> | T): Promise<T> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const out = await fn();
  timings[name] = performance.now() - t0;
  const c = process.cpuUsage(c0);
  timings[`${name} cpu`] = (c.user + c.system) / 1000;
  return out;
}

/** Child-process entry: runs one pipeline and prints its timings and peak RSS as JSON. */
async function measure(kind: string, file: string): Promise<void> {
  const t: Timings = {};
  if (kind === 'bytes') {
    let n = 0;
    // The floor: the same 4 MB reads into one reused buffer that the parsers do, no parsing.
    await time(t, 'read bytes', async () => {
      const fh = await open(file, 'r');
      const buf = Buffer.allocUnsafe(4 << 20);
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, null);
        if (bytesRead === 0) break;
        n += bytesRead;
      }
      await fh.close();
    });
    t.bytes = n;
  } else if (kind === 'xes' || kind === 'csv') {
    const log = await time(t, 'parse', () => (kind === 'xes' ? readXes(file) : readCsv(file)));
    await time(t, 'dfg', () => discoverDfg(log));
    await time(t, 'variants', () => variants(log));
    await time(t, 'case durations', () => caseDurationStats(log));
    await time(t, 'performance dfg', () => discoverPerformanceDfg(log));
    if (kind === 'xes') {
      const net = await readPnml(NET);
      const r = await time(t, 'token replay', () => replayTokens(log, net));
      t.fitness = r.logFitness;
    }
    t.events = log.activity.length;
    t.cases = log.caseIds.length;
  }
  t.peakRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify(t));
}

function runChild(kind: string, file: string): Timings {
  const script = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, [...process.execArgv, script, 'measure', kind, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`measure ${kind} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Timings;
}

/** Writes the receipt log's traces again and again, each copy with fresh case ids. */
async function writeBigXes(path: string, copies: number): Promise<void> {
  const text = gunzipSync(readFileSync(SOURCE)).toString('utf8');
  const first = text.indexOf('<trace>');
  const last = text.lastIndexOf('</trace>') + '</trace>'.length;
  const head = text.slice(0, first);
  const traces = text.slice(first, last).split(/(?<=<\/trace>)/);
  const out = createWriteStream(path);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(head);
  for (let copy = 0; copy < copies; copy++) {
    const batch: string[] = [];
    for (const trace of traces) {
      // The trace's own concept:name comes before its first event.
      const cut = trace.indexOf('<event>');
      batch.push(trace.slice(0, cut).replace(/(key="concept:name" value=")([^"]*)"/, `$1$2-${copy}"`) + trace.slice(cut));
    }
    await write(batch.join(''));
  }
  await write('\n</log>\n');
  out.end();
  await once(out, 'finish');
}

async function writeBigCsv(path: string, copies: number): Promise<void> {
  const log = await readXes(SOURCE);
  const events = [...eventsOf(log)];
  async function* repeated(): AsyncGenerator<LogEvent> {
    for (let copy = 0; copy < copies; copy++) for (const e of events) yield { ...e, caseId: `${e.caseId}-${copy}` };
  }
  const out = createWriteStream(path);
  await writeCsv(repeated(), out);
  out.end();
  await once(out, 'finish');
}

function row(name: string, ms: number | undefined, anchor: string, cpu?: number): string {
  const wall = ms === undefined ? '—'.padStart(9) : `${(ms / 1000).toFixed(2).padStart(7)} s`;
  const c = cpu === undefined ? ''.padStart(10) : `${(cpu / 1000).toFixed(2).padStart(7)} s  `;
  return `  ${name.padEnd(22)} ${wall}  ${c} ${anchor}`;
}

async function main(): Promise<void> {
  if (!existsSync(SOURCE)) {
    console.log(`bench:mining skipped: ${SOURCE} not found`);
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'servflow-bench-'));
  try {
    const base = await readXes(SOURCE);
    const copies = Math.ceil(TARGET_EVENTS / base.activity.length);
    const xes = join(dir, 'receipt-1m.xes');
    const csv = join(dir, 'receipt-1m.csv');
    console.log(`generating ${copies} copies of the receipt log (${(copies * base.activity.length).toLocaleString('en')} events) in ${dir} …`);
    await writeBigXes(xes, copies);
    await writeBigCsv(csv, copies);
    console.log(`  XES ${(statSync(xes).size / 1e6).toFixed(0)} MB, CSV ${(statSync(csv).size / 1e6).toFixed(0)} MB\n`);

    const floorX = runChild('bytes', xes);
    const x = runChild('xes', xes);
    const floorC = runChild('bytes', csv);
    const c = runChild('csv', csv);
    const steps = ['parse', 'dfg', 'variants', 'case durations', 'performance dfg'];
    const pipeline = (t: Timings, suffix = '') => steps.reduce((sum, k) => sum + t[k + suffix]!, 0);
    const line = (t: Timings, label: string, k: string, anchor: string) => row(label, t[k], anchor, t[`${k} cpu`]);
    const load = loadavg()[0]!.toFixed(1);
    console.log(`machine: ${cpus().length} cores, load average ${load} (wall time includes waiting for the cores; cpu time does not)\n`);
    console.log(`XES (${x.events!.toLocaleString('en')} events, ${x.cases!.toLocaleString('en')} cases)`);
    console.log(`  ${'step'.padEnd(22)} ${'wall'.padStart(9)}  ${'cpu'.padStart(9)}   PM4Py anchor / goal`);
    console.log(row('read bytes (floor)', floorX['read bytes'], '', floorX['read bytes cpu']));
    console.log(line(x, 'parse (streaming)', 'parse', '20 s'));
    console.log(line(x, 'DFG', 'dfg', '1.8 s'));
    console.log(line(x, 'variants', 'variants', '1.0 s'));
    console.log(line(x, 'case durations', 'case durations', ''));
    console.log(line(x, 'performance DFG', 'performance dfg', '1.5 s'));
    console.log(row('pipeline total', pipeline(x), 'goal ≤ 5 s', pipeline(x, ' cpu')));
    console.log(line(x, 'token replay (im net)', 'token replay', '4.5 s; goal ≤ 1 s'));
    console.log(`  ${'peak RSS'.padEnd(22)} ${x.peakRssMB!.toFixed(0).padStart(6)} MB             2.4–3.3 GB; goal ≤ 800 MB`);
    console.log(`\nCSV (${(statSync(csv).size / 1e6).toFixed(0)} MB)`);
    console.log(row('read bytes (floor)', floorC['read bytes'], '', floorC['read bytes cpu']));
    console.log(line(c, 'parse (streaming)', 'parse', '4 s'));
    console.log(line(c, 'DFG', 'dfg', '1 s'));
    console.log(row('parse + DFG', c['parse']! + c['dfg']!, 'goal ≤ 1.5 s', c['parse cpu']! + c['dfg cpu']!));
    console.log(row('pipeline total', pipeline(c), '', pipeline(c, ' cpu')));
    console.log(`  ${'peak RSS'.padEnd(22)} ${c.peakRssMB!.toFixed(0).padStart(6)} MB`);
    console.log(`\n${JSON.stringify({ xes: x, csv: c, floor: { xes: floorX, csv: floorC } })}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'measure') await measure(process.argv[3]!, process.argv[4]!);
else await main();
