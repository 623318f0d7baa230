import { createHash, randomBytes } from 'node:crypto';
import { ApiProblem } from '../api/problem.ts';
import type { Queryable } from '../store/db.ts';

/**
 * One-time, expiring links for people without a login: a customer's case-status page, a
 * satisfaction survey. The secret (32 random bytes, base64url: 43 characters) goes into the
 * URL once and is never stored; the table keeps its SHA-256 (no salt needed for 256 random
 * bits), the organisation, a purpose and the subject it opens.
 *
 * - `verifyPublicToken` checks a link and counts the visit without using it up: a status page
 *   may be opened again until it expires.
 * - `consumePublicToken` uses it up in one conditional UPDATE: of two concurrent submissions of
 *   the same survey exactly one succeeds (the second waits for the row lock, then finds it
 *   consumed).
 *
 * A token of another purpose is "unknown", like a made-up one: a survey link never opens a
 * status page. Refusals say why (unknown / expired / used / revoked) so the page can tell the
 * customer what to do; `publicTokenProblem` turns them into 404 / 410 answers.
 *
 * Rejected: signed stateless tokens (JWT-like). They cannot be used up or revoked without a
 * table anyway, and a row per link is cheap.
 */

export interface PublicTokenSubject {
  /** 'case', 'appointment', 'survey'… */
  readonly type: string;
  readonly id: string;
}

export interface IssuedPublicToken {
  /** The secret for the URL: shown once, never stored. */
  readonly token: string;
  readonly expiresAt: number;
}

export interface PublicTokenRecord {
  readonly orgId: string;
  readonly purpose: string;
  readonly subject: PublicTokenSubject;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly consumedAt: number | null;
  /** Visits counted by verify (and the consuming one). */
  readonly uses: number;
}

export type PublicTokenRefusal = 'unknown' | 'expired' | 'consumed' | 'revoked';

export type PublicTokenCheck = { readonly ok: true; readonly record: PublicTokenRecord } | { readonly ok: false; readonly reason: PublicTokenRefusal };

const PURPOSE = /^[a-z][a-z0-9-]{0,39}$/;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** Longest life a link may be given: 90 days. */
export const MAX_TOKEN_TTL_MS = 90 * 24 * 3600_000;

const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');
const iso = (t: number) => new Date(t).toISOString();

interface Row {
  org_id: string;
  purpose: string;
  subject_type: string;
  subject_id: string;
  created_at: Date;
  expires_at: Date;
  consumed_at: Date | null;
  revoked_at: Date | null;
  uses: number;
}
const COLUMNS = 'org_id, purpose, subject_type, subject_id, created_at, expires_at, consumed_at, revoked_at, uses';

function record(r: Row): PublicTokenRecord {
  return {
    orgId: r.org_id,
    purpose: r.purpose,
    subject: { type: r.subject_type, id: r.subject_id },
    createdAt: r.created_at.getTime(),
    expiresAt: r.expires_at.getTime(),
    consumedAt: r.consumed_at?.getTime() ?? null,
    uses: r.uses,
  };
}

function refusal(r: Row | undefined, now: number): PublicTokenRefusal {
  if (r === undefined) return 'unknown';
  if (r.revoked_at !== null) return 'revoked';
  if (r.consumed_at !== null) return 'consumed';
  if (r.expires_at.getTime() <= now) return 'expired';
  return 'unknown';
}

