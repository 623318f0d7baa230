import type { Queryable } from '../store/db.ts';
import type { LocalizedText } from '../model/types.ts';
import { msBetween, num, periodSql, scopeSql, SqlParams, type KpiFilter } from './filter.ts';
import { stepNameSql, textOf } from './names.ts';

export interface StepTimesRow {
  readonly processKey: string;
  readonly node: string;
  readonly name: LocalizedText | null;
  /** Tasks of the step completed in the period. */
  readonly completed: number;
  /** Of those, tasks someone claimed before completing (waiting and working time are measured on these). */
  readonly claimed: number;
  /** Created → claimed. */
  readonly waitingAvgMs: number | null;
  readonly waitingMedianMs: number | null;
  /** Claimed → completed. */
  readonly workingAvgMs: number | null;
  readonly workingMedianMs: number | null;
  /** Created → completed, over every completed task. */
  readonly leadAvgMs: number | null;
}

/**
 * Waiting time (task created → claimed) and working time (claimed → completed) per step, over
 * tasks completed in the period (`closed_at`). A task completed straight from the queue, or
 * handed to a person by rotation or a manager, has no claim instant: nobody recorded when work
 * began. Such tasks count in `completed` and `leadAvgMs` but not in waiting or working time —
 * rejected: taking their creation as the start, which would report a made-up working time.
 * A task released and claimed again is measured from its last claim.
 */
export async function stepTimes(db: Queryable, f: KpiFilter): Promise<StepTimesRow[]> {
  const p = new SqlParams();
  const where = `${scopeSql(f, p, 't')} AND t.status = 'completed' AND ${periodSql(f, p, 't.closed_at')}`;
  const org = p.add(f.orgId);
  const r = await db.query<Record<string, unknown>>(
    `SELECT g.*, ${stepNameSql(org, 'g.process_key', 'g.node')} AS name FROM (
       SELECT t.process_key, t.node, count(*) AS completed, count(t.claimed_at) AS claimed,
              avg(x.waiting) AS waiting_avg, percentile_cont(0.5) WITHIN GROUP (ORDER BY x.waiting) AS waiting_median,
              avg(x.working) AS working_avg, percentile_cont(0.5) WITHIN GROUP (ORDER BY x.working) AS working_median,
              avg(x.lead) AS lead_avg
         FROM tasks t
         CROSS JOIN LATERAL (SELECT ${msBetween('t.created_at', 't.claimed_at')} AS waiting, ${msBetween('t.claimed_at', 't.closed_at')} AS working,
                                    ${msBetween('t.created_at', 't.closed_at')} AS lead) x
        WHERE ${where}
        GROUP BY t.process_key, t.node) g
     ORDER BY g.process_key, g.node`,
    p.values,
  );
  return r.rows.map((x) => ({
    processKey: x['process_key'] as string,
    node: x['node'] as string,
    name: textOf(x['name']),
    completed: Number(x['completed']),
    claimed: Number(x['claimed']),
    waitingAvgMs: num(x['waiting_avg']),
    waitingMedianMs: num(x['waiting_median']),
    workingAvgMs: num(x['working_avg']),
    workingMedianMs: num(x['working_median']),
    leadAvgMs: num(x['lead_avg']),
  }));
}
