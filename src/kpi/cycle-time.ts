import type { Queryable } from '../store/db.ts';
import { msBetween, num, periodSql, scopeSql, SqlParams, type KpiFilter } from './filter.ts';

export interface CycleTimeRow {
  readonly processKey: string;
  /** Completed cases ended in the period. */
  readonly cases: number;
  readonly avgMs: number | null;
  readonly medianMs: number | null;
  /** 90th percentile (continuous, as PostgreSQL's percentile_cont). */
  readonly p90Ms: number | null;
  readonly minMs: number | null;
  readonly maxMs: number | null;
}

/**
 * Cycle time of cases, per process: from the case's start to its end (elapsed time, not
 * opening hours), over cases that completed in the period (`ended_at`). Cancelled and failed
 * cases are left out: their duration says when someone gave up, not how long service took.
 */
export async function cycleTime(db: Queryable, f: KpiFilter): Promise<CycleTimeRow[]> {
  const p = new SqlParams();
  const r = await db.query<{ process_key: string; cases: number; avg: unknown; median: unknown; p90: unknown; min: unknown; max: unknown }>(
    `SELECT x.process_key, count(*) AS cases, avg(x.ms) AS avg,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY x.ms) AS median,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY x.ms) AS p90, min(x.ms) AS min, max(x.ms) AS max
       FROM (SELECT c.process_key, ${msBetween('c.started_at', 'c.ended_at')} AS ms FROM cases c
              WHERE ${scopeSql(f, p, 'c')} AND c.status = 'completed' AND ${periodSql(f, p, 'c.ended_at')}) x
      GROUP BY x.process_key ORDER BY x.process_key`,
    p.values,
  );
  return r.rows.map((x) => ({
    processKey: x.process_key,
    cases: Number(x.cases),
    avgMs: num(x.avg),
    medianMs: num(x.median),
    p90Ms: num(x.p90),
    minMs: num(x.min),
    maxMs: num(x.max),
  }));
}