/** Issues a link secret for `subject`, valid for `ttlMs` from `now`. */
export async function createPublicToken(
  q: Queryable,
  input: { readonly orgId: string; readonly purpose: string; readonly subject: PublicTokenSubject; readonly ttlMs: number },
  ctx: { readonly now: number },
): Promise<IssuedPublicToken> {
  if (!PURPOSE.test(input.purpose)) throw new Error(`public token purpose "${input.purpose}" must be lower-case letters, digits and dashes (at most 40)`);
  if (!Number.isInteger(input.ttlMs) || input.ttlMs <= 0 || input.ttlMs > MAX_TOKEN_TTL_MS)
    throw new Error(`public token life must be a whole number of milliseconds between 1 and ${MAX_TOKEN_TTL_MS} (90 days), not ${input.ttlMs}`);
  if (input.subject.type === '' || input.subject.id === '') throw new Error('a public token needs a subject type and id');
  const token = randomBytes(32).toString('base64url');
  const expiresAt = ctx.now + input.ttlMs;
  await q.query(
    `INSERT INTO public_tokens (hash, org_id, purpose, subject_type, subject_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [hashOf(token), input.orgId, input.purpose, input.subject.type, input.subject.id, iso(ctx.now), iso(expiresAt)],
  );
  return { token, expiresAt };
}

/** Checks a link of this purpose and counts the visit; it stays usable until it expires. */
export async function verifyPublicToken(q: Queryable, purpose: string, token: string, now: number): Promise<PublicTokenCheck> {
  if (!TOKEN.test(token)) return { ok: false, reason: 'unknown' };
  const r = await q.query<Row>(
    `UPDATE public_tokens SET uses = uses + 1, last_used_at = $3
      WHERE hash = $1 AND purpose = $2 AND consumed_at IS NULL AND revoked_at IS NULL AND expires_at > $3
      RETURNING ${COLUMNS}`,
    [hashOf(token), purpose, iso(now)],
  );
  if (r.rows[0] !== undefined) return { ok: true, record: record(r.rows[0]) };
  return { ok: false, reason: refusal(await find(q, purpose, token), now) };
}

/** Uses a link up (exactly once, even under concurrent requests). Run it in the transaction of what it unlocks. */
export async function consumePublicToken(q: Queryable, purpose: string, token: string, now: number): Promise<PublicTokenCheck> {
  if (!TOKEN.test(token)) return { ok: false, reason: 'unknown' };
  const r = await q.query<Row>(
    `UPDATE public_tokens SET consumed_at = $3, uses = uses + 1, last_used_at = $3
      WHERE hash = $1 AND purpose = $2 AND consumed_at IS NULL AND revoked_at IS NULL AND expires_at > $3
      RETURNING ${COLUMNS}`,
    [hashOf(token), purpose, iso(now)],
  );
  if (r.rows[0] !== undefined) return { ok: true, record: record(r.rows[0]) };
  return { ok: false, reason: refusal(await find(q, purpose, token), now) };
}

/** Reads a link without counting a visit (undefined for unknown or another purpose). */
export async function peekPublicToken(q: Queryable, purpose: string, token: string): Promise<PublicTokenRecord | undefined> {
  const r = await find(q, purpose, token);
  return r === undefined ? undefined : record(r);
}

async function find(q: Queryable, purpose: string, token: string): Promise<Row | undefined> {
  if (!TOKEN.test(token)) return undefined;
  return (await q.query<Row>(`SELECT ${COLUMNS} FROM public_tokens WHERE hash = $1 AND purpose = $2`, [hashOf(token), purpose])).rows[0];
}

/** Revokes every live link to a subject (e.g. a cancelled appointment); returns how many. */
export async function revokePublicTokens(q: Queryable, orgId: string, subject: PublicTokenSubject, now: number): Promise<number> {
  const r = await q.query(
    `UPDATE public_tokens SET revoked_at = $4 WHERE org_id = $1 AND subject_type = $2 AND subject_id = $3 AND revoked_at IS NULL AND consumed_at IS NULL AND expires_at > $4`,
    [orgId, subject.type, subject.id, iso(now)],
  );
  return r.rowCount;
}

/** Revokes one live link by its secret (a link made for a message that could not be sent); true when it was live. */
export async function revokePublicToken(q: Queryable, purpose: string, token: string, now: number): Promise<boolean> {
  if (!TOKEN.test(token)) return false;
  const r = await q.query(`UPDATE public_tokens SET revoked_at = $3 WHERE hash = $1 AND purpose = $2 AND revoked_at IS NULL AND consumed_at IS NULL`, [hashOf(token), purpose, iso(now)]);
  return r.rowCount > 0;
}

/** Deletes links that expired more than `keepMs` ago (housekeeping); returns how many. */
export async function purgeExpiredPublicTokens(q: Queryable, now: number, keepMs = 30 * 24 * 3600_000): Promise<number> {
  return (await q.query(`DELETE FROM public_tokens WHERE expires_at < $1`, [iso(now - keepMs)])).rowCount;
}

const MESSAGES: Readonly<Record<PublicTokenRefusal, string>> = {
  unknown: 'this link is not valid: check that it was copied completely',
  expired: 'this link has expired: ask the store for a new one',
  consumed: 'this link has already been used',
  revoked: 'this link was withdrawn by the store',
};

/** The API answer for a refused link: 404 for unknown ones, 410 Gone for expired, used or revoked ones. */
export function publicTokenProblem(reason: PublicTokenRefusal): ApiProblem {
  return new ApiProblem(reason === 'unknown' ? 404 : 410, `LINK_${reason.toUpperCase()}`, MESSAGES[reason]);
}
