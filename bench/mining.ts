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
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
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

async function time<T>(timings: Timings, name: string, fn: () => Promise<T> | T): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  timings[name] = performance.now() - t0;
  return out;
}

/** Child-process entry: runs one pipeline and prints its timings and peak RSS as JSON. */
async function measure(kind: string, file: string): Promise<void> {
  const t: Timings = {};
  if (kind === 'bytes') {
    let n = 0;
    await time(t, 'read bytes', async () => {
      for await (const chunk of createReadStream(file, { highWaterMark: 4 << 20 })) n += (chunk as Buffer).length;
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

function row(name: string, ms: number | undefined, anchor: string): string {
  return `  ${name.padEnd(22)} ${ms === undefined ? '—'.padStart(9) : `${(ms / 1000).toFixed(2).padStart(7)} s`}   ${anchor}`;
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
    const pipeline = (t: Timings) => t['parse']! + t['dfg']! + t['variants']! + t['case durations']! + t['performance dfg']!;

    console.log(`XES (${x.events!.toLocaleString('en')} events, ${x.cases!.toLocaleString('en')} cases)      servflow   PM4Py anchor`);
    console.log(row('read bytes (floor)', floorX['read bytes'], ''));
    console.log(row('parse (streaming)', x['parse'], '20 s'));
    console.log(row('DFG', x['dfg'], '1.8 s'));
    console.log(row('variants', x['variants'], '1.0 s'));
    console.log(row('case durations', x['case durations'], ''));
    console.log(row('performance DFG', x['performance dfg'], '1.5 s'));
    console.log(row('pipeline total', pipeline(x), 'goal ≤ 5 s'));
    console.log(row('token replay (im net)', x['token replay'], '4.5 s, goal ≤ 1 s'));
    console.log(`  peak RSS               ${x.peakRssMB!.toFixed(0).padStart(7)} MB   2.4–3.3 GB, goal ≤ 800 MB`);
    console.log(`\nCSV`);
    console.log(row('read bytes (floor)', floorC['read bytes'], ''));
    console.log(row('parse (streaming)', c['parse'], '4 s'));
    console.log(row('DFG', c['dfg'], '1 s'));
    console.log(row('parse + DFG', c['parse']! + c['dfg']!, 'goal ≤ 1.5 s'));
    console.log(row('pipeline total', pipeline(c), ''));
    console.log(`  peak RSS               ${c.peakRssMB!.toFixed(0).padStart(7)} MB`);
    console.log(`\n${JSON.stringify({ xes: x, csv: c, floor: { xes: floorX, csv: floorC } })}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'measure') await measure(process.argv[3]!, process.argv[4]!);
else await main();
