/**
 * What every KPI is asked about: one organisation, optionally one process, one store, the
 * stores a caller may see, and a period. Each KPI applies the period to its own instant (a
 * task closed in it, a case ended in it…) and says which in its doc comment.
 */
export interface KpiFilter {
  readonly orgId: string;
  /** A process key. */
  readonly process?: string | undefined;
  /** One store id. */
  readonly store?: string | undefined;
  /**
   * The stores the caller may see (API visibility); absent or null = every store. Cases
   * without a store are then left out, as the API hides them from store-scoped callers.
   */
  readonly stores?: readonly string[] | null | undefined;
  /** Period start, epoch ms, inclusive. */
  readonly from?: number | undefined;
  /** Period end, epoch ms, exclusive. */
  readonly to?: number | undefined;
}

/**
 * Numbered SQL parameters collected while a query is put together, so optional conditions can
 * be left out of the text instead of being written as `($3 IS NULL OR …)`: the planner then
 * sees plain conditions it can use indexes for.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  /** Adds a value and returns its placeholder (`$n`). */
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/**
 * Conditions on a table carrying `org_id`, `process_key` and `store_id` (cases `c`, tasks `t`):
 * organisation, process, store and visible stores; joined with AND.
 */
export function scopeSql(f: KpiFilter, p: SqlParams, alias: string): string {
  const parts = [`${alias}.org_id = ${p.add(f.orgId)}`];
  if (f.process !== undefined) parts.push(`${alias}.process_key = ${p.add(f.process)}`);
  if (f.store !== undefined) parts.push(`${alias}.store_id = ${p.add(f.store)}`);
  if (f.stores != null) parts.push(`${alias}.store_id IN (SELECT jsonb_array_elements_text(${p.add(JSON.stringify(f.stores))}::jsonb))`);
  return parts.join(' AND ');
}

/** `col` within the filter's period (TRUE when it has none). */
export function periodSql(f: KpiFilter, p: SqlParams, col: string): string {
  const parts: string[] = [];
  if (f.from !== undefined) parts.push(`${col} >= ${p.add(new Date(f.from).toISOString())}::timestamptz`);
  if (f.to !== undefined) parts.push(`${col} < ${p.add(new Date(f.to).toISOString())}::timestamptz`);
  return parts.length === 0 ? 'TRUE' : parts.join(' AND ');
}

/** Milliseconds from `a` to `b` (timestamptz) as a numeric SQL expression. */
export function msBetween(a: string, b: string): string {
  return `(EXTRACT(EPOCH FROM (${b} - ${a})) * 1000)`;
}

/** A numeric column as a JS number (null stays null); drivers hand numeric back as text. */
export function num(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

/** A ratio, or null when there is nothing to divide by. */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}
