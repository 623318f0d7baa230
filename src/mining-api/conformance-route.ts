import { z } from 'zod';
import { ApiProblem } from '../api/problem.ts';
import { defineRoute, type RouteDef } from '../api/route.ts';
import { eventLogOf, servflowLog } from '../kpi/index.ts';
import { periodSql, scopeSql, SqlParams } from '../kpi/filter.ts';
import { MiningError } from '../mining/errors.ts';
import { sopConformance, sopNet, type CaseConformance, type SopConformance } from '../mining/sop-net/index.ts';
import { latestPublished, loadProcess } from '../store/index.ts';
import type { EventLog } from '../mining/objects/event-log.ts';
import type { CompiledProcess } from '../model/types.ts';
import { logFilter } from './map-routes.ts';
import { conformanceSchema, logQuery } from './schemas.ts';

/** Options of the conformance checks (bounded work per request). */
export interface ConformanceLimits {
  /** Cases checked per request at most (the newest of the selection); default 20,000. */
  readonly maxCases: number;
  /** States one alignment may expand before giving up; default 200,000. */
  readonly maxStates: number;
}

/** Runs the check, turning an alignment that gives up into a 422 that says what to do. */
export function checkLog(log: EventLog, proc: CompiledProcess, method: 'alignments' | 'tokens', maxStates: number): SopConformance {
  try {
    return sopConformance(log, sopNet(proc), { method, maxStates });
  } catch (e) {
    if (e instanceof MiningError && e.code === 'BAD_ARGUMENT')
      throw new ApiProblem(422, 'ALIGNMENT_TOO_COSTLY', `${e.message}; use method=tokens (token replay) for this log`);
    throw e;
  }
}

/** Per step, in how many cases it was skipped and extra; most deviating first. */
export function stepSummary(cases: readonly CaseConformance[]): { node: string; skipped: number; extra: number }[] {
  const by = new Map<string, { node: string; skipped: number; extra: number }>();
  const row = (node: string) => by.get(node) ?? (by.set(node, { node, skipped: 0, extra: 0 }), by.get(node)!);
  for (const c of cases) {
    for (const n of new Set(c.skipped)) row(n).skipped++;
    for (const n of new Set(c.extra)) row(n).extra++;
  }
  return [...by.values()].sort((a, b) => b.skipped + b.extra - (a.skipped + a.extra) || a.node.localeCompare(b.node));
}

/** `GET /api/mining/conformance`: how the completed cases of a process version follow its SOP. */
export function conformanceRoute(limits: ConformanceLimits): RouteDef {
  return defineRoute({
    method: 'get',
    path: '/api/mining/conformance',
    operationId: 'processConformance',
    tag: 'mining',
    summary: 'Conformance of the completed cases of a process version with its SOP: fitness, and per case the skipped and extra steps',
    description:
      'The SOP is turned into a Petri net and the cases\' step completions are aligned with it (method=alignments, exact) or replayed (method=tokens, faster, a hint). Default version: the newest published.',
    access: 'signedIn',
    problems: [403],
    query: z.strictObject({
      ...logQuery,
      method: z.enum(['alignments', 'tokens']).default('alignments'),
      limit: z.coerce.number().int().min(0).max(1000).default(50).describe('How many deviating cases to list'),
    }),
    responses: { 200: { description: 'The check', schema: conformanceSchema } },
    async handler({ query, principal, rc }) {
      const store = rc.deps.store;
      const db = store.db;
      const f = await logFilter(rc, principal, { ...query, status: 'completed' });
      const proc = query.version === undefined ? await latestPublished(db, store, f.orgId, query.process) : await loadProcess(db, store, f.orgId, query.process, query.version);
      const version = proc.definition.version;
      // The newest `maxCases` cases: find the start of the oldest one to keep and read from there.
      const q = new SqlParams();
      const where = `${scopeSql(f, q, 'c')} AND ${periodSql(f, q, 'c.started_at')} AND c.process_version = ${q.add(version)} AND c.status = 'completed'`;
      const cut = await db.query<{ started_at: Date }>(`SELECT c.started_at FROM cases c WHERE ${where} ORDER BY c.started_at DESC OFFSET ${q.add(limits.maxCases - 1)} LIMIT 2`, q.values);
      const truncated = cut.rows.length === 2;
      const from = truncated ? cut.rows[0]!.started_at.getTime() : f.from;
      const log = await eventLogOf(servflowLog(db, { ...f, version, from, lifecycles: ['complete'], batch: 2000 }));
      const r = checkLog(log, proc, query.method, limits.maxStates);
      const deviating = r.perCase.filter((c) => c.fitness < 1).sort((a, b) => a.fitness - b.fitness || a.caseId.localeCompare(b.caseId));
      return {
        status: 200,
        body: {
          process: query.process,
          version,
          method: r.method,
          fitness: r.fitness,
          cases: r.cases,
          fittingCases: r.fittingCases,
          truncated,
          steps: stepSummary(r.perCase),
          deviating: deviating.slice(0, query.limit),
        },
      };
    },
  });
}
