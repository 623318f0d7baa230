/**
 * How values cross into SQL the same way on both drivers: jsonb goes in as JSON text (node-postgres
 * would turn a JS array into a PostgreSQL array literal, PGlite into JSON), times as ISO strings.
 */

/** JSON text for a jsonb parameter. */
export function json(v: unknown): string {
  return JSON.stringify(v);
}

/** ISO-8601 UTC text for a timestamptz parameter (undefined → null). */
export function iso(ms: number): string;
export function iso(ms: number | undefined): string | null;
export function iso(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}

/** Epoch milliseconds of a timestamptz column (null stays null). */
export function ms(d: Date | null | undefined): number | undefined {
  return d === null || d === undefined ? undefined : d.getTime();
}
