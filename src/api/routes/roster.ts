import { z } from 'zod';
import { setRoleStaff } from '../../store/directory.ts';
import { managesStore, seesStore } from '../policy/access.ts';
import { ApiProblem, forbidden, notFound } from '../problem.ts';
import { findStore, unknownStaff } from '../repo/directory.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { idSchema } from '../schemas/common.ts';
import { dutyPutSchema, roleIdSchema, rosterPutSchema, rosterSchema } from '../schemas/directory.ts';
import type { Queryable } from '../../store/db.ts';
import type { Principal } from '../auth/principal.ts';

/**
 * Duty rosters: per store and role, who does it in duty order (the rotation order of 轮流接待),
 * who got the last rotation task, and who is on shift. Store managers keep their own rosters.
 */

type Roster = z.infer<typeof rosterSchema>;

async function roster(q: Queryable, orgId: string, storeId: string): Promise<Roster> {
  const r = await q.query<{ role: string; staff_id: string; name: string; active: boolean; on_duty: boolean | null; last: string | null }>(
    `SELECT sr.role, sr.staff_id, s.name, s.active, d.on_duty, ro.last_staff_id AS last
       FROM staff_roles sr JOIN staff s ON s.id = sr.staff_id
       LEFT JOIN duty d ON d.store_id = sr.store_id AND d.staff_id = sr.staff_id
       LEFT JOIN rotations ro ON ro.org_id = sr.org_id AND ro.scope = sr.store_id AND ro.role = sr.role
      WHERE sr.org_id = $1 AND sr.store_id = $2
      ORDER BY sr.role, sr.duty_order, sr.staff_id`,
    [orgId, storeId],
  );
  const roles = new Map<string, Roster['roles'][number]>();
  for (const x of r.rows) {
    let entry = roles.get(x.role);
    if (entry === undefined) roles.set(x.role, (entry = { role: x.role, staff: [], lastAssigned: x.last === '' ? null : x.last }));
    entry.staff.push({ id: x.staff_id, name: x.name, active: x.active, onDuty: x.on_duty ?? true });
  }
  return { storeId, roles: [...roles.values()] };
}

async function visibleStore(q: Queryable, p: Principal, storeId: string): Promise<void> {
  const store = await findStore(q, p.orgId, storeId);
  if (store === undefined || !seesStore(p, storeId)) throw notFound('store', storeId);
}

const storeParams = z.strictObject({ storeId: idSchema });

/** The roster routes. */
export const rosterRoutes: RouteDef[] = [
  defineRoute({
    method: 'get',
    path: '/api/stores/{storeId}/roster',
    operationId: 'getRoster',
    tag: 'stores',
    summary: "A store's duty roster: each role's staff in duty (rotation) order, who is on shift, who got the last task",
    access: 'signedIn',
    params: storeParams,
    responses: { 200: { description: 'The roster', schema: rosterSchema } },
    async handler({ params, principal: p, rc }) {
      await visibleStore(rc.deps.store.db, p, params.storeId);
      return { status: 200, body: await roster(rc.deps.store.db, p.orgId, params.storeId) };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/stores/{storeId}/roster/{role}',
    operationId: 'setRoster',
    tag: 'stores',
    summary: 'Set who does a role in a store, in duty order (store managers, general managers, admins)',
    access: 'signedIn',
    params: z.strictObject({ storeId: idSchema, role: roleIdSchema }),
    body: rosterPutSchema,
    responses: { 200: { description: 'The updated roster', schema: rosterSchema } },
    async handler({ params, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        await visibleStore(w.tx, p, params.storeId);
        if (!managesStore(p, params.storeId)) throw forbidden("only this store's managers (and admins) change its roster");
        if (new Set(body.staff).size !== body.staff.length) throw new ApiProblem(422, 'DUPLICATE_STAFF', 'a person appears twice in the duty order');
        const missing = await unknownStaff(w.tx, p.orgId, body.staff);
        if (missing.length > 0) throw new ApiProblem(422, 'UNKNOWN_STAFF', `no such staff in your organisation: ${missing.join(', ')}`);
        const before = (await roster(w.tx, p.orgId, params.storeId)).roles.find((r) => r.role === params.role)?.staff.map((s) => s.id) ?? [];
        await setRoleStaff(w.tx, p.orgId, params.storeId, params.role, body.staff);
        w.audit({ action: 'roster.set', targetType: 'roster', targetId: `${params.storeId}/${params.role}`, storeId: params.storeId, before: { staff: before }, after: { staff: body.staff } });
        return { status: 200, body: await roster(w.tx, p.orgId, params.storeId) };
      });
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/stores/{storeId}/duty',
    operationId: 'setOnDuty',
    tag: 'stores',
    summary: 'Say who is on shift in a store now (store managers, general managers, admins)',
    access: 'signedIn',
    params: storeParams,
    body: dutyPutSchema,
    responses: { 200: { description: 'The updated roster', schema: rosterSchema } },
    async handler({ params, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        await visibleStore(w.tx, p, params.storeId);
        if (!managesStore(p, params.storeId)) throw forbidden("only this store's managers (and admins) change who is on shift");
        const missing = await unknownStaff(w.tx, p.orgId, body.onDuty);
        if (missing.length > 0) throw new ApiProblem(422, 'UNKNOWN_STAFF', `no such staff in your organisation: ${missing.join(', ')}`);
        const before = (await w.tx.query<{ staff_id: string }>(`SELECT staff_id FROM duty WHERE store_id = $1 AND NOT on_duty ORDER BY staff_id`, [params.storeId])).rows.map((x) => x.staff_id);
        // Everyone holding a role here gets a row: listed → on duty, others → off duty.
        await w.tx.query(
          `INSERT INTO duty (org_id, store_id, staff_id, on_duty, changed_at)
           SELECT DISTINCT $1, $2, sr.staff_id, sr.staff_id IN (SELECT jsonb_array_elements_text($3::jsonb)), $4::timestamptz
             FROM staff_roles sr WHERE sr.store_id = $2
           ON CONFLICT (store_id, staff_id) DO UPDATE SET on_duty = EXCLUDED.on_duty, changed_at = EXCLUDED.changed_at`,
          [p.orgId, params.storeId, JSON.stringify(body.onDuty), new Date(rc.now).toISOString()],
        );
        const after = await roster(w.tx, p.orgId, params.storeId);
        const off = [...new Set(after.roles.flatMap((r) => r.staff.filter((s) => !s.onDuty).map((s) => s.id)))].sort();
        w.audit({ action: 'duty.set', targetType: 'duty', targetId: params.storeId, storeId: params.storeId, before: { offDuty: before }, after: { offDuty: off } });
        return { status: 200, body: after };
      });
    },
  }),
];
