import type { ApiDeps } from '../../api/deps.ts';
import { definitionsOf, nodeOf } from '../views/definitions-cache.ts';
import { num } from '../views/rows.ts';
import { CSAT_SQL, HANDLING_SQL, ON_TIME_SQL, SCOPE_SQL, scopeParams, WAITING_SQL, type KpiScope } from './query.ts';

/**
 * The dashboard figures, straight from the tables the engine keeps (cases, tasks): every number
 * is a SQL aggregate over the same filter the drill-down uses, so the cases behind a number
 * are exactly the ones it counts. Days are calendar days in the store's time zone (the
 * organisation's when several stores are shown).
 */

function daysBetween(from: number, to: number, timeZone: string): string[] {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const out = new Set<string>();
  for (let t = from; t < to; t += 3600_000 * 6) out.add(f.format(t));
  out.add(f.format(to - 1));
  return [...out].sort();
}

/** The time zone days are counted in. */
export async function kpiTimeZone(deps: ApiDeps, s: KpiScope): Promise<string> {
  const r = await deps.store.db.query<{ tz: string }>(
    `SELECT COALESCE((SELECT time_zone FROM stores WHERE id = $2 AND org_id = $1), (SELECT time_zone FROM orgs WHERE id = $1)) AS tz`,
    [s.orgId, s.store ?? null],
  );
  return r.rows[0]?.tz ?? 'Asia/Shanghai';
}

