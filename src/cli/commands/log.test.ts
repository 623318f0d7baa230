import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, parseXes } from '../../mining/index.ts';
import { openPglite } from '../../store/index.ts';
import { seedPgliteDir } from '../../store/testing/backends.ts';
import { playServiceDay } from '../../kpi/testing/service-day.ts';
import { run } from './log.ts';

const dir = mkdtempSync(join(tmpdir(), 'servflow-log-'));
const env = { SERVFLOW_DATA: join(dir, 'data') };
let ids: { a: string; b: string; c: string };

function capture() {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (c: Buffer) => parts.push(c));
  const err: string[] = [];
  return { io: { stdout: out, stderr: { write: (t: string) => err.push(t) }, env }, out: () => Buffer.concat(parts).toString('utf8'), err: () => err.join('') };
}

beforeAll(async () => {
  // The database a server would have left in SERVFLOW_DATA: a morning of work, then closed.
  mkdirSync(env.SERVFLOW_DATA);
  await seedPgliteDir(env.SERVFLOW_DATA);
  const day = await playServiceDay(await openPglite({ dataDir: env.SERVFLOW_DATA }));
  ids = { a: day.a, b: day.b, c: day.c };
  await day.runner.close();
}, 300_000);

describe('servflow log export', () => {
  it('writes XES to standard output from the embedded database', async () => {
    const c = capture();
    expect(await run(['export', '--format', 'xes'], c.io)).toBe(0);
    const log = await parseXes(c.out());
    expect(log.caseIds).toEqual([ids.a, ids.b, ids.c]);
    expect(c.out()).toContain('<string key="concept:name" value="intake"/>');
    // a: 3 steps × start/complete + its end; b: 4 steps (fix twice) + end; c: intake
    expect(c.err()).toMatch(/^servflow log: 18 events written\n$/);
  });

  it('writes gzipped CSV to a file, filtered by process and status', async () => {
    const file = join(dir, 'repair.csv.gz');
    const c = capture();
    expect(await run(['export', '--out', file, '--process', 'kpi-repair', '--status', 'completed'], c.io)).toBe(0);
    const log = await parseCsv(gunzipSync(readFileSync(file)));
    expect(log.caseIds).toEqual([ids.a, ids.b]);
    expect(c.err()).toContain(`written to ${file}`);
  });

  it('refuses bad usage with exit code 2 and says what to do', async () => {
    for (const [argv, msg] of [
      [['export'], /give --format xes or --format csv/],
      [['import', '--format', 'xes'], /the only subcommand is "export"/],
      [['export', '--format', 'xes', '--from', 'yesterday'], /--from "yesterday" is not an ISO date-time/],
      [['export', '--format', 'xes', '--status', 'done'], /unknown status "done"/],
      [['export', '--format', 'xes', '--version', '2'], /--version needs --process/],
    ] as const) {
      const c = capture();
      expect(await run([...argv], c.io)).toBe(2);
      expect(c.err()).toMatch(msg);
    }
  });
});
