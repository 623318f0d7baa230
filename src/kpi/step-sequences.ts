import { periodSql, scopeSql, type SqlParams } from './filter.ts';
import type { LogFilter } from './log/servflow-log.ts';

/**
 * The shared front of the process-map and variant queries: CTEs `scoped` (the selected cases:
 * scope, version, status, started in the period), `ev` (their step completions: case, node,
 * instant, order of writing) and, with a variant id, `kept` (the cases of that variant).
 *
 * A variant is a case's sequence of completed steps in order of time; its id is the first 16
 * hex digits of the MD5 of the node ids joined by '|' (node ids never hold '|'), computed the
 * same way in `variants()`, so an id read from one query filters the other.
 */
export function stepSequenceCtes(f: LogFilter & { readonly variant?: string | undefined }, p: SqlParams): string {
  const conditions = [scopeSql(f, p, 'c'), periodSql(f, p, 'c.started_at')];
  if (f.version !== undefined) conditions.push(`c.process_version = ${p.add(f.version)}`);
  if (f.status !== undefined) conditions.push(`c.status IN (SELECT jsonb_array_elements_text(${p.add(JSON.stringify(f.status))}::jsonb))`);
  let ctes = `scoped AS (SELECT c.id FROM cases c WHERE ${conditions.join(' AND ')}),
    ev0 AS (SELECT e.case_id, e.activity, e.at, e.seq FROM scoped s JOIN events e ON e.case_id = s.id
             WHERE e.scope = 'step' AND e.lifecycle = 'complete')`;
  if (f.variant === undefined) return `${ctes}, ev AS (SELECT * FROM ev0)`;
  ctes += `, kept AS (SELECT case_id FROM ev0 GROUP BY case_id HAVING ${VARIANT_ID} = ${p.add(f.variant)})
    , ev AS (SELECT ev0.* FROM ev0 JOIN kept USING (case_id))`;
  return ctes;
}

/** The variant id of a case, as an aggregate over its `ev` rows. */
export const VARIANT_ID = `left(md5(string_agg(activity, '|' ORDER BY at, seq)), 16)`;