/** All figures of the dashboard for a scope. */
export async function kpis(deps: ApiDeps, s: KpiScope) {
  const db = deps.store.db;
  const tz = await kpiTimeZone(deps, s);
  const params = [...scopeParams(s), tz];
  const cases = (
    await db.query<{ started: string; completed: string; cycle_ms: string | null; active: string }>(
      `SELECT count(*) FILTER (WHERE c.started_at >= $5 AND c.started_at < $6) AS started,
              count(*) FILTER (WHERE c.status = 'completed' AND c.ended_at >= $5 AND c.ended_at < $6) AS completed,
              avg(EXTRACT(EPOCH FROM (c.ended_at - c.started_at)) * 1000) FILTER (WHERE c.status = 'completed' AND c.ended_at >= $5 AND c.ended_at < $6) AS cycle_ms,
              count(*) FILTER (WHERE c.status = 'active') AS active
         FROM cases c WHERE ${SCOPE_SQL} AND $7::text IS NOT NULL`,
      params,
    )
  ).rows[0];
  const tasks = (
    await db.query<{ sla_total: string; sla_on_time: string; csat: string | null; csat_n: string }>(
      `SELECT count(*) FILTER (WHERE t.due_at IS NOT NULL) AS sla_total,
              count(*) FILTER (WHERE t.due_at IS NOT NULL AND ${ON_TIME_SQL}) AS sla_on_time,
              avg(${CSAT_SQL}) AS csat, count(${CSAT_SQL}) AS csat_n
         FROM tasks t JOIN cases c ON c.id = t.case_id
        WHERE ${SCOPE_SQL} AND t.status = 'completed' AND t.closed_at >= $5 AND t.closed_at < $6`,
      params.slice(0, 6),
    )
  ).rows[0];
  const dailyCases = await db.query<{ day: string; started: string; completed: string }>(
    `SELECT d.day, sum(d.started) AS started, sum(d.completed) AS completed FROM (
        SELECT to_char(c.started_at AT TIME ZONE $7, 'YYYY-MM-DD') AS day, 1 AS started, 0 AS completed FROM cases c WHERE ${SCOPE_SQL} AND c.started_at >= $5 AND c.started_at < $6
        UNION ALL
        SELECT to_char(c.ended_at AT TIME ZONE $7, 'YYYY-MM-DD'), 0, 1 FROM cases c WHERE ${SCOPE_SQL} AND c.status = 'completed' AND c.ended_at >= $5 AND c.ended_at < $6
     ) d GROUP BY d.day`,
    params,
  );
  const dailySla = await db.query<{ day: string; total: string; on_time: string }>(
    `SELECT to_char(t.closed_at AT TIME ZONE $7, 'YYYY-MM-DD') AS day, count(*) AS total, count(*) FILTER (WHERE ${ON_TIME_SQL}) AS on_time
       FROM tasks t JOIN cases c ON c.id = t.case_id
      WHERE ${SCOPE_SQL} AND t.status = 'completed' AND t.due_at IS NOT NULL AND t.closed_at >= $5 AND t.closed_at < $6
      GROUP BY 1`,
    params,
  );
  const steps = await db.query<{ process_key: string; version: number; node: string; n: string; handling: string; waiting: string }>(
    `SELECT c.process_key, max(c.process_version) AS version, t.node, count(*) AS n, avg(${HANDLING_SQL}) AS handling, avg(${WAITING_SQL}) AS waiting
       FROM tasks t JOIN cases c ON c.id = t.case_id
      WHERE ${SCOPE_SQL} AND t.status = 'completed' AND t.closed_at >= $5 AND t.closed_at < $6
      GROUP BY c.process_key, t.node`,
    params.slice(0, 6),
  );
  const staff = await db.query<{ staff_id: string; name: string | null; n: string; sla_total: string; sla_on_time: string; handling: string; cl_total: string; cl_passed: string }>(
    `SELECT t.closed_by AS staff_id, st.name, count(*) AS n,
            count(*) FILTER (WHERE t.due_at IS NOT NULL) AS sla_total, count(*) FILTER (WHERE t.due_at IS NOT NULL AND ${ON_TIME_SQL}) AS sla_on_time,
            avg(${HANDLING_SQL}) AS handling,
            count(*) FILTER (WHERE jsonb_typeof(t.result->'checklist') = 'object') AS cl_total,
            count(*) FILTER (WHERE t.result->'checklist'->>'passed' = 'true') AS cl_passed
       FROM tasks t JOIN cases c ON c.id = t.case_id LEFT JOIN staff st ON st.id = t.closed_by
      WHERE ${SCOPE_SQL} AND t.status = 'completed' AND t.closed_at >= $5 AND t.closed_at < $6 AND t.closed_by IS NOT NULL AND t.closed_by <> 'system'
      GROUP BY t.closed_by, st.name ORDER BY count(*) DESC LIMIT 200`,
    params.slice(0, 6),
  );
  const defs = await definitionsOf(db, s.orgId, steps.rows.map((r) => [r.process_key, r.version] as const));
  const byDayCases = new Map(dailyCases.rows.map((r) => [r.day, r]));
  const byDaySla = new Map(dailySla.rows.map((r) => [r.day, r]));
  return {
    from: new Date(s.from).toISOString(),
    to: new Date(s.to).toISOString(),
    timeZone: tz,
    summary: {
      slaTotal: num(tasks?.sla_total),
      slaOnTime: num(tasks?.sla_on_time),
      cycleAvgMs: cases?.cycle_ms == null ? null : Math.round(Number(cases.cycle_ms)),
      completed: num(cases?.completed),
      started: num(cases?.started),
      active: num(cases?.active),
      csatAvg: tasks?.csat == null ? null : Number(tasks.csat),
      csatCount: num(tasks?.csat_n),
    },
    daily: daysBetween(s.from, s.to, tz).map((day) => ({
      day,
      started: num(byDayCases.get(day)?.started),
      completed: num(byDayCases.get(day)?.completed),
      slaTotal: num(byDaySla.get(day)?.total),
      slaOnTime: num(byDaySla.get(day)?.on_time),
    })),
    steps: steps.rows.map((r) => ({
      processKey: r.process_key,
      node: r.node,
      name: nodeOf(defs.get(`${r.process_key}@${r.version}`), r.node)?.name ?? null,
      count: num(r.n),
      handlingAvgMs: Math.round(Number(r.handling ?? 0)),
      waitingAvgMs: Math.round(Number(r.waiting ?? 0)),
    })),
    staff: staff.rows.map((r) => ({
      staffId: r.staff_id,
      name: r.name ?? r.staff_id,
      tasksDone: num(r.n),
      slaTotal: num(r.sla_total),
      slaOnTime: num(r.sla_on_time),
      handlingAvgMs: Math.round(Number(r.handling ?? 0)),
      checklistTotal: num(r.cl_total),
      checklistPassed: num(r.cl_passed),
    })),
  };
}
