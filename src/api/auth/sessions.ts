import { makePrincipal, type Principal } from './principal.ts';
import { newSecret, secretHash } from './secrets.ts';
import type { Queryable } from '../../store/db.ts';

/**
 * Web sessions: a random cookie value; the database keeps its hash, the staff member, and when
 * it ends (idle timeout, slid forward on use, capped by a maximum age from login).
 */

/** The work roles and grants of the staff member, aggregated as JSON in one round trip. */
export const PRINCIPAL_COLUMNS = `st.org_id, st.active,
  (SELECT coalesce(json_agg(json_build_array(sr.store_id, sr.role)), '[]'::json) FROM staff_roles sr WHERE sr.staff_id = st.id) AS roles,
  (SELECT coalesce(json_agg(json_build_array(g.scope, g.level)), '[]'::json) FROM access_grants g WHERE g.staff_id = st.id) AS grants`;

export interface PrincipalRow {
  readonly org_id: string;
  readonly active: boolean;
  readonly roles: [string, string][];
  readonly grants: [string, string][];
}

const FIND = `SELECT s.staff_id, s.created_at, s.expires_at, ${PRINCIPAL_COLUMNS}
  FROM sessions s JOIN staff st ON st.id = s.staff_id AND st.org_id = s.org_id
  WHERE s.id_hash = $1`;

/** Starts a session; returns the cookie value (shown once, never stored). */
export async function createSession(q: Queryable, staff: { orgId: string; staffId: string }, opts: { now: number; idleMs: number }): Promise<string> {
  const secret = newSecret();
  const now = new Date(opts.now).toISOString();
  await q.query(`INSERT INTO sessions (id_hash, org_id, staff_id, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $4)`, [
    secretHash(secret),
    staff.orgId,
    staff.staffId,
    now,
    new Date(opts.now + opts.idleMs).toISOString(),
  ]);
  return secret;
}

/**
 * The principal of a live session, or undefined (unknown, expired, or its staff member
 * deactivated). Slides the idle timeout forward at most once a minute, so busy users do not
 * turn every read into a write.
 */
export async function sessionPrincipal(q: Queryable, secret: string, opts: { now: number; idleMs: number; maxMs: number }): Promise<Principal | undefined> {
  return (await sessionLookup(q, secret, opts))?.principal;
}

/** The principal of a live session and the instant the session ends (without a new request). */
export async function sessionLookup(q: Queryable, secret: string, opts: { now: number; idleMs: number; maxMs: number }): Promise<{ principal: Principal; expiresAt: number } | undefined> {
  const hash = secretHash(secret);
  const row = (await q.query<PrincipalRow & { staff_id: string; created_at: Date; expires_at: Date }>(FIND, [hash], { name: 'sf_api_session' })).rows[0];
  if (row === undefined || !row.active || row.expires_at.getTime() <= opts.now) return undefined;
  const latest = Math.min(opts.now + opts.idleMs, row.created_at.getTime() + opts.maxMs);
  let expiresAt = row.expires_at.getTime();
  if (latest - expiresAt > 60_000) {
    await q.query(`UPDATE sessions SET expires_at = $2, last_seen_at = $3 WHERE id_hash = $1`, [hash, new Date(latest).toISOString(), new Date(opts.now).toISOString()]);
    expiresAt = latest;
  }
  return { principal: makePrincipal({ orgId: row.org_id, staffId: row.staff_id, via: { kind: 'session', id: hash.slice(0, 12) } }, row.roles, row.grants), expiresAt };
}

/** Ends one session (logout). */
export async function deleteSession(q: Queryable, secret: string): Promise<void> {
  await q.query(`DELETE FROM sessions WHERE id_hash = $1`, [secretHash(secret)]);
}

/** Ends every session of a staff member, except optionally the one in use (password change, deactivation). */
export async function deleteStaffSessions(q: Queryable, staffId: string, keepSecret?: string): Promise<void> {
  await q.query(`DELETE FROM sessions WHERE staff_id = $1 AND id_hash IS DISTINCT FROM $2`, [staffId, keepSecret === undefined ? null : secretHash(keepSecret)]);
}
