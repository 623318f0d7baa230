import type { Queryable } from '../store/db.ts';

/**
 * Housekeeping of the API's own tables: what has outlived its purpose is deleted — idempotency
 * records after 24 hours, sessions after they ended, login-throttle windows long closed. The
 * audit log is never touched.
 */

export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;

/** Deletes expired rows; returns how many of each went. */
export async function purgeExpired(q: Queryable, now: number, throttleWindowMs: number): Promise<{ idempotencyKeys: number; sessions: number; throttle: number }> {
  const at = (ms: number) => new Date(ms).toISOString();
  const idem = await q.query(`DELETE FROM idempotency_keys WHERE created_at < $1`, [at(now - IDEMPOTENCY_TTL_MS)]);
  const sessions = await q.query(`DELETE FROM sessions WHERE expires_at < $1`, [at(now)]);
  const throttle = await q.query(`DELETE FROM login_throttle WHERE window_start < $1`, [at(now - throttleWindowMs)]);
  return { idempotencyKeys: idem.rowCount, sessions: sessions.rowCount, throttle: throttle.rowCount };
}
