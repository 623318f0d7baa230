import { ApiProblem } from '../../api/problem.ts';
import { visibleStores } from '../../api/policy/access.ts';
import type { Principal } from '../../api/auth/principal.ts';
import { storeFilter } from '../views/rows.ts';

/** The scope of a dashboard: period, optional store and process, and the caller's visible stores. */
export interface KpiScope {
  readonly orgId: string;
  readonly from: number;
  readonly to: number;
  readonly store?: string | undefined;
  readonly process?: string | undefined;
  readonly visible: string | null;
}

const MAX_DAYS = 400;

/** Reads and checks the dashboard query (`from` and `to` are ISO times; at most ~13 months). */
export function kpiScope(p: Principal, q: Readonly<Record<string, string | undefined>>, now: number): KpiScope {
  const to = q['to'] ? Date.parse(q['to']) : now;
  const from = q['from'] ? Date.parse(q['from']) : to - 30 * 86400_000;
  const issues = [];
  if (Number.isNaN(from)) issues.push({ path: 'query.from', message: 'not an ISO-8601 date-time' });
  if (Number.isNaN(to)) issues.push({ path: 'query.to', message: 'not an ISO-8601 date-time' });
  if (issues.length === 0 && from >= to) issues.push({ path: 'query.from', message: 'must be before query.to' });
  if (issues.length === 0 && to - from > MAX_DAYS * 86400_000) issues.push({ path: 'query.from', message: `the period may be at most ${MAX_DAYS} days` });
  if (issues.length > 0) throw new ApiProblem(422, 'INVALID_REQUEST', 'the dashboard period is not valid', { issues });
  return { orgId: p.orgId, from, to, store: q['store'] || undefined, process: q['process'] || undefined, visible: storeFilter(visibleStores(p)) };
}

/**
 * The common filter of every KPI query, on cases `c`: organisation ($1), visible stores ($2),
 * store ($3), process ($4). Period bounds are $5 and $6 and applied by each query to its own
 * timestamp (a case started in the period, a task closed in it…).
 */
export const SCOPE_SQL = `c.org_id = $1
  AND ($2::jsonb IS NULL OR c.store_id IN (SELECT jsonb_array_elements_text($2::jsonb)))
  AND ($3::text IS NULL OR c.store_id = $3)
  AND ($4::text IS NULL OR c.process_key = $4)`;

/** The parameters $1…$6 for `SCOPE_SQL` and the period. */
export function scopeParams(s: KpiScope): unknown[] {
  return [s.orgId, s.visible, s.store ?? null, s.process ?? null, new Date(s.from).toISOString(), new Date(s.to).toISOString()];
}

/** The satisfaction score in a completed task's form (until the surveys module: fields named `satisfaction` or `csat`, 1–5). */
export const CSAT_SQL = `CASE WHEN jsonb_typeof(t.result->'form'->'satisfaction') = 'number' THEN (t.result->'form'->>'satisfaction')::numeric
      WHEN jsonb_typeof(t.result->'form'->'csat') = 'number' THEN (t.result->'form'->>'csat')::numeric END`;

/** A task closed on time: closed no later than its due time (tasks without a time limit are not counted). */
export const ON_TIME_SQL = `(t.closed_at <= t.due_at)`;

/** Handling time: from claim (or creation, for tasks assigned directly) to completion. */
export const HANDLING_SQL = `EXTRACT(EPOCH FROM (t.closed_at - COALESCE(t.claimed_at, t.created_at))) * 1000`;
/** Waiting time: from creation to claim. */
export const WAITING_SQL = `EXTRACT(EPOCH FROM (COALESCE(t.claimed_at, t.closed_at) - t.created_at)) * 1000`;
