import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENTLOGS_DIR, HAVE_EVENTLOGS, SKIP_NOTE } from '../../mining/test-support/shared-logs.ts';
import { formatDuration, run } from './mine.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (t: string) => out.push(t) }, stderr: { isTTY: false, write: (t: string) => err.push(t) } }, out: () => out.join(''), err: () => err.join('') };
}

const dir = mkdtempSync(join(tmpdir(), 'servflow-mine-'));
const csv = join(dir, 'tickets.csv');
writeFileSync(csv, 'Ticket;Step;When\nT1;open;2024-01-01 09:00:00+08:00\nT1;close;2024-01-01 11:00:00+08:00\nT2;open;2024-01-02 09:00:00+08:00\nT2;close;2024-01-02 10:00:00+08:00\n');

describe('servflow mine', () => {
  it('summarises a CSV log with a column mapping', async () => {
    const c = capture();
    const code = await run([csv, '--csv-case', 'Ticket', '--csv-activity', 'Step', '--csv-timestamp', 'When'], c.io);
    expect(code).toBe(0);
    expect(c.out()).toContain('2 cases, 4 events, 2 activities');
    expect(c.out()).toContain('case duration: mean 1h 30m, median 1h 30m, min 1h, max 2h');
    expect(c.out()).toMatch(/2\s+100\.0%\s+open → close/);
  });

  it('prints JSON on request', async () => {
    const c = capture();
    expect(await run([csv, '--json', '--csv-case', 'Ticket', '--csv-activity', 'Step', '--csv-timestamp', 'When'], c.io)).toBe(0);
    const json = JSON.parse(c.out());
    expect(json.size).toEqual({ cases: 2, events: 4, activities: 2 });
    expect(json.topArcs[0]).toMatchObject({ from: 'open', to: 'close', count: 2, meanMs: 5_400_000 });
  });

  it('explains bad input and bad usage with an exit code, not a stack trace', async () => {
    const c = capture();
    expect(await run([csv], c.io)).toBe(1);
    expect(c.err()).toMatch(/no column "case:concept:name" for the case id/);
    const u = capture();
    expect(await run([], u.io)).toBe(2);
    expect(u.err()).toMatch(/give exactly one log file/);
    expect(await run([csv, '--nonsense'], capture().io)).toBe(2);
    const missing = capture();
    expect(await run([join(dir, 'nope.xes')], missing.io)).toBe(1);
    expect(missing.err()).toMatch(/cannot read/);
  });

  it('formats durations in two units', () => {
    expect([formatDuration(0), formatDuration(90_000), formatDuration(93_784_000), formatDuration(-3_600_000)]).toEqual(['0s', '1m 30s', '1d 2h', '-1h']);
  });

  it.skipIf(!HAVE_EVENTLOGS)(HAVE_EVENTLOGS ? 'checks conformance against a model' : `checks conformance (${SKIP_NOTE})`, async () => {
    const c = capture();
    const code = await run([`${EVENTLOGS_DIR}running-example.xes`, '--model', `${EVENTLOGS_DIR}running-example.pnml`, '--align'], c.io);
    expect(code).toBe(0);
    expect(c.out()).toContain('6 cases, 42 events, 8 activities');
    expect(c.out()).toContain('token replay: fitness 1.0000, 100.0% of cases fit');
    expect(c.out()).toContain('alignments:   fitness 1.0000');
  });
});
