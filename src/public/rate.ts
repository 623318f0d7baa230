import type { Queryable } from '../store/db.ts';

/**
 * Rate limits for the no-login pages, in fixed windows kept in the database (`public_rate`), so
 * every servflow process on it counts the same requests. One call counts a request and says
 * whether it is over the limit.
 *
 * Rejected: an in-memory counter (each process would allow its own N) — same reasoning as the
 * login throttle.
 */

export interface RateLimit {
  readonly max: number;
  readonly windowMs: number;
}

/** Counts a request against `key`; returns the seconds to wait when it is over the limit, else undefined. */
export async function hitRate(q: Queryable, key: string, limit: RateLimit, now: number): Promise<number | undefined> {
  const r = await q.query<{ window_start: Date; hits: number }>(
    `INSERT INTO public_rate (key, window_start, hits) VALUES ($1, $2, 1)
     ON CONFLICT (key) DO UPDATE SET
       hits = CASE WHEN public_rate.window_start <= $3 THEN 1 ELSE public_rate.hits + 1 END,
       window_start = CASE WHEN public_rate.window_start <= $3 THEN $2 ELSE public_rate.window_start END
     RETURNING window_start, hits`,
    [key, new Date(now).toISOString(), new Date(now - limit.windowMs).toISOString()],
  );
  const row = r.rows[0]!;
  if (row.hits <= limit.max) return undefined;
  return Math.max(1, Math.ceil((row.window_start.getTime() + limit.windowMs - now) / 1000));
}

/** Housekeeping: forgets windows that started more than `keepMs` ago (longer than any limit's window). */
export async function purgeRate(q: Queryable, now: number, keepMs = 24 * 3600_000): Promise<number> {
  return (await q.query(`DELETE FROM public_rate WHERE window_start < $1`, [new Date(now - keepMs).toISOString()])).rowCount;
}
