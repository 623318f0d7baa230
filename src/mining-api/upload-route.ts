import { z } from 'zod';
import { ApiProblem } from '../api/problem.ts';
import { defineRoute, type RouteDef } from '../api/route.ts';
import { activityCounts, caseDurationStats, discoverPerformanceDfg, logSize, MiningError, parseCsv, parseXes, variants, type CsvColumns, type EventLog } from '../mining/index.ts';
import { completeEvents } from '../mining/sop-net/index.ts';
import { latestPublished, loadProcess } from '../store/index.ts';
import { miningScope, requireProcess } from './access.ts';
import { checkLog } from './conformance-route.ts';
import { uploadResultSchema } from './schemas.ts';

const column = z.string().min(1).max(200);

/** What mining an uploaded log costs at most. */
export interface UploadLimits {
  /** Largest log accepted, in bytes (the server's body limit applies too; the smaller wins). */
  readonly maxUploadBytes: number;
  readonly maxStates: number;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Reads the uploaded text, turning the reader's errors into 422s that point into the log. */
async function readLog(format: 'xes' | 'csv', text: string, q: Readonly<Partial<Record<`csv${string}`, string>>>): Promise<EventLog> {
  try {
    if (format === 'xes') return await parseXes(text);
    const columns: Partial<Record<keyof CsvColumns, string>> = {};
    if (q.csvCase) columns.case = q.csvCase;
    if (q.csvActivity) columns.activity = q.csvActivity;
    if (q.csvTimestamp) columns.timestamp = q.csvTimestamp;
    if (q.csvStart) columns.startTimestamp = q.csvStart;
    if (q.csvResource) columns.resource = q.csvResource;
    if (q.csvLifecycle) columns.lifecycle = q.csvLifecycle;
    return await parseCsv(text, { columns, ...(q.csvDelimiter ? { delimiter: q.csvDelimiter } : {}) });
  } catch (e) {
    if (!(e instanceof MiningError)) throw e;
    const at = e.location;
    const where = at.line !== undefined ? `body.log:${at.line}${at.column !== undefined ? `:${at.column}` : ''}` : at.row !== undefined ? `body.log:row ${at.row}` : 'body.log';
    throw new ApiProblem(422, e.code, `the ${format.toUpperCase()} log cannot be read: ${e.message}`, { issues: [{ path: where, message: e.message }] });
  }
}

/**
 * `POST /api/mining/logs`: mine an event log from another system (XES or CSV, sent as the
 * body's text or in JSON) without storing it — size, durations, variants, the busiest arcs,
 * and with `process` its conformance with one of the organisation's SOPs (activities must be
 * node ids; only `complete` events count).
 */
export function uploadRoute(limits: UploadLimits): RouteDef {
  return defineRoute({
    method: 'post',
    path: '/api/mining/logs',
    operationId: 'mineLog',
    tag: 'mining',
    summary: 'Mine an uploaded XES or CSV event log (not stored): statistics, variants, arcs, and optionally its conformance with an SOP',
    description: `Send the file as the body (Content-Type application/xml or text/xml for XES, text/csv for CSV) or as JSON {"format","log"}. At most ${limits.maxUploadBytes} bytes. CSV columns default to case:concept:name, concept:name, time:timestamp…; map others with csvCase, csvActivity… .`,
    access: 'signedIn',
    problems: [403, 413, 415],
    query: z.strictObject({
      process: z.string().min(1).max(100).optional().describe('Also check conformance with this SOP (activities = node ids)'),
      version: z.coerce.number().int().min(1).max(2 ** 31 - 1).optional(),
      method: z.enum(['alignments', 'tokens']).default('alignments'),
      top: z.coerce.number().int().min(1).max(200).default(20).describe('How many variants and arcs to list'),
      csvCase: column.optional(),
      csvActivity: column.optional(),
      csvTimestamp: column.optional(),
      csvStart: column.optional(),
      csvResource: column.optional(),
      csvLifecycle: column.optional(),
      csvDelimiter: z.string().length(1).optional(),
    }),
    body: z.strictObject({ format: z.enum(['xes', 'csv']), log: z.string().min(1) }),
    textBody: {
      mediaTypes: ['application/xml', 'text/xml', 'text/csv'],
      toBody: (text, type) => ({ format: type === 'text/csv' ? 'csv' : 'xes', log: text }),
    },
    responses: { 200: { description: 'What the log shows', schema: uploadResultSchema } },
    async handler({ query, body, principal, rc }) {
      const db = rc.deps.store.db;
      const scope = await miningScope(db, principal, undefined);
      const bytes = Buffer.byteLength(body.log);
      if (bytes > limits.maxUploadBytes) throw new ApiProblem(413, 'BODY_TOO_LARGE', `the log is ${bytes} bytes; the limit is ${limits.maxUploadBytes} (mine larger logs with the CLI: servflow mine FILE)`);
      const log = await readLog(body.format, body.log, query);
      const d = caseDurationStats(log);
      const perf = discoverPerformanceDfg(log);
      const result = {
        size: logSize(log),
        caseDurationMs: { count: d.count, mean: finite(d.mean), median: finite(d.median), min: finite(d.min), max: finite(d.max) },
        activities: activityCounts(log).map((a) => ({ name: a.name, count: a.count })),
        variants: variants(log).slice(0, query.top).map((v) => ({ activities: [...v.activities], count: v.count })),
        arcs: perf.sort((a, b) => b.count - a.count).slice(0, query.top).map((a) => ({ from: a.from, to: a.to, count: a.count, meanMs: finite(a.mean) })),
      };
      if (query.process === undefined) return { status: 200, body: result };
      await requireProcess(db, scope.orgId, query.process);
      const proc = query.version === undefined ? await latestPublished(db, rc.deps.store, scope.orgId, query.process) : await loadProcess(db, rc.deps.store, scope.orgId, query.process, query.version);
      const r = checkLog(completeEvents(log), proc, query.method, limits.maxStates);
      const deviating = r.perCase.filter((c) => c.fitness < 1).sort((a, b) => a.fitness - b.fitness).slice(0, query.top);
      return {
        status: 200,
        body: { ...result, conformance: { process: query.process, version: proc.definition.version, method: r.method, fitness: r.fitness, cases: r.cases, fittingCases: r.fittingCases, deviating } },
      };
    },
  });
}
