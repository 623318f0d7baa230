import { z } from 'zod';
import { grantsOf } from '../auth/principal.ts';
import { hashPassword, passwordProblem, verifyPassword, DEFAULT_COST } from '../auth/password.ts';
import { createSession, deleteSession, deleteStaffSessions, sessionPrincipal } from '../auth/sessions.ts';
import { blockedFor, clearFailures, recordFailure, throttleKeys } from '../auth/throttle.ts';
import { clearSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from '../http/cookies.ts';
import { ApiProblem } from '../problem.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { meSchema } from '../schemas/directory.ts';
import { findOrg, findStaff } from '../repo/directory.ts';
import type { Principal } from '../auth/principal.ts';
import type { ApiDeps } from '../deps.ts';

/** Signing in and out, changing one's password, and "who am I". */

const loginSchema = z.strictObject({ login: z.string().trim().min(1).max(100), password: z.string().min(1).max(200) });
const passwordChangeSchema = z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200) });

// Compared against when the login name is unknown, so a wrong name takes as long as a wrong
// password and response times do not reveal which login names exist.
let dummyHash: Promise<string> | undefined;
const dummy = (deps: ApiDeps) => (dummyHash ??= hashPassword('servflow-dummy-password', deps.config.passwordCost ?? DEFAULT_COST));

/** What "me" looks like: staff, organisation, work roles and access. */
export async function meView(deps: ApiDeps, p: Principal): Promise<z.infer<typeof meSchema>> {
  const [staff, org] = await Promise.all([findStaff(deps.store.db, p.orgId, p.staffId), findOrg(deps.store.db, p.orgId)]);
  const roles = [...p.roles].flatMap(([storeId, set]) => [...set].map((role) => ({ storeId, role })));
  return {
    staff: { id: p.staffId, name: staff?.name ?? '', login: staff?.login ?? null },
    organisation: { id: p.orgId, name: org?.name ?? '' },
    roles,
    access: grantsOf(p),
    via: p.via.kind,
  };
}

