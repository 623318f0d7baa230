import type { Queryable } from '../../store/db.ts';

/**
 * Login throttling in fixed windows, per login name and per client address, kept in the
 * database so every servflow process on it counts the same failures. A blocked login is told
 * when to retry. The address limit is higher than the name limit: a whole store's staff often
 * share one address behind the shop's router.
 *
 * Rejected: an in-memory counter (each process would allow its own N attempts) and locking the
 * account (anyone could lock a colleague out by typing wrong passwords for them).
 */

export interface ThrottleLimit {
  readonly maxFailures: number;
  readonly windowMs: number;
}

/** Throttle keys for a login attempt; the address key allows `ipFactor` times more failures. */
export function throttleKeys(login: string, ip: string): { key: string; factor: number }[] {
  return [
    { key: `login:${login.trim().toLowerCase()}`, factor: 1 },
    { key: `ip:${ip}`, factor: 5 },
  ];
}

/** Seconds until a login may be tried again, or undefined when it may be tried now. */
export async function blockedFor(q: Queryable, keys: readonly { key: string; factor: number }[], limit: ThrottleLimit, now: number): Promise<number | undefined> {
  const list = keys.map((_, i) => `$${i + 1}`).join(', ');
  const r = await q.query<{ key: string; window_start: Date; failures: number }>(
    `SELECT key, window_start, failures FROM login_throttle WHERE key IN (${list})`,
    keys.map((k) => k.key),
  );
  let wait: number | undefined;
  for (const row of r.rows) {
    const factor = keys.find((k) => k.key === row.key)?.factor ?? 1;
    const ends = row.window_start.getTime() + limit.windowMs;
    if (ends > now && row.failures >= limit.maxFailures * factor) wait = Math.max(wait ?? 0, Math.ceil((ends - now) / 1000));
  }
  return wait;
}

/** Counts a failed attempt against every key (a new window starts when the old one ended). */
export async function recordFailure(q: Queryable, keys: readonly { key: string }[], limit: ThrottleLimit, now: number): Promise<void> {
  for (const { key } of keys)
    await q.query(
      `INSERT INTO login_throttle (key, window_start, failures) VALUES ($1, $2, 1)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN login_throttle.window_start <= $3 THEN 1 ELSE login_throttle.failures + 1 END,
         window_start = CASE WHEN login_throttle.window_start <= $3 THEN $2 ELSE login_throttle.window_start END`,
      [key, new Date(now).toISOString(), new Date(now - limit.windowMs).toISOString()],
    );
}

/** Forgets the failures of a login name after a successful login (the address keeps its count). */
export async function clearFailures(q: Queryable, loginKey: string): Promise<void> {
  await q.query(`DELETE FROM login_throttle WHERE key = $1`, [loginKey]);
}
