import type { Principal } from './principal.ts';

/**
 * A short-lived cache of callers by credential, so a busy client (an integration completing
 * hundreds of tasks a second with one token) does not cost a database lookup per request.
 *
 * Entries live `ttlMs` at most, and this process drops the whole cache whenever it changes
 * anything a principal is made of (roles, access, activity, logins, sessions, tokens). Another
 * servflow process sharing the database sees such a change within `ttlMs` — the price of the
 * cache, kept to a couple of seconds. `ttlMs = 0` turns it off.
 *
 * Rejected: invalidation messages between processes (LISTEN/NOTIFY) — a second moving part for
 * a window of two seconds, and PGlite serves a single process anyway.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, { principal: Principal; until: number }>();
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** The cached principal for this credential key, if still fresh. */
  get(key: string, now: number): Principal | undefined {
    const e = this.entries.get(key);
    if (e === undefined) return undefined;
    if (e.until <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return e.principal;
  }

  /** The current generation: pass it back to `set` so a lookup that raced a change is not cached. */
  mark(): number {
    return this.generation;
  }

  /** Remembers a principal (not past `limit`, e.g. its session's end). */
  set(key: string, principal: Principal, now: number, limit: number, generation: number): void {
    if (this.ttlMs <= 0 || generation !== this.generation) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { principal, until: Math.min(now + this.ttlMs, limit) });
  }

  /** Forgets everyone (something a principal is made of changed). */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}