/** The auth routes. */
export const authRoutes: RouteDef[] = [
  defineRoute({
    method: 'post',
    path: '/api/auth/login',
    operationId: 'login',
    tag: 'auth',
    summary: 'Sign in with login name and password; sets the session cookie',
    description:
      'Answers with who you are and sets `sf_session` (HTTP-only, SameSite=Strict). With curl keep it in a cookie jar: `curl -c jar -b jar …`. ' +
      'Repeated failures for one login name or one address are refused with 429 for a while.',
    access: 'public',
    body: loginSchema,
    responses: { 200: { description: 'Signed in', schema: meSchema } },
    problems: [429],
    async handler({ body, rc }) {
      const { deps, now } = rc;
      const db = deps.store.db;
      const keys = throttleKeys(body.login, rc.clientIp);
      const wait = await blockedFor(db, keys, deps.config.loginLimit, now);
      if (wait !== undefined) throw new ApiProblem(429, 'LOGIN_THROTTLED', `too many failed sign-ins; try again in ${wait} seconds`, { retryAfter: wait });
      const row = (
        await db.query<{ staff_id: string; org_id: string; password_hash: string; active: boolean }>(
          `SELECT l.staff_id, l.org_id, l.password_hash, s.active FROM staff_logins l JOIN staff s ON s.id = l.staff_id WHERE lower(l.login) = lower($1)`,
          [body.login],
        )
      ).rows[0];
      const ok = await verifyPassword(body.password, row?.password_hash ?? (await dummy(deps)));
      if (row === undefined || !ok || !row.active) {
        await recordFailure(db, keys, deps.config.loginLimit, now);
        rc.annotate({ login: 'failed' });
        throw new ApiProblem(401, 'LOGIN_FAILED', row !== undefined && ok ? 'this account is deactivated; ask an administrator' : 'the login name or the password is wrong');
      }
      await clearFailures(db, keys[0]!.key);
      const secret = await createSession(db, { orgId: row.org_id, staffId: row.staff_id }, { now, idleMs: deps.config.sessionIdleMs });
      rc.annotate({ login: 'ok', actor: row.staff_id, org: row.org_id });
      const p = await sessionPrincipal(db, secret, { now, idleMs: deps.config.sessionIdleMs, maxMs: deps.config.sessionMaxMs });
      return { status: 200, body: await meView(deps, p!), headers: { 'set-cookie': sessionCookie(secret, deps.config) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/auth/logout',
    operationId: 'logout',
    tag: 'auth',
    summary: 'Sign out: ends the session and clears the cookie (always succeeds)',
    access: 'public',
    responses: { 204: { description: 'Signed out' } },
    async handler({ rc }) {
      // Logout needs no valid session: a stale cookie is cleared all the same.
      const secret = readCookie(rc.header('cookie'), SESSION_COOKIE);
      if (secret !== undefined && secret !== '') await deleteSession(rc.deps.store.db, secret);
      rc.invalidatePrincipals();
      return { status: 204, headers: { 'set-cookie': clearSessionCookie(rc.deps.config) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/auth/password',
    operationId: 'changePassword',
    tag: 'auth',
    summary: 'Change your own password (signs out your other sessions)',
    access: 'signedIn',
    body: passwordChangeSchema,
    responses: { 204: { description: 'Changed' } },
    problems: [429],
    async handler({ body, principal: p, rc }) {
      const { deps, now } = rc;
      if (p.via.kind !== 'session') throw new ApiProblem(403, 'SESSION_REQUIRED', 'passwords are changed by the person, signed in; an API token cannot change them');
      const row = (await deps.store.db.query<{ login: string; password_hash: string }>(`SELECT login, password_hash FROM staff_logins WHERE staff_id = $1`, [p.staffId])).rows[0];
      if (row === undefined) throw new ApiProblem(409, 'NO_LOGIN', 'you have no login to change');
      const keys = throttleKeys(row.login, rc.clientIp);
      const wait = await blockedFor(deps.store.db, keys, deps.config.loginLimit, now);
      if (wait !== undefined) throw new ApiProblem(429, 'LOGIN_THROTTLED', `too many failed attempts; try again in ${wait} seconds`, { retryAfter: wait });
      if (!(await verifyPassword(body.currentPassword, row.password_hash))) {
        await recordFailure(deps.store.db, keys, deps.config.loginLimit, now);
        throw new ApiProblem(422, 'WRONG_PASSWORD', 'the current password is wrong', { issues: [{ path: 'body.currentPassword', message: 'wrong password' }] });
      }
      const weak = passwordProblem(body.newPassword, row.login);
      if (weak !== undefined) throw new ApiProblem(422, 'WEAK_PASSWORD', `choose another password: ${weak}`, { issues: [{ path: 'body.newPassword', message: weak }] });
      const hash = await hashPassword(body.newPassword, deps.config.passwordCost);
      return rc.write(p, async (w) => {
        await w.tx.query(`UPDATE staff_logins SET password_hash = $2, password_changed_at = $3 WHERE staff_id = $1`, [p.staffId, hash, new Date(now).toISOString()]);
        // Other sessions (a lost phone, a shared PC) end; this one stays.
        await deleteStaffSessions(w.tx, p.staffId, readCookie(rc.header('cookie'), SESSION_COOKIE));
        w.audit({ action: 'staff.password.change', targetType: 'staff', targetId: p.staffId, personal: ['password'] });
        return { status: 204 };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/me',
    operationId: 'me',
    tag: 'auth',
    summary: 'Who you are: staff member, organisation, work roles per store, access levels',
    access: 'signedIn',
    responses: { 200: { description: 'You', schema: meSchema } },
    async handler({ principal, rc }) {
      return { status: 200, body: await meView(rc.deps, principal) };
    },
  }),
];
