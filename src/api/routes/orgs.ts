import { z } from 'zod';
import { addOrg, addStaff, setOrgCalendars } from '../../store/directory.ts';
import { hashPassword, passwordProblem } from '../auth/password.ts';
import { makePrincipal } from '../auth/principal.ts';
import { blockedFor, recordFailure } from '../auth/throttle.ts';
import { isAdmin } from '../policy/access.ts';
import { ApiProblem, forbidden } from '../problem.ts';
import { findOrg } from '../repo/directory.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { orgPatchSchema, orgSchema, signupSchema } from '../schemas/directory.ts';

/** Organisations (tenants): sign-up, and the caller's own organisation. */

/** The org routes. */
export const orgRoutes: RouteDef[] = [
  defineRoute({
    method: 'post',
    path: '/api/orgs',
    operationId: 'signUp',
    tag: 'organisation',
    summary: 'Create a new organisation with its first admin (only when the server allows sign-up)',
    description: 'Off unless the server runs with SERVFLOW_SIGNUP=1. Limited per client address. Sign in afterwards with the admin login.',
    access: 'public',
    body: signupSchema,
    responses: { 201: { description: 'Created', schema: z.object({ organisation: orgSchema, adminId: z.string() }) } },
    problems: [403, 409, 429],
    async handler({ body, rc }) {
      const { deps, now } = rc;
      if (!deps.config.signup) throw new ApiProblem(403, 'SIGNUP_DISABLED', 'this server does not allow sign-up; ask its operator to create your organisation');
      const keys = [{ key: `signup:${rc.clientIp}`, factor: 1 }];
      const wait = await blockedFor(deps.store.db, keys, deps.config.loginLimit, now);
      if (wait !== undefined) throw new ApiProblem(429, 'SIGNUP_THROTTLED', `too many sign-ups from your address; try again in ${wait} seconds`, { retryAfter: wait });
      const weak = passwordProblem(body.admin.password, body.admin.login);
      if (weak !== undefined) throw new ApiProblem(422, 'WEAK_PASSWORD', `choose another password: ${weak}`, { issues: [{ path: 'body.admin.password', message: weak }] });
      const taken = (await deps.store.db.query(`SELECT 1 FROM staff_logins WHERE lower(login) = lower($1)`, [body.admin.login])).rows.length > 0;
      if (taken) throw new ApiProblem(409, 'LOGIN_TAKEN', `the login name "${body.admin.login}" is taken; choose another`);
      await recordFailure(deps.store.db, keys, deps.config.loginLimit, now); // every sign-up counts against the address
      const orgId = deps.store.ids.next('org');
      const adminId = deps.store.ids.next('staff');
      const hash = await hashPassword(body.admin.password, deps.config.passwordCost);
      const admin = makePrincipal({ orgId, staffId: adminId, via: { kind: 'session', id: 'signup' } }, [], [['*', 'admin']]);
      return rc.write(admin, async (w) => {
        await addOrg(w.tx, { id: orgId, name: body.organisation.name, timeZone: body.organisation.timeZone }, { now });
        await addStaff(w.tx, { id: adminId, orgId, name: body.admin.name }, { now });
        await w.tx.query(`INSERT INTO staff_logins (staff_id, org_id, login, password_hash, password_changed_at, created_at) VALUES ($1, $2, $3, $4, $5, $5)`, [
          adminId,
          orgId,
          body.admin.login,
          hash,
          new Date(now).toISOString(),
        ]);
        await w.tx.query(`INSERT INTO access_grants (org_id, staff_id, scope, level) VALUES ($1, $2, '*', 'admin')`, [orgId, adminId]);
        w.audit({ action: 'org.create', targetType: 'org', targetId: orgId, after: { name: body.organisation.name, timeZone: body.organisation.timeZone ?? 'Asia/Shanghai' } });
        w.audit({ action: 'staff.create', targetType: 'staff', targetId: adminId, after: { active: true, access: [{ level: 'admin' }] }, personal: ['name', 'login'] });
        const org = await findOrg(w.tx, orgId);
        return { status: 201, body: { organisation: org, adminId } };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/org',
    operationId: 'getOrganisation',
    tag: 'organisation',
    summary: 'Your organisation: name, time zone, named calendars',
    access: 'signedIn',
    responses: { 200: { description: 'The organisation', schema: orgSchema } },
    async handler({ principal: p, rc }) {
      return { status: 200, body: await findOrg(rc.deps.store.db, p.orgId) };
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/api/org',
    operationId: 'updateOrganisation',
    tag: 'organisation',
    summary: 'Rename the organisation, change its time zone or named calendars (admins)',
    access: 'signedIn',
    body: orgPatchSchema,
    responses: { 200: { description: 'Updated', schema: orgSchema } },
    async handler({ body, principal: p, rc }) {
      if (!isAdmin(p)) throw forbidden('only organisation admins change the organisation');
      return rc.write(p, async (w) => {
        const before = await findOrg(w.tx, p.orgId);
        if (body.name !== undefined || body.timeZone !== undefined)
          await w.tx.query(`UPDATE orgs SET name = coalesce($2, name), time_zone = coalesce($3, time_zone) WHERE id = $1`, [p.orgId, body.name ?? null, body.timeZone ?? null]);
        if (body.calendars !== undefined) await setOrgCalendars(w.tx, p.orgId, body.calendars);
        const after = await findOrg(w.tx, p.orgId);
        // The organisation's name is not a person's: it is copied like any setting.
        w.audit({ action: 'org.update', targetType: 'org', targetId: p.orgId, before, after });
        return { status: 200, body: after };
      });
    },
  }),
];
