import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { commandArgs } from '../args.ts';
import { createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import { exportLog, type LogFilter, type LogFormat } from '../../kpi/index.ts';
import { openDatabase, type Db } from '../../store/index.ts';
import type { CaseStatus } from '../../engine/types.ts';

/**
 * `servflow log export --format xes|csv [--process KEY] [--out FILE]`: servflow's own event log
 * (step start/complete events, activity = node id) for process-mining tools, read from the
 * database the server uses (DATABASE_URL, else PGlite in SERVFLOW_DATA or ./data — stop the
 * server first then, PGlite serves one process). `.gz` output files are gzipped.
 */
export interface LogIo {
  readonly stdout: Writable;
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
}

const USAGE = `Usage: servflow log export --format xes|csv [options]
  --format xes|csv     the file format (XES 1849-2016, or CSV with the columns servflow mine reads)
  --out FILE           write here (FILE.gz: gzipped); default: standard output
  --org ID             the organisation (needed when the database holds several)
  --process KEY        only cases of this process (--version N: of this version)
  --store ID           only cases of this store
  --from ISO --to ISO  only cases started in this period
  --status S[,S…]      only cases in these states: active, completed, cancelled, failed
Reads DATABASE_URL, or the embedded database in SERVFLOW_DATA (default ./data).
`;

const STATUSES: readonly CaseStatus[] = ['active', 'completed', 'cancelled', 'failed'];

/** Runs `servflow log`; returns the exit code (0 ok, 1 failed, 2 bad usage). */
export async function run(argv: string[], io: LogIo = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  const usage = (msg: string): number => {
    io.stderr.write(`servflow log: ${msg}\n\n${USAGE}`);
    return 2;
  };
  const args = commandArgs('log', argv, {
    format: { type: 'string' },
    out: { type: 'string' },
    org: { type: 'string' },
    process: { type: 'string' },
    version: { type: 'string' },
    store: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    status: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  }, USAGE, io.stderr);
  if (args === 2) return 2;
  const { values: o, positionals } = args;
  if (o.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] !== 'export') return usage('the only subcommand is "export"');
  const format = (o.format ?? (o.out !== undefined ? /\.csv(\.gz)?$/i.test(o.out) ? 'csv' : /\.xes(\.gz)?$/i.test(o.out) ? 'xes' : undefined : undefined)) as LogFormat | undefined;
  if (format !== 'xes' && format !== 'csv') return usage('give --format xes or --format csv');
  const from = o.from === undefined ? undefined : Date.parse(o.from);
  const to = o.to === undefined ? undefined : Date.parse(o.to);
  if (from !== undefined && Number.isNaN(from)) return usage(`--from "${o.from}" is not an ISO date-time`);
  if (to !== undefined && Number.isNaN(to)) return usage(`--to "${o.to}" is not an ISO date-time`);
  const version = o.version === undefined ? undefined : Number(o.version);
  if (version !== undefined && (!Number.isInteger(version) || version < 1)) return usage('--version must be a positive whole number');
  if (version !== undefined && o.process === undefined) return usage('--version needs --process');
  const status = o.status?.split(',').map((s) => s.trim()) as CaseStatus[] | undefined;
  const bad = status?.find((s) => !STATUSES.includes(s));
  if (bad !== undefined) return usage(`unknown status "${bad}" (${STATUSES.join(', ')})`);

  let db: Db;
  try {
    db = await openDatabase(io.env);
  } catch (e) {
    io.stderr.write(`servflow log: cannot open the database: ${(e as Error).message}\n`);
    return 1;
  }
  try {
    const orgId = o.org ?? (await onlyOrg(db));
    if (orgId === undefined) {
      const orgs = (await db.query<{ id: string }>('SELECT id FROM orgs ORDER BY id LIMIT 20')).rows.map((r) => r.id);
      io.stderr.write(orgs.length === 0 ? 'servflow log: the database holds no organisation yet\n' : `servflow log: the database holds several organisations; pick one with --org (${orgs.join(', ')})\n`);
      return orgs.length === 0 ? 1 : 2;
    }
    const filter: LogFilter = { orgId, process: o.process, version, store: o.store, from, to, status };
    const events = await writeTo(o.out, io.stdout, (out) => exportLog(db, filter, format, out));
    io.stderr.write(`servflow log: ${events} events written${o.out !== undefined ? ` to ${o.out}` : ''}\n`);
    return 0;
  } catch (e) {
    io.stderr.write(`servflow log: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await db.close();
  }
}

/** The one organisation of the database, if there is exactly one. */
async function onlyOrg(db: Db): Promise<string | undefined> {
  const r = await db.query<{ id: string }>('SELECT id FROM orgs ORDER BY id LIMIT 2');
  return r.rows.length === 1 ? r.rows[0]!.id : undefined;
}

/** Runs `write` into the file (gzipped for `.gz`) or standard output, and waits until it is all out. */
async function writeTo<T>(file: string | undefined, stdout: Writable, write: (out: Writable) => Promise<T>): Promise<T> {
  if (file === undefined) return write(stdout);
  const sink = createWriteStream(file);
  const out = file.endsWith('.gz') ? createGzip() : sink;
  if (out !== sink) out.pipe(sink);
  const result = await write(out);
  out.end();
  await finished(sink);
  return result;
}
