import { z } from 'zod';
import { defineRoute, type RouteDef } from '../api/route.ts';
import { csatByStaff, cycleTime, firstTimeRight, reworkBySteps, slaCompliance, stepTimes, throughput, type KpiFilter } from '../kpi/index.ts';
import type { Principal } from '../api/auth/principal.ts';
import type { RequestContext } from '../api/http/request-context.ts';
import { miningScope, period } from './access.ts';
import { csatRow, cycleRow, filterQuery, ftrRow, itemsOf, reworkRow, slaRow, stepTimesRow, throughputRow } from './schemas.ts';

/** The KPI filter of a request: the caller's scope, the query's process, store and period. */
async function kpiFilter(rc: RequestContext, p: Principal, q: { process?: string | undefined; store?: string | undefined; from?: string | undefined; to?: string | undefined }): Promise<KpiFilter> {
  const scope = await miningScope(rc.deps.store.db, p, q.store);
  return { orgId: scope.orgId, stores: scope.stores, store: scope.store, process: q.process, ...period(q.from, q.to) };
}

const kpi = { tag: 'mining', access: 'signedIn', problems: [403] } as const;

/** `GET /api/mining/kpis/…`: one route per KPI, each computed in SQL over the caller's stores. */
export const kpiRoutes: RouteDef[] = [
  defineRoute({
    ...kpi,
    method: 'get',
    path: '/api/mining/kpis/sla',
    operationId: 'kpiSlaCompliance',
    summary: 'SLA compliance of human steps per step, role, staff member or store (tasks completed in the period)',
    query: z.strictObject({ ...filterQuery, by: z.enum(['step', 'role', 'staff', 'store']).default('step') }),
    responses: { 200: { description: 'One row per group', schema: itemsOf(slaRow) } },
    async handler({ query, principal, rc }) {
      return { status: 200, body: { items: await slaCompliance(rc.deps.store.db, await kpiFilter(rc, principal, query), query.by) } };
    },
  }),
  defineRoute({
    ...kpi,
    method: 'get',
    path: '/api/mining/kpis/cycle-time',
    operationId: 'kpiCycleTime',
    summary: 'Cycle time of completed cases per process (cases ended in the period)',
    query: z.strictObject(filterQuery),
    responses: { 200: { description: 'One row per process', schema: itemsOf(cycleRow) } },
    async handler({ query, principal, rc }) {
      return { status: 200, body: { items: await cycleTime(rc.deps.store.db, await kpiFilter(rc, principal, query)) } };
    },
  }),
  defineRoute({
    ...kpi,
    method: 'get',
    path: '/api/mining/kpis/step-times',
    operationId: 'kpiStepTimes',
    summary: 'Waiting (created → claimed) and working (claimed → completed) time per step (tasks completed in the period)',
    query: z.strictObject(filterQuery),
    responses: { 200: { description: 'One row per step', schema: itemsOf(stepTimesRow) } },
    async handler({ query, principal, rc }) {
      return { status: 200, body: { items: await stepTimes(rc.deps.store.db, await kpiFilter(rc, principal, query)) } };
    },
  }),
  defineRoute({
    ...kpi,
    method: 'get',
    path: '/api/mining/kpis/throughput',
    operationId: 'kpiThroughput',
    summary: 'Cases started and completed per day, week or month (in the organisation time zone unless timeZone is given)',
    query: z.strictObject({
      ...filterQuery,
      unit: z.enum(['day', 'week', 'month']).default('day'),
      timeZone: z
        .string()
        .max(64)
        .refine((tz) => {
          try {
            new Intl.DateTimeFormat('en', { timeZone: tz });
            return true;
          } catch {
            return false;
          }
        }, 'an IANA time zone such as Asia/Shanghai')
        .optional(),
    }),
    responses: { 200: { description: 'One row per period with cases', schema: itemsOf(throughputRow) } },
    async handler({ query, principal, rc }) {
      const f = await kpiFilter(rc, principal, query);
      return { status: 200, body: { items: await throughput(rc.deps.store.db, f, { unit: query.unit, ...(query.timeZone ? { timeZone: query.timeZone } : {}) }) } };
    },
  }),
  defineRoute({
    ...kpi,
    method: 'get',
    path: '/api/mining/kpis/first-time-right',
    operationId: 'kpiFirstTimeRight',
    summary: 'Share of completed cases with no step done twice, per process, and the steps that are redone',
    query: z.strictObject(filterQuery),
    responses: { 200: { description: 'Per process, and per redone step', schema: z.object({ items: z.array(ftrRow), rework: z.array(reworkRow) }) } },
    async handler({ query, principal, rc }) {
      const f = await kpiFilter(rc, principal, query);
      const db = rc.deps.store.db;
      return { status: 200, body: { items: await firstTimeRight(db, f), rework: await reworkBySteps(db, f) } };
    },
  }),
  defineRoute({
    ...kpi,
    method: 'get',
    path: '/api/mining/kpis/csat',
    operationId: 'kpiCsat',
    summary: 'Customer satisfaction per staff member: the mean score of completed cases they worked on',
    description: 'The score is read from a numeric case variable (default `satisfaction`, e.g. filled by a form field of that id); the surveys feature will fill the same variable.',
    query: z.strictObject({ ...filterQuery, variable: z.string().min(1).max(100).regex(/^[A-Za-z_][\w]*$/, 'a variable name').optional() }),
    responses: { 200: { description: 'One row per staff member', schema: itemsOf(csatRow) } },
    async handler({ query, principal, rc }) {
      const f = await kpiFilter(rc, principal, query);
      return { status: 200, body: { items: await csatByStaff(rc.deps.store.db, f, query.variable ? { variable: query.variable } : {}) } };
    },
  }),
];
