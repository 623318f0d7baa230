import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  caseDurationStats,
  discoverDfg,
  discoverPerformanceDfg,
  eventsOf,
  parseCsv,
  readPnml,
  readXes,
  replayTokens,
  variants,
  writeCsv,
  type EventLog,
} from './index.ts';
import { EVENTLOGS_DIR, HAVE_EVENTLOGS, SKIP_NOTE } from './test-support/shared-logs.ts';

// The CSV form of a log must give the same results as its XES form. Each log is converted to
// CSV with servflow's writer (in memory), read back, and every result compared.

async function toCsv(log: EventLog): Promise<Buffer> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (c: Buffer) => parts.push(c));
  await writeCsv(eventsOf(log), out);
  out.end();
  return Buffer.concat(parts);
}

function results(log: EventLog) {
  return {
    dfg: discoverDfg(log),
    variants: variants(log).map((v) => [v.activities, v.count]),
    durations: caseDurationStats(log),
    performance: discoverPerformanceDfg(log),
  };
}

describe.skipIf(!HAVE_EVENTLOGS)(HAVE_EVENTLOGS ? 'CSV and XES forms of a log agree' : `CSV and XES agree (${SKIP_NOTE})`, () => {
  // Receipt: mixed +01:00/+02:00 offsets; teleclaims: start/complete lifecycle events.
  for (const file of ['08_receipt.xes.gz', '02_teleclaims.xes.gz']) {
    it(`${file}: counts, DFG, variants, durations, performance DFG and token replay`, async () => {
      const fromXes = await readXes(`${EVENTLOGS_DIR}${file}`);
      const csv = await toCsv(fromXes);
      const fromCsv = await parseCsv(csv);
      expect(fromCsv.caseIds).toEqual(fromXes.caseIds);
      expect(fromCsv.activity.length).toBe(fromXes.activity.length);
      expect(results(fromCsv)).toEqual(results(fromXes));
      const base = file.replace(/\.xes\.gz$/, '');
      const net = await readPnml(`${EVENTLOGS_DIR}expected/${base}.imf20.pnml`);
      const a = replayTokens(fromCsv, net);
      const b = replayTokens(fromXes, net);
      expect([a.logFitness, a.missing, a.remaining, a.consumed, a.produced]).toEqual([b.logFitness, b.missing, b.remaining, b.consumed, b.produced]);
    });
  }

  it('the PM4Py-compatible reading (offsets dropped) is the same from CSV and XES too', async () => {
    const xes = await readXes(`${EVENTLOGS_DIR}08_receipt.xes.gz`, { offsets: 'drop' });
    const csv = await parseCsv(await toCsv(await readXes(`${EVENTLOGS_DIR}08_receipt.xes.gz`)), { offsets: 'drop' });
    expect(caseDurationStats(csv)).toEqual(caseDurationStats(xes));
  });
});
