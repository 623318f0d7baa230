import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../objects/log-event.ts';
import { eventsOf } from '../objects/events-of.ts';
import { parseCsv } from '../read/csv.ts';
import { parseXes } from '../read/xes.ts';
import { writeCsv } from './csv.ts';
import { writeXes } from './xes.ts';

async function written(write: (out: PassThrough) => Promise<void>): Promise<string> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (c: Buffer) => parts.push(c));
  await write(out);
  out.end();
  return Buffer.concat(parts).toString('utf8');
}

// An async source, as servflow's run history will be exported.
async function* history(): AsyncGenerator<LogEvent> {
  yield { caseId: 'A&B "1"', activity: 'Check <urgent>', time: Date.UTC(2024, 2, 31, 0, 30), offsetMinutes: 60, resource: 'Zoë', lifecycle: 'complete' };
  yield { caseId: 'A&B "1"', activity: 'Reply, then\nclose', time: Date.UTC(2024, 2, 31, 1, 30), offsetMinutes: 120 };
  yield { caseId: 'c2', activity: 'Check <urgent>', time: Date.UTC(2024, 3, 1), offsetMinutes: null };
}

describe('writers', () => {
  it('write XES from an async iterable that reads back the same, offsets included', async () => {
    const xes = await written((out) => writeXes(history(), out));
    expect(xes).toContain('value="A&amp;B &quot;1&quot;"');
    expect(xes).toContain('value="2024-03-31T01:30:00.000+01:00"');
    expect(xes).toContain('value="2024-03-31T03:30:00.000+02:00"');
    const log = await parseXes(xes);
    const back = [...eventsOf(log)];
    const original: LogEvent[] = [];
    for await (const e of history()) original.push(e);
    expect(back.map((e) => [e.caseId, e.activity, e.time, e.offsetMinutes ?? null, e.resource ?? null])).toEqual(
      original.map((e) => [e.caseId, e.activity, e.time, e.offsetMinutes ?? null, e.resource ?? null]),
    );
  });

  it('write CSV that quotes what needs quoting and reads back the same', async () => {
    const csv = await written((out) => writeCsv(history(), out));
    expect(csv.split('\n')[0]).toBe('case:concept:name,concept:name,time:timestamp,org:resource,lifecycle:transition');
    expect(csv).toContain('"A&B ""1""",Check <urgent>,2024-03-31T01:30:00.000+01:00,Zoë,complete');
    const log = await parseCsv(csv);
    expect(log.activityNames).toEqual(['Check <urgent>', 'Reply, then\nclose']);
    expect(log.time[1]! - log.time[0]!).toBe(3_600_000);
  });
});
