import type { Store } from '../store/store.ts';
import type { ScryptCost } from './auth/password.ts';
import type { Logger } from './http/logger.ts';
import type { SopLibrary } from './library.ts';

/**
 * What the API is made of, passed in by the composition root (src/server): no globals, no
 * container. Time comes from `now`, so tests move a fake clock.
 */
export interface ApiConfig {
  /** Mark cookies `Secure` (serve over HTTPS, or behind a proxy that does). */
  readonly secureCookies: boolean;
  /** Sessions end this long after their last use. */
  readonly sessionIdleMs: number;
  /** …and at the latest this long after login. */
  readonly sessionMaxMs: number;
  /** scrypt cost for new password hashes (tests lower it; stored hashes carry their own). */
  readonly passwordCost?: ScryptCost;
  /** Allow `POST /api/orgs` (self-service sign-up of a new organisation). */
  readonly signup: boolean;
  /** Failed logins allowed per login name and per client address in one window. */
  readonly loginLimit: { readonly maxFailures: number; readonly windowMs: number };
  /** Largest request body accepted. */
  readonly maxBodyBytes: number;
  /** Take the client address from X-Forwarded-For (only behind a trusted proxy). */
  readonly trustProxy: boolean;
  /**
   * How long a caller looked up by session or token is remembered (0 = look up every time).
   * Changes made through this process take effect at once; through another process, within this.
   */
  readonly principalCacheMs: number;
}

/** Production defaults (the server overrides from the environment). */
export const DEFAULT_CONFIG: ApiConfig = {
  secureCookies: false,
  sessionIdleMs: 8 * 3600_000,
  sessionMaxMs: 7 * 24 * 3600_000,
  signup: false,
  loginLimit: { maxFailures: 10, windowMs: 15 * 60_000 },
  maxBodyBytes: 1024 * 1024,
  trustProxy: false,
  principalCacheMs: 2_000,
};

export interface ApiDeps {
  readonly store: Store;
  readonly now: () => number;
  readonly log: Logger;
  readonly config: ApiConfig;
  /** The SOP template library (`GET /api/library`); empty when none was loaded. */
  readonly library: SopLibrary;
}
