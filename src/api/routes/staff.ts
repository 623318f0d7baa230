import { z } from 'zod';
import { addStaff } from '../../store/directory.ts';
import { generatePassword, hashPassword, passwordProblem } from '../auth/password.ts';
import { deleteStaffSessions } from '../auth/sessions.ts';
import { isAdmin, seesAllStores, seesStaff, visibleStores } from '../policy/access.ts';
import { ApiProblem, forbidden, notFound } from '../problem.ts';
import { decodeCursor, paginate } from '../pagination.ts';
import { findStaff, listStaff, storesOfStaff, unknownStores, type StaffView } from '../repo/directory.ts';
import { loginTaken, otherActiveAdmins, replaceGrants, replaceStaffRoles, upsertLogin } from '../repo/staff-write.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { idSchema, pageOf, pageQuery } from '../schemas/common.ts';
import { accessPutSchema, loginPutSchema, roleIdSchema, rolesPutSchema, staffCreatedSchema, staffCreateSchema, staffPatchSchema, staffSchema } from '../schemas/directory.ts';
import { ensureIdFree } from '../repo/ids.ts';
import type { Principal } from '../auth/principal.ts';
import type { Queryable, Tx } from '../../store/db.ts';

/** People: staff records, their work roles per store, access levels and logins (admins manage them). */

const staffParams = z.strictObject({ staffId: idSchema });

/** The audit snapshot of a person: no name, no login (personal data stays in the record). */
const snapshot = (s: StaffView | undefined) => (s === undefined ? undefined : { active: s.active, roles: s.roles, access: s.access, hasLogin: s.login !== null });

async function visibleStaff(q: Queryable, p: Principal, staffId: string): Promise<StaffView> {
  const s = await findStaff(q, p.orgId, staffId);
  if (s === undefined) throw notFound('staff member', staffId);
  if (!seesAllStores(p) && !seesStaff(p, staffId, await storesOfStaff(q, staffId))) throw notFound('staff member', staffId);
  return s;
}

async function checkStores(tx: Tx, orgId: string, ids: readonly (string | undefined)[], field: string): Promise<void> {
  const missing = await unknownStores(tx, orgId, ids.filter((x): x is string => x !== undefined));
  if (missing.length > 0)
    throw new ApiProblem(422, 'UNKNOWN_STORE', `no such store(s) in your organisation: ${missing.join(', ')}`, { issues: missing.map((m) => ({ path: field, message: `unknown store ${m}` })) });
}

function weak(password: string, login: string, path: string): void {
  const why = passwordProblem(password, login);
  if (why !== undefined) throw new ApiProblem(422, 'WEAK_PASSWORD', `choose another password: ${why}`, { issues: [{ path, message: why }] });
}

