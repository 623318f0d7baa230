import { Buffer } from 'node:buffer';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MiningError } from '../errors.ts';
import { traceOf } from '../objects/event-log.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseXes, readXes } from './xes.ts';

const SAMPLE = `<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment with <tags> inside -->
<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <global scope="event"><string key="concept:name" value="DEFAULT"/></global>
  <string key="concept:name" value="log name"/>
  <trace>
    <string key="concept:name" value="c1"/>
    <event>
      <string key="concept:name" value="Register &amp; check"/>
      <date key="time:timestamp" value="2020-03-28T10:00:00.000+01:00"/>
      <string key="org:resource" value="Ann"/>
      <string key="lifecycle:transition" value="complete"/>
      <string key="note" value="nested parent"><string key="concept:name" value="NOT AN ACTIVITY"/></string>
    </event>
    <event>
      <date key="time:timestamp" value="2020-03-29T10:00:00.000+02:00"/>
      <string key='concept:name' value='Decide'/>
    </event>
  </trace>
  <trace>
    <event><string key="concept:name" value="Decide"/><date key="time:timestamp" value="2020-04-01T00:00:00Z"/></event>
    <string key="concept:name" value="c2"/>
  </trace>
  <trace><string key="concept:name" value="c1"/><event><string key="concept:name" value="Close"/><date key="time:timestamp" value="2020-04-02T00:00:00Z"/></event></trace>
</log>
`;

async function failure(input: string): Promise<MiningError> {
  try {
    await parseXes(input);
  } catch (err) {
    if (err instanceof MiningError) return err;
    throw err;
  }
  throw new Error('expected a MiningError');
}

describe('XES reader', () => {
  it('reads cases, activities, instants, offsets, resources and lifecycle', async () => {
    const log = await parseXes(SAMPLE);
    expect(log.caseIds).toEqual(['c1', 'c2']);
    // The second trace named c1 joins the first (PM4Py groups by case id too).
    expect(traceOf(log, 0)).toEqual(['Register & check', 'Decide', 'Close']);
    expect(traceOf(log, 1)).toEqual(['Decide']);
    expect(log.time[0]).toBe(Date.UTC(2020, 2, 28, 9));
    expect(log.time[1]).toBe(Date.UTC(2020, 2, 29, 8)); // across the DST change: 23 h later
    expect(Array.from(log.offsetMin.subarray(0, 2))).toEqual([60, 120]);
    expect(log.resourceNames[log.resource[0]!]).toBe('Ann');
    expect(log.resource[1]).toBe(-1);
    expect(log.lifecycleNames[log.lifecycle[0]!]).toBe('complete');
  });

  it('can read wall-clock times as PM4Py does (offsets dropped)', async () => {
    const log = await parseXes(SAMPLE, { offsets: 'drop' });
    expect(log.time[1]! - log.time[0]!).toBe(24 * 3_600_000);
  });

  it('reads gzip bytes and any split of the input into chunks alike', async () => {
    const whole = await parseXes(SAMPLE);
    expect(await parseXes(gzipSync(Buffer.from(SAMPLE)))).toEqual(whole);
    const bytes = Buffer.from(SAMPLE);
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), async (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        const chunks = points.slice(1).map((end, i) => bytes.subarray(points[i], end));
        expect(await parseXes((async function* () { yield* chunks; })())).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });

  it('names the line and column of a tag closed out of order', async () => {
    const err = await failure('<log>\n  <trace>\n    <event>\n    </trace>\n</log>');
    expect(err.code).toBe('XES_MALFORMED');
    expect(err.location).toMatchObject({ line: 4, column: 5 });
    expect(err.message).toMatch(/expected <\/event> but found <\/trace>/);
  });

  it('names the place of a bad timestamp', async () => {
    const err = await failure('<log><trace>\n<event><date key="time:timestamp" value="31/12/2020"/></event></trace></log>');
    expect(err.code).toBe('BAD_TIMESTAMP');
    expect(err.location).toMatchObject({ line: 2, column: 42 });
    expect(err.message).toMatch(/31\/12\/2020/);
  });

  it('refuses what is not XES, truncated input, bad attributes and unknown entities', async () => {
    expect((await failure('<html><body/></html>')).message).toMatch(/not an XES log/);
    expect((await failure('<log><trace><event>')).message).toMatch(/ends before <event> is closed/);
    expect((await failure('<log><trace><event><string key="a" value="b')).message).toMatch(/ends inside a tag/);
    expect((await failure('<log><string key=a value="b"/></log>')).message).toMatch(/must be quoted/);
    expect((await failure('<log><trace><string key="concept:name" value="&bogus;"/></trace></log>')).message).toMatch(/unknown entity/);
    expect((await failure('')).message).toMatch(/no <log> element/);
    expect((await failure('<log></log><log></log>')).message).toMatch(/content after the end/);
  });

  it('names file, line and column for a gzip file too', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'servflow-xes-')), 'bad.xes.gz');
    writeFileSync(file, gzipSync(Buffer.from('<log>\n<trace>\n  <event>\n  <date key="time:timestamp" value="soon"/>\n')));
    const err = await readXes(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MiningError);
    expect((err as MiningError).location).toMatchObject({ file, line: 4, column: 37 });
    expect((err as MiningError).message).toMatch(/bad\.xes\.gz, line 4, column 37: bad timestamp "soon"/);
  });

  it('keeps events without a timestamp (NaN) and names traces without a name by position', async () => {
    const log = await parseXes('<log><trace><event><string key="concept:name" value="a"/></event></trace></log>');
    expect(log.caseIds).toEqual(['#1']);
    expect(Number.isNaN(log.time[0]!)).toBe(true);
  });
});
