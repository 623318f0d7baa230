import type { Queryable } from '../store/db.ts';
import type { LocalizedText } from '../model/types.ts';
import { periodSql, rate, scopeSql, SqlParams, type KpiFilter } from './filter.ts';
import { stepNameSql, textOf } from './names.ts';

/** What SLA compliance is grouped by. */
export type SlaGrouping = 'step' | 'role' | 'staff' | 'store';

export interface SlaComplianceRow {
  /** The node id, role, staff id or store id. */
  readonly key: string;
  /** The process of a step (grouping `step` only). */
  readonly processKey: string | null;
  /** The step's, person's or store's name (roles: null). */
  readonly name: LocalizedText | string | null;
  /** Tasks with a time limit completed in the period. */
  readonly total: number;
  readonly onTime: number;
  readonly breached: number;
  /** onTime / total. */
  readonly compliance: number | null;
}

const KEY: Readonly<Record<SlaGrouping, string>> = {
  step: 't.process_key, t.node',
  role: 't.role',
  staff: 't.closed_by',
  store: 't.store_id',
};

/**
 * SLA compliance of human steps: of the tasks with a time limit that were completed in the
 * period (`closed_at`), how many were done by their due time — the due time the task had when
 * it closed, so pauses while waiting for the customer are already in it. Staff = who
 * completed the task. Withdrawn tasks are not counted. Rows sorted by key.
 */
export async function slaCompliance(db: Queryable, f: KpiFilter, by: SlaGrouping): Promise<SlaComplianceRow[]> {
  const p = new SqlParams();
  const where = `${scopeSql(f, p, 't')} AND t.status = 'completed' AND t.due_at IS NOT NULL AND ${periodSql(f, p, 't.closed_at')}`;
  const name =
    by === 'step' ? stepNameSql(p.add(f.orgId), 'g.process_key', 'g.node') : by === 'staff' ? '(SELECT s.name FROM staff s WHERE s.id = g.closed_by)' : by === 'store' ? '(SELECT s.name FROM stores s WHERE s.id = g.store_id)' : 'NULL';
  const key = by === 'step' ? 'g.node' : `g.${KEY[by].slice(2)}`;
  const r = await db.query<{ key: string | null; process_key: string | null; name: unknown; total: number; on_time: number }>(
    `SELECT ${key} AS key, ${by === 'step' ? 'g.process_key' : 'NULL'} AS process_key, ${name} AS name, g.total, g.on_time
       FROM (SELECT ${KEY[by]}, count(*) AS total, count(*) FILTER (WHERE t.closed_at <= t.due_at) AS on_time
               FROM tasks t WHERE ${where} GROUP BY ${KEY[by]}) g
      ORDER BY 2, 1`,
    p.values,
  );
  return r.rows.map((x) => ({
    key: x.key ?? '',
    processKey: x.process_key,
    name: typeof x.name === 'string' ? x.name : textOf(x.name),
    total: Number(x.total),
    onTime: Number(x.on_time),
    breached: Number(x.total) - Number(x.on_time),
    compliance: rate(Number(x.on_time), Number(x.total)),
  }));
}
