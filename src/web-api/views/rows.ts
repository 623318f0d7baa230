/** Small conversions from database rows to JSON answers. */

/** A timestamptz (or epoch ms from the engine's state) as ISO text (or null). */
export function isoOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const d = v instanceof Date ? v : typeof v === 'number' ? new Date(v) : new Date(String(v));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A bigint/numeric count as a number. */
export function num(v: unknown): number {
  return v === null || v === undefined ? 0 : Number(v);
}

/** Store filter for SQL: null = every store (`$n::jsonb IS NULL OR store_id IN …`). */
export function storeFilter(visible: 'all' | readonly string[]): string | null {
  return visible === 'all' ? null : JSON.stringify(visible);
}

/** SQL condition: `col` is one of the visible stores (parameter `$n` from `storeFilter`). */
export function visibleStoreSql(col: string, n: number): string {
  return `($${n}::jsonb IS NULL OR ${col} IN (SELECT jsonb_array_elements_text($${n}::jsonb)))`;
}
