import { z } from 'zod';
import { defineRoute, type RouteDef } from '../api/route.ts';
import { processMap, variants, type LogFilter } from '../kpi/index.ts';
import type { Principal } from '../api/auth/principal.ts';
import type { RequestContext } from '../api/http/request-context.ts';
import { miningScope, period, requireProcess } from './access.ts';
import { itemsOf, logQuery, processMapSchema, variantSchema } from './schemas.ts';

const statusQuery = z
  .enum(['all', 'completed', 'active', 'cancelled', 'failed'])
  .default('all')
  .describe('Only cases in this state (default: all)');

/** The log filter of a request: the caller's stores, the process (which must exist) and the query. */
export async function logFilter(
  rc: RequestContext,
  p: Principal,
  q: { process: string; version?: number | undefined; store?: string | undefined; from?: string | undefined; to?: string | undefined; status?: string | undefined },
): Promise<LogFilter> {
  const scope = await miningScope(rc.deps.store.db, p, q.store);
  await requireProcess(rc.deps.store.db, scope.orgId, q.process);
  const status = q.status === undefined || q.status === 'all' ? undefined : [q.status as 'completed'];
  return { orgId: scope.orgId, stores: scope.stores, store: scope.store, process: q.process, version: q.version, status, ...period(q.from, q.to) };
}

const variantId = z.string().regex(/^[0-9a-f]{16}$/, 'a variant id from /api/mining/variants');

/** The process map and the variants of servflow's own log. */
export const mapRoutes: RouteDef[] = [
  defineRoute({
    method: 'get',
    path: '/api/mining/process-map',
    operationId: 'processMap',
    tag: 'mining',
    summary: "The process map (directly-follows graph) of a process's cases, with counts, times and the cases behind each arc",
    description: 'Step completions in order of time; arcs from null are case starts, arcs to null case ends. Filter by version, store, period of start, case state and variant.',
    access: 'signedIn',
    problems: [403],
    query: z.strictObject({
      ...logQuery,
      status: statusQuery,
      variant: variantId.optional().describe('Only cases of this variant (ids from /api/mining/variants)'),
      caseIdsPerArc: z.coerce.number().int().min(0).max(1000).default(100).describe('How many case ids to list per arc'),
    }),
    responses: { 200: { description: 'The map', schema: processMapSchema } },
    async handler({ query, principal, rc }) {
      const f = await logFilter(rc, principal, query);
      const map = await processMap(rc.deps.store.db, { ...f, variant: query.variant }, { caseIdsPerArc: query.caseIdsPerArc });
      return { status: 200, body: { process: query.process, ...map } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/mining/variants',
    operationId: 'processVariants',
    tag: 'mining',
    summary: "The variants (distinct sequences of completed steps) of a process's cases, most frequent first",
    access: 'signedIn',
    problems: [403],
    query: z.strictObject({ ...logQuery, status: statusQuery, limit: z.coerce.number().int().min(1).max(1000).default(100) }),
    responses: { 200: { description: 'Variants', schema: itemsOf(variantSchema) } },
    async handler({ query, principal, rc }) {
      const f = await logFilter(rc, principal, query);
      return { status: 200, body: { items: await variants(rc.deps.store.db, f, { limit: query.limit }) } };
    },
  }),
];
