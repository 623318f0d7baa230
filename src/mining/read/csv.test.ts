import { describe, expect, it } from 'vitest';
import { MiningError } from '../errors.ts';
import { traceOf } from '../objects/event-log.ts';
import { discoverPerformanceDfg } from '../algo/discovery/performance-dfg.ts';
import { parseCsv } from './csv.ts';

async function failure(input: string, options = {}): Promise<MiningError> {
  try {
    await parseCsv(input, options);
  } catch (err) {
    if (err instanceof MiningError) return err;
    throw err;
  }
  throw new Error('expected a MiningError');
}

describe('CSV reader', () => {
  it('maps columns by name, detects the delimiter and merges interleaved cases in file order', async () => {
    const csv = 'Ticket;Step;When;Who\r\nT1;open;2024-01-01 09:00:00+08:00;ann\r\nT2;open;2024-01-01 10:00:00+08:00;bob\r\nT1;close;2024-01-02 09:00:00+08:00;ann\r\n';
    const log = await parseCsv(csv, { columns: { case: 'Ticket', activity: 'Step', timestamp: 'When', resource: 'Who' } });
    expect(log.caseIds).toEqual(['T1', 'T2']);
    expect(traceOf(log, 0)).toEqual(['open', 'close']);
    expect(log.time[0]).toBe(Date.UTC(2024, 0, 1, 1));
    expect(log.offsetMin[0]).toBe(480);
    expect(log.resourceNames).toEqual(['ann', 'bob']);
    expect(log.startTime).toBeNull();
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks', async () => {
    const csv = 'case:concept:name,concept:name,time:timestamp\n"c,1","say ""hi""\nthen go",2024-01-01T00:00:00Z\n';
    const log = await parseCsv(csv);
    expect(log.caseIds).toEqual(['c,1']);
    expect(log.activityNames).toEqual(['say "hi"\nthen go']);
  });

  it('with a start column, the performance DFG measures from the end of one event to the start of the next', async () => {
    const csv = 'case:concept:name,concept:name,start_timestamp,time:timestamp\nc,a,2024-01-01T00:00:00Z,2024-01-01T02:00:00Z\nc,b,2024-01-01T01:00:00Z,2024-01-01T03:00:00Z\n';
    const log = await parseCsv(csv);
    expect(log.startTime).not.toBeNull();
    expect(discoverPerformanceDfg(log)[0]).toMatchObject({ from: 'a', to: 'b', mean: -3_600_000 });
  });

  it('names the missing column and lists the ones there are', async () => {
    const err = await failure('id,activity,time\n1,a,2024-01-01\n');
    expect(err.code).toBe('CSV_MISSING_COLUMN');
    expect(err.message).toMatch(/no column "case:concept:name" for the case id \(columns: "id", "activity", "time"\)/);
    const named = await failure('id,activity,time\n1,a,2024-01-01\n', { columns: { case: 'id', activity: 'activity', timestamp: 'time', resource: 'who' } });
    expect(named.location.field).toBe('who');
  });

  it('names the row and field of a bad timestamp', async () => {
    const err = await failure('case:concept:name,concept:name,time:timestamp\n1,a,2024-01-01\n1,b,02/01/2024\n');
    expect(err.code).toBe('BAD_TIMESTAMP');
    expect(err.location).toMatchObject({ row: 2, field: 'time:timestamp', line: 3 });
    expect(err.message).toMatch(/row 2, field "time:timestamp", line 3: bad timestamp "02\/01\/2024"/);
  });

  it('refuses rows of the wrong width, unclosed quotes, text after a quote and empty input', async () => {
    const header = 'case:concept:name,concept:name,time:timestamp\n';
    expect((await failure(header + '1,a\n')).message).toMatch(/row 1.*2 fields but the header has 3/);
    expect((await failure(header + '1,"a,2024-01-01\n')).message).toMatch(/not closed/);
    expect((await failure(header + '1,"a"x,2024-01-01\n')).message).toMatch(/after a closing quote/);
    expect((await failure(header + ',a,2024-01-01\n')).message).toMatch(/empty case id/);
    expect((await failure('')).message).toMatch(/empty/);
  });
});
