import { createHash, randomBytes } from 'node:crypto';

/**
 * Bearer secrets (session cookies, API tokens) and the hashes stored for them. Secrets come
 * straight from the CSPRNG: unlike ids and clocks they are deliberately not injectable, so a
 * test double can never weaken them in production.
 */

/** 32 random bytes, base64url: a session cookie value or the secret part of an API token. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps instead of a secret: its SHA-256 (the secret has 256 bits, no salt needed). */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** API tokens read `sf_<token id>_<secret>`: the id finds the row, the secret proves possession. */
export function formatApiToken(id: string, secret: string): string {
  return `sf_${id}_${secret}`;
}

/** Splits an API token into id and secret; undefined when it is not one. */
export function parseApiToken(token: string): { id: string; secret: string } | undefined {
  const m = /^sf_([A-Za-z0-9-]{1,64})_([A-Za-z0-9_-]{43})$/.exec(token);
  return m === null ? undefined : { id: m[1]!, secret: m[2]! };
}
