import { ApiProblem } from '../../api/problem.ts';
import type { ApiDeps } from '../../api/deps.ts';
import { CASE_FROM, CASE_SELECT, caseSummaries } from '../views/cases.ts';
import { num } from '../views/rows.ts';
import { CSAT_SQL, ON_TIME_SQL, SCOPE_SQL, scopeParams, type KpiScope } from './query.ts';
import { kpiTimeZone } from './kpis.ts';

/**
 * The cases behind a dashboard number. Each metric is the same condition its figure counts
 * (see kpis.ts), turned into "which cases": a task-based figure (SLA, steps, staff, CSAT)
 * lists the cases of the tasks it counted.
 */
export async function drillCases(deps: ApiDeps, s: KpiScope, q: Readonly<Record<string, string | undefined>>, limit: number, offset: number) {
  const params: unknown[] = [...scopeParams(s), await kpiTimeZone(deps, s)];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const day = q['day'];
  const onDay = (col: string) => (day ? ` AND to_char(${col} AT TIME ZONE $7, 'YYYY-MM-DD') = ${p(day)}` : '');
  const taskIn = (cond: string) =>
    `c.id IN (SELECT t.case_id FROM tasks t WHERE t.org_id = $1 AND t.status = 'completed' AND t.closed_at >= $5 AND t.closed_at < $6 AND ${cond}${onDay('t.closed_at')})`;
  let cond: string;
  switch (q['metric']) {
    case 'started':
      cond = `c.started_at >= $5 AND c.started_at < $6${onDay('c.started_at')}`;
      break;
    case 'completed':
      cond = `c.status = 'completed' AND c.ended_at >= $5 AND c.ended_at < $6${onDay('c.ended_at')}`;
      break;
    case 'active':
      cond = `c.status = 'active'`;
      break;
    case 'breached':
      cond = taskIn(`t.due_at IS NOT NULL AND NOT ${ON_TIME_SQL}`);
      break;
    case 'onTime':
      cond = taskIn(`t.due_at IS NOT NULL AND ${ON_TIME_SQL}`);
      break;
    case 'csatLow':
      cond = taskIn(`${CSAT_SQL} IS NOT NULL AND ${CSAT_SQL} <= 3`);
      break;
    case 'step':
      if (!q['processKey'] || !q['node']) throw new ApiProblem(422, 'INVALID_REQUEST', 'metric=step needs processKey and node', { issues: [{ path: 'query.node', message: 'required' }] });
      cond = `c.process_key = ${p(q['processKey'])} AND ${taskIn(`t.node = ${p(q['node'])}`)}`;
      break;
    case 'staff':
      if (!q['staffId']) throw new ApiProblem(422, 'INVALID_REQUEST', 'metric=staff needs staffId', { issues: [{ path: 'query.staffId', message: 'required' }] });
      cond = taskIn(`t.closed_by = ${p(q['staffId'])}`);
      break;
    default:
      throw new ApiProblem(422, 'INVALID_REQUEST', 'metric must be one of started, completed, active, breached, onTime, csatLow, step, staff', {
        issues: [{ path: 'query.metric', message: 'unknown metric' }],
      });
  }
  const lim = p(limit);
  const off = p(offset);
  const r = await deps.store.db.query(
    `${CASE_SELECT}, count(*) OVER () AS total ${CASE_FROM} WHERE ${SCOPE_SQL} AND $7::text IS NOT NULL AND $5::timestamptz <= $6::timestamptz AND ${cond}
     ORDER BY c.started_at DESC, c.id LIMIT ${lim} OFFSET ${off}`,
    params,
  );
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const rows = r.rows as any[];
  return { items: await caseSummaries(deps.store.db, s.orgId, rows), total: num(rows[0]?.total) };
}
