import type { Queryable } from '../store/db.ts';
import type { LocalizedText } from '../model/types.ts';
import { periodSql, rate, scopeSql, SqlParams, type KpiFilter } from './filter.ts';
import { stepNameSql, textOf } from './names.ts';

export interface FirstTimeRightRow {
  readonly processKey: string;
  /** Completed cases ended in the period. */
  readonly cases: number;
  /** Of those, cases in which no step was done more than once. */
  readonly firstTimeRight: number;
  readonly rate: number | null;
}

export interface ReworkRow {
  readonly processKey: string;
  readonly node: string;
  readonly name: LocalizedText | null;
  /** Cases in which this step was done more than once. */
  readonly cases: number;
  /** Executions beyond the first, summed over those cases. */
  readonly extraExecutions: number;
}

/** The completed cases of the filter that ended in the period (`scoped` CTE). */
function scopedCases(f: KpiFilter, p: SqlParams): string {
  return `SELECT c.id, c.process_key FROM cases c WHERE ${scopeSql(f, p, 'c')} AND c.status = 'completed' AND ${periodSql(f, p, 'c.ended_at')}`;
}

/** Per case and step, how often the step was done (`done` CTE): `complete` events in the log. */
const DONE = `SELECT e.case_id, s.process_key, e.activity, count(*) AS n
    FROM scoped s JOIN events e ON e.case_id = s.id
   WHERE e.scope = 'step' AND e.lifecycle = 'complete'
   GROUP BY e.case_id, s.process_key, e.activity`;

/**
 * First-time-right rate per process: the share of completed cases (ended in the period) in
 * which no step — human, service, timer or sub-process — was completed twice. A loop the SOP
 * allows (inspect → repair → inspect again) is rework all the same, which is the point of the
 * measure. Read from the event log, which keeps every execution.
 */
export async function firstTimeRight(db: Queryable, f: KpiFilter): Promise<FirstTimeRightRow[]> {
  const p = new SqlParams();
  const r = await db.query<{ process_key: string; cases: number; ftr: number }>(
    `WITH scoped AS (${scopedCases(f, p)}),
          reworked AS (SELECT DISTINCT d.case_id FROM (${DONE}) d WHERE d.n > 1)
     SELECT s.process_key, count(*) AS cases, count(*) FILTER (WHERE r.case_id IS NULL) AS ftr
       FROM scoped s LEFT JOIN reworked r ON r.case_id = s.id
      GROUP BY s.process_key ORDER BY s.process_key`,
    p.values,
  );
  return r.rows.map((x) => ({ processKey: x.process_key, cases: Number(x.cases), firstTimeRight: Number(x.ftr), rate: rate(Number(x.ftr), Number(x.cases)) }));
}

/** Which steps are redone: per step, the cases (completed in the period) that did it more than once, most first. */
export async function reworkBySteps(db: Queryable, f: KpiFilter): Promise<ReworkRow[]> {
  const p = new SqlParams();
  const cte = scopedCases(f, p);
  const org = p.add(f.orgId);
  const r = await db.query<{ process_key: string; activity: string; cases: number; extra: unknown; name: unknown }>(
    `WITH scoped AS (${cte})
     SELECT g.*, ${stepNameSql(org, 'g.process_key', 'g.activity')} AS name FROM (
       SELECT d.process_key, d.activity, count(*) AS cases, sum(d.n - 1) AS extra FROM (${DONE}) d WHERE d.n > 1
        GROUP BY d.process_key, d.activity) g
     ORDER BY g.cases DESC, g.process_key, g.activity`,
    p.values,
  );
  return r.rows.map((x) => ({ processKey: x.process_key, node: x.activity, name: textOf(x.name), cases: Number(x.cases), extraExecutions: Number(x.extra) }));
}
