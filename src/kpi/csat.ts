import type { Queryable } from '../store/db.ts';
import { num, periodSql, scopeSql, SqlParams, type KpiFilter } from './filter.ts';

export interface CsatRow {
  readonly staffId: string;
  readonly name: string | null;
  /** Scored cases this person completed at least one step of. */
  readonly cases: number;
  readonly avgScore: number | null;
}

/** The case variable a satisfaction score is read from unless told otherwise. */
export const DEFAULT_CSAT_VARIABLE = 'satisfaction';

/**
 * Customer satisfaction per staff member: the average score of the completed cases (ended in
 * the period) they completed at least one step of. The score is a number in case data under
 * `variable` (default `satisfaction`: a form field of that id fills it); cases without a
 * numeric score are left out.
 *
 * The hook for the surveys feature: a survey answer written into the case's data under this
 * variable (or a different variable passed here) is picked up with no change; a survey table
 * instead would replace the `scored` CTE below and nothing else.
 */
export async function csatByStaff(db: Queryable, f: KpiFilter, opts: { variable?: string } = {}): Promise<CsatRow[]> {
  const p = new SqlParams();
  const v = p.add(opts.variable ?? DEFAULT_CSAT_VARIABLE);
  const r = await db.query<{ staff_id: string; name: string | null; cases: number; avg: unknown }>(
    `WITH scored AS (
       SELECT c.id, (c.state->'data'->>${v})::numeric AS score FROM cases c
        WHERE ${scopeSql(f, p, 'c')} AND c.status = 'completed' AND ${periodSql(f, p, 'c.ended_at')}
          AND jsonb_typeof(c.state->'data'->${v}) = 'number'),
     people AS (
       SELECT DISTINCT t.case_id, t.closed_by AS staff_id FROM scored s JOIN tasks t ON t.case_id = s.id
        WHERE t.status = 'completed' AND t.closed_by IS NOT NULL AND t.closed_by <> 'system')
     SELECT x.staff_id, (SELECT st.name FROM staff st WHERE st.id = x.staff_id) AS name, count(*) AS cases, avg(s.score) AS avg
       FROM people x JOIN scored s ON s.id = x.case_id
      GROUP BY x.staff_id ORDER BY x.staff_id`,
    p.values,
  );
  return r.rows.map((x) => ({ staffId: x.staff_id, name: x.name, cases: Number(x.cases), avgScore: num(x.avg) }));
}