/** The staff routes. */
export const staffRoutes: RouteDef[] = [
  defineRoute({
    method: 'get',
    path: '/api/staff',
    operationId: 'listStaff',
    tag: 'staff',
    summary: 'Staff you can see: colleagues of your stores (everyone for admins, general managers and organisation auditors)',
    access: 'signedIn',
    query: z.strictObject({
      ...pageQuery,
      storeId: idSchema.optional().describe('Only people with a role in this store'),
      role: roleIdSchema.optional().describe('Only people holding this work role'),
      active: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')),
    }),
    responses: { 200: { description: 'A page of staff', schema: pageOf(staffSchema) } },
    async handler({ query, principal: p, rc }) {
      const after = query.cursor === undefined ? undefined : String(decodeCursor(query.cursor, 1)[0]);
      const rows = await listStaff(rc.deps.store.db, p.orgId, { stores: visibleStores(p), self: p.staffId, storeId: query.storeId, role: query.role, active: query.active }, after, query.limit + 1);
      return { status: 200, body: paginate(rows, query.limit, (s) => [s.id], (s) => s) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/staff',
    operationId: 'createStaff',
    tag: 'staff',
    summary: 'Add a staff member, optionally with a login, work roles and access (admins)',
    access: 'signedIn',
    body: staffCreateSchema,
    idempotent: true,
    responses: { 201: { description: 'Created', schema: staffCreatedSchema } },
    problems: [409],
    async handler({ body, principal: p, rc }) {
      if (!isAdmin(p)) throw forbidden('only organisation admins add staff');
      const id = body.id ?? rc.deps.store.ids.next('staff');
      const generated = body.login !== undefined && body.password === undefined ? generatePassword() : undefined;
      const password = body.password ?? generated;
      if (body.login !== undefined && body.password !== undefined) weak(body.password, body.login, 'body.password');
      if (body.access?.some((g) => g.level === 'admin' && g.storeId !== undefined)) throw new ApiProblem(422, 'ADMIN_IS_ORG_WIDE', 'admin access is for the whole organisation: leave storeId out');
      const hash = body.login !== undefined && password !== undefined ? await hashPassword(password, rc.deps.config.passwordCost) : undefined;
      return rc.write(p, async (w) => {
        await ensureIdFree(w.tx, 'staff', id);
        await checkStores(w.tx, p.orgId, [...(body.roles ?? []).map((r) => r.storeId), ...(body.access ?? []).map((g) => g.storeId)], 'body.roles');
        if (body.login !== undefined && (await loginTaken(w.tx, body.login, id))) throw new ApiProblem(409, 'LOGIN_TAKEN', `the login name "${body.login}" is taken; choose another`);
        await addStaff(w.tx, { id, orgId: p.orgId, name: body.name, active: body.active }, { now: rc.now });
        if (body.roles !== undefined) await replaceStaffRoles(w.tx, p.orgId, id, body.roles);
        if (body.access !== undefined) await replaceGrants(w.tx, p.orgId, id, body.access);
        if (body.login !== undefined && hash !== undefined) await upsertLogin(w.tx, p.orgId, id, body.login, hash, rc.now);
        const staff = await findStaff(w.tx, p.orgId, id);
        w.audit({ action: 'staff.create', targetType: 'staff', targetId: id, after: snapshot(staff), personal: body.login !== undefined ? ['name', 'login', 'password'] : ['name'] });
        return { status: 201, body: { staff, ...(generated !== undefined ? { initialPassword: generated } : {}) }, headers: { location: `/api/staff/${encodeURIComponent(id)}` } };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/staff/{staffId}',
    operationId: 'getStaff',
    tag: 'staff',
    summary: 'One staff member (yourself, a colleague of your stores, or anyone for organisation-wide access)',
    access: 'signedIn',
    params: staffParams,
    responses: { 200: { description: 'The staff member', schema: staffSchema } },
    async handler({ params, principal: p, rc }) {
      return { status: 200, body: await visibleStaff(rc.deps.store.db, p, params.staffId) };
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/api/staff/{staffId}',
    operationId: 'updateStaff',
    tag: 'staff',
    summary: 'Rename or (de)activate a staff member (admins); deactivating ends their sessions and tokens',
    access: 'signedIn',
    params: staffParams,
    body: staffPatchSchema,
    responses: { 200: { description: 'Updated', schema: staffSchema } },
    problems: [409],
    async handler({ params, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const before = await visibleStaff(w.tx, p, params.staffId);
        if (!isAdmin(p)) throw forbidden('only organisation admins change staff records');
        if (body.active === false && before.access.some((g) => g.level === 'admin') && (await otherActiveAdmins(w.tx, p.orgId, params.staffId)) === 0)
          throw new ApiProblem(409, 'LAST_ADMIN', 'this is the last active admin of the organisation; make someone else admin first');
        await w.tx.query(`UPDATE staff SET name = coalesce($3, name), active = coalesce($4, active) WHERE org_id = $1 AND id = $2`, [p.orgId, params.staffId, body.name ?? null, body.active ?? null]);
        if (body.active === false) await deleteStaffSessions(w.tx, params.staffId);
        const after = await findStaff(w.tx, p.orgId, params.staffId);
        w.audit({ action: 'staff.update', targetType: 'staff', targetId: params.staffId, before: snapshot(before), after: snapshot(after), personal: body.name !== undefined && body.name !== before.name ? ['name'] : [] });
        return { status: 200, body: after };
      });
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/staff/{staffId}/roles',
    operationId: 'setStaffRoles',
    tag: 'staff',
    summary: "Set a person's work roles per store (admins); new roles join the end of the duty order",
    access: 'signedIn',
    params: staffParams,
    body: rolesPutSchema,
    responses: { 200: { description: 'Updated', schema: staffSchema } },
    async handler({ params, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const before = await visibleStaff(w.tx, p, params.staffId);
        if (!isAdmin(p)) throw forbidden("only organisation admins change people's roles");
        await checkStores(w.tx, p.orgId, body.roles.map((r) => r.storeId), 'body.roles');
        await replaceStaffRoles(w.tx, p.orgId, params.staffId, body.roles);
        const after = await findStaff(w.tx, p.orgId, params.staffId);
        w.audit({ action: 'staff.roles', targetType: 'staff', targetId: params.staffId, before: { roles: before.roles }, after: { roles: after?.roles } });
        return { status: 200, body: after };
      });
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/staff/{staffId}/access',
    operationId: 'setStaffAccess',
    tag: 'staff',
    summary: "Set a person's access levels: admin, manager / general manager, auditor (admins)",
    access: 'signedIn',
    params: staffParams,
    body: accessPutSchema,
    responses: { 200: { description: 'Updated', schema: staffSchema } },
    problems: [409],
    async handler({ params, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const before = await visibleStaff(w.tx, p, params.staffId);
        if (!isAdmin(p)) throw forbidden('only organisation admins change access');
        if (body.access.some((g) => g.level === 'admin' && g.storeId !== undefined)) throw new ApiProblem(422, 'ADMIN_IS_ORG_WIDE', 'admin access is for the whole organisation: leave storeId out');
        await checkStores(w.tx, p.orgId, body.access.map((g) => g.storeId), 'body.access');
        const keepsAdmin = body.access.some((g) => g.level === 'admin');
        if (!keepsAdmin && before.access.some((g) => g.level === 'admin') && (await otherActiveAdmins(w.tx, p.orgId, params.staffId)) === 0)
          throw new ApiProblem(409, 'LAST_ADMIN', 'this is the last active admin of the organisation; make someone else admin first');
        await replaceGrants(w.tx, p.orgId, params.staffId, body.access);
        const after = await findStaff(w.tx, p.orgId, params.staffId);
        w.audit({ action: 'staff.access', targetType: 'staff', targetId: params.staffId, before: { access: before.access }, after: { access: after?.access } });
        return { status: 200, body: after };
      });
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/staff/{staffId}/login',
    operationId: 'setStaffLogin',
    tag: 'staff',
    summary: 'Give a person a login, or reset it: new login name and password (admins); ends their sessions',
    access: 'signedIn',
    params: staffParams,
    body: loginPutSchema,
    responses: { 200: { description: 'Set', schema: z.object({ staff: staffSchema, password: z.string().optional().describe('Only when generated: shown this once') }) } },
    problems: [409],
    async handler({ params, body, principal: p, rc }) {
      const generated = body.password === undefined ? generatePassword() : undefined;
      if (body.password !== undefined) weak(body.password, body.login, 'body.password');
      const hash = await hashPassword(body.password ?? generated!, rc.deps.config.passwordCost);
      return rc.write(p, async (w) => {
        const before = await visibleStaff(w.tx, p, params.staffId);
        if (!isAdmin(p)) throw forbidden('only organisation admins set logins');
        if (await loginTaken(w.tx, body.login, params.staffId)) throw new ApiProblem(409, 'LOGIN_TAKEN', `the login name "${body.login}" is taken; choose another`);
        await upsertLogin(w.tx, p.orgId, params.staffId, body.login, hash, rc.now);
        if (params.staffId !== p.staffId) await deleteStaffSessions(w.tx, params.staffId);
        const after = await findStaff(w.tx, p.orgId, params.staffId);
        w.audit({ action: 'staff.login.set', targetType: 'staff', targetId: params.staffId, before: { hasLogin: before.login !== null }, after: { hasLogin: true }, personal: ['login', 'password'] });
        return { status: 200, body: { staff: after, ...(generated !== undefined ? { password: generated } : {}) } };
      });
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/staff/{staffId}/login',
    operationId: 'removeStaffLogin',
    tag: 'staff',
    summary: 'Take away a login (admins): the person can no longer sign in; sessions end',
    access: 'signedIn',
    params: staffParams,
    responses: { 204: { description: 'Removed' } },
    problems: [409],
    async handler({ params, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const before = await visibleStaff(w.tx, p, params.staffId);
        if (!isAdmin(p)) throw forbidden('only organisation admins remove logins');
        if (params.staffId === p.staffId) throw new ApiProblem(409, 'OWN_LOGIN', 'you cannot remove your own login; ask another admin');
        if (before.login === null) return { status: 204 };
        await w.tx.query(`DELETE FROM staff_logins WHERE staff_id = $1`, [params.staffId]);
        await deleteStaffSessions(w.tx, params.staffId);
        w.audit({ action: 'staff.login.remove', targetType: 'staff', targetId: params.staffId, before: { hasLogin: true }, after: { hasLogin: false }, personal: ['login'] });
        return { status: 204 };
      });
    },
  }),
];
