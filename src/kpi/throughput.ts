import type { Queryable } from '../store/db.ts';
import { periodSql, scopeSql, SqlParams, type KpiFilter } from './filter.ts';

export type ThroughputUnit = 'day' | 'week' | 'month';

export interface ThroughputRow {
  /** First day of the period in the time zone used, `YYYY-MM-DD` (weeks start on Monday). */
  readonly period: string;
  /** Cases started in it. */
  readonly started: number;
  /** Cases completed in it. */
  readonly completed: number;
}

/**
 * Cases started and completed per day, week or month, counted in a time zone (default: the
 * organisation's), so "Monday" is the store's Monday. Periods with neither are absent.
 */
export async function throughput(db: Queryable, f: KpiFilter, opts: { unit?: ThroughputUnit; timeZone?: string } = {}): Promise<ThroughputRow[]> {
  const unit = opts.unit ?? 'day';
  const p = new SqlParams();
  const tz = `COALESCE(${p.add(opts.timeZone ?? null)}::text, (SELECT o.time_zone FROM orgs o WHERE o.id = ${p.add(f.orgId)}))`;
  const u = p.add(unit);
  const started = `SELECT c.started_at AS at, 1 AS started, 0 AS completed FROM cases c WHERE ${scopeSql(f, p, 'c')} AND ${periodSql(f, p, 'c.started_at')}`;
  const completed = `SELECT c.ended_at, 0, 1 FROM cases c WHERE ${scopeSql(f, p, 'c')} AND c.status = 'completed' AND ${periodSql(f, p, 'c.ended_at')}`;
  const r = await db.query<{ period: string; started: unknown; completed: unknown }>(
    `SELECT to_char(date_trunc(${u}, x.at AT TIME ZONE ${tz}), 'YYYY-MM-DD') AS period, sum(x.started) AS started, sum(x.completed) AS completed
       FROM (${started} UNION ALL ${completed}) x
      GROUP BY 1 ORDER BY 1`,
    p.values,
  );
  return r.rows.map((x) => ({ period: x.period, started: Number(x.started), completed: Number(x.completed) }));
}
