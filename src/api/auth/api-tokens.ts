import { timingSafeEqual } from 'node:crypto';
import { makePrincipal, type Principal } from './principal.ts';
import { PRINCIPAL_COLUMNS, type PrincipalRow } from './sessions.ts';
import { formatApiToken, newSecret, parseApiToken, secretHash } from './secrets.ts';
import type { Queryable } from '../../store/db.ts';

/** API tokens for integrations: each acts as the staff member it belongs to, until revoked or expired. */

const FIND = `SELECT t.staff_id, t.secret_hash, t.expires_at, t.revoked_at, t.last_used_at, ${PRINCIPAL_COLUMNS}
  FROM api_tokens t JOIN staff st ON st.id = t.staff_id AND st.org_id = t.org_id
  WHERE t.id = $1`;

export interface TokenRecord {
  readonly id: string;
  readonly staffId: string;
  readonly name: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

/** Issues a token; returns the row and the full token text (shown once). */
export async function createApiToken(
  q: Queryable,
  t: { id: string; orgId: string; staffId: string; name: string; createdBy: string; expiresAt?: number },
  opts: { now: number },
): Promise<{ token: string; record: TokenRecord }> {
  const secret = newSecret();
  const createdAt = new Date(opts.now).toISOString();
  const expiresAt = t.expiresAt === undefined ? null : new Date(t.expiresAt).toISOString();
  await q.query(`INSERT INTO api_tokens (id, org_id, staff_id, name, secret_hash, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
    t.id,
    t.orgId,
    t.staffId,
    t.name,
    secretHash(secret),
    t.createdBy,
    createdAt,
    expiresAt,
  ]);
  return {
    token: formatApiToken(t.id, secret),
    record: { id: t.id, staffId: t.staffId, name: t.name, createdBy: t.createdBy, createdAt, expiresAt, lastUsedAt: null, revokedAt: null },
  };
}

/** The principal of a valid token, or undefined. Marks the token used at most once an hour. */
export async function tokenPrincipal(q: Queryable, token: string, opts: { now: number }): Promise<Principal | undefined> {
  return (await tokenLookup(q, token, opts))?.principal;
}

/** The principal of a valid token and the instant it expires (Infinity when it does not). */
export async function tokenLookup(q: Queryable, token: string, opts: { now: number }): Promise<{ principal: Principal; expiresAt: number } | undefined> {
  const parsed = parseApiToken(token);
  if (parsed === undefined) return undefined;
  const row = (
    await q.query<PrincipalRow & { staff_id: string; secret_hash: string; expires_at: Date | null; revoked_at: Date | null; last_used_at: Date | null }>(FIND, [parsed.id], {
      name: 'sf_api_token',
    })
  ).rows[0];
  if (row === undefined) return undefined;
  const a = Buffer.from(secretHash(parsed.secret));
  const b = Buffer.from(row.secret_hash);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return undefined;
  if (!row.active || row.revoked_at !== null || (row.expires_at !== null && row.expires_at.getTime() <= opts.now)) return undefined;
  if (row.last_used_at === null || opts.now - row.last_used_at.getTime() > 3600_000)
    await q.query(`UPDATE api_tokens SET last_used_at = $2 WHERE id = $1`, [parsed.id, new Date(opts.now).toISOString()]);
  return {
    principal: makePrincipal({ orgId: row.org_id, staffId: row.staff_id, via: { kind: 'token', id: parsed.id } }, row.roles, row.grants),
    expiresAt: row.expires_at?.getTime() ?? Infinity,
  };
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

/** Tokens of an organisation (optionally of one staff member), newest first; secrets are never returned. */
export async function listApiTokens(q: Queryable, orgId: string, staffId?: string): Promise<TokenRecord[]> {
  const r = await q.query<{ id: string; staff_id: string; name: string; created_by: string; created_at: Date; expires_at: Date | null; last_used_at: Date | null; revoked_at: Date | null }>(
    `SELECT id, staff_id, name, created_by, created_at, expires_at, last_used_at, revoked_at FROM api_tokens
      WHERE org_id = $1 AND ($2::text IS NULL OR staff_id = $2) ORDER BY created_at DESC, id`,
    [orgId, staffId ?? null],
  );
  return r.rows.map((x) => ({
    id: x.id,
    staffId: x.staff_id,
    name: x.name,
    createdBy: x.created_by,
    createdAt: x.created_at.toISOString(),
    expiresAt: iso(x.expires_at),
    lastUsedAt: iso(x.last_used_at),
    revokedAt: iso(x.revoked_at),
  }));
}
