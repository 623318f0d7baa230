import { createHash } from 'node:crypto';

/**
 * Access tokens of WeCom (企业微信 `gettoken?corpid=…&corpsecret=…`) and WeChat official
 * accounts (`token?grant_type=client_credential&appid=…&secret=…`): both answer
 * `{"access_token": "…", "expires_in": 7200}` and ask callers to keep the token until it runs
 * out instead of fetching one per message (the token endpoint is rate-limited).
 *
 * The cache keeps each token until `marginMs` before it expires, fetches once however many
 * sends ask at the same moment, and drops a token the API called invalid (errcode 40014) or
 * expired (42001) — another server, or a second WeCom app with the same secret, may have
 * replaced it early — so the next `get` fetches a fresh one.
 */

export interface IssuedToken {
  readonly token: string;
  /** Lifetime in seconds as the endpoint said (`expires_in`). */
  readonly expiresInS: number;
}

interface Entry {
  readonly token: string;
  /** When to stop using it (ms): expiry minus the margin. */
  readonly useUntil: number;
}

export class AccessTokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<string>>();

  constructor(
    private readonly now: () => number = Date.now,
    /** Refresh this long before expiry (default 5 min; at most half the lifetime). */
    private readonly marginMs = 5 * 60_000,
  ) {}

  /** The cached token for `key`, or a new one from `fetch` (one fetch for concurrent callers). */
  async get(key: string, fetch: () => Promise<IssuedToken>): Promise<string> {
    const hit = this.entries.get(key);
    if (hit !== undefined && this.now() < hit.useUntil) return hit.token;
    const running = this.pending.get(key);
    if (running !== undefined) return running;
    const p = (async () => {
      try {
        const issued = await fetch();
        const lifeMs = issued.expiresInS * 1000;
        this.entries.set(key, { token: issued.token, useUntil: this.now() + lifeMs - Math.min(this.marginMs, lifeMs / 2) });
        return issued.token;
      } finally {
        this.pending.delete(key);
      }
    })();
    this.pending.set(key, p);
    return p;
  }

  /** Forgets `token` (if it is still the cached one): the API refused it. */
  invalidate(key: string, token: string): void {
    if (this.entries.get(key)?.token === token) this.entries.delete(key);
  }
}

/** The process's cache, shared by every channel (tokens are per corp/app secret, not per message). */
export const sharedTokenCache = new AccessTokenCache();

/** Cache key of a token endpoint with its secret: the hash, so the secret is not kept as a key. */
export function tokenKey(url: string, secret: string | null): string {
  return createHash('sha256').update(url).update('\0').update(secret ?? '').digest('hex');
}
