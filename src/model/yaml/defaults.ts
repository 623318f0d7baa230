/**
 * Values the YAML reader fills in when a key is left out, and the writer leaves out when a value
 * equals them — one table for both, so a file written by servflow reads back the same.
 */
export const SERVICE_DEFAULTS = {
  method: 'POST',
  // 10 s: long enough for a slow dealer-management system, short enough that a hung call does not hold a worker.
  timeoutMs: 10_000,
  retries: 3,
  // 1 s, 2 s, 4 s…: three retries ride out a restart of the other system without hammering it.
  backoff: { initialMs: 1_000, factor: 2, maxMs: 60_000 },
} as const;

/** A checklist item written as plain text gets the id "c" + its position (c1, c2…). */
export const autoItemId = (index: number): string => `c${index + 1}`;

/** An item of a checklist's `optional:` list gets the id "o" + its position there (o1, o2…). */
export const autoOptionalId = (index: number): string => `o${index + 1}`;
