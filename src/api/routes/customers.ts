import { z } from 'zod';
import { addCustomer } from '../../store/directory.ts';
import { isAdmin, seesAllStores } from '../policy/access.ts';
import { ApiProblem, forbidden, notFound } from '../problem.ts';
import { unknownStaff } from '../repo/directory.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { idSchema, isoTime } from '../schemas/common.ts';
import type { Principal } from '../auth/principal.ts';

/**
 * Customers, minimally: enough to start a case for one (owner for customerOwner assignment,
 * tier for tier rules). The customers issue adds the archive, search and history around them.
 * Names are personal data: read-only roles see them masked.
 */

const customerSchema = z
  .object({ id: z.string(), name: z.string().nullable(), tier: z.string().nullable(), ownerStaffId: z.string().nullable(), createdAt: isoTime })
  .meta({ id: 'Customer' });

/** Serves customers: anyone with a work role, a manager level or admin (not read-only auditors). */
function servesCustomers(p: Principal): boolean {
  return isAdmin(p) || p.roles.size > 0 || p.orgLevels.has('manager') || [...p.storeLevels.values()].some((l) => l.has('manager'));
}

const maskName = (n: string | null) => (n === null ? null : `${[...n][0] ?? ''}**`);

/** The customer routes. */
export const customerRoutes: RouteDef[] = [
  defineRoute({
    method: 'post',
    path: '/api/customers',
    operationId: 'createCustomer',
    tag: 'cases',
    summary: 'Register a customer (anyone who serves customers)',
    access: 'signedIn',
    body: z.strictObject({
      id: idSchema.optional().describe('Your own customer number; default: a new UUID'),
      name: z.string().trim().min(1).max(200).optional(),
      tier: z.string().trim().min(1).max(50).optional().describe('e.g. vip'),
      ownerStaffId: idSchema.optional().describe('The account manager (customerOwner assignment)'),
    }),
    idempotent: true,
    responses: { 201: { description: 'Registered', schema: customerSchema } },
    problems: [409],
    async handler({ body, principal: p, rc }) {
      if (!servesCustomers(p)) throw forbidden('read-only access: auditors do not register customers');
      const id = body.id ?? rc.deps.store.ids.next('customer');
      return rc.write(p, async (w) => {
        if ((await w.tx.query(`SELECT 1 FROM customers WHERE id = $1`, [id])).rows.length > 0) throw new ApiProblem(409, 'ID_TAKEN', `the customer id "${id}" is taken`);
        if (body.ownerStaffId !== undefined && (await unknownStaff(w.tx, p.orgId, [body.ownerStaffId])).length > 0)
          throw new ApiProblem(422, 'UNKNOWN_STAFF', `there is no staff member "${body.ownerStaffId}" in your organisation`, { issues: [{ path: 'body.ownerStaffId', message: 'unknown staff' }] });
        await addCustomer(w.tx, { id, orgId: p.orgId, name: body.name, tier: body.tier, ownerStaffId: body.ownerStaffId }, { now: rc.now });
        w.audit({ action: 'customer.create', targetType: 'customer', targetId: id, after: { tier: body.tier ?? null, ownerStaffId: body.ownerStaffId ?? null }, personal: body.name !== undefined ? ['name'] : [] });
        return { status: 201, body: { id, name: body.name ?? null, tier: body.tier ?? null, ownerStaffId: body.ownerStaffId ?? null, createdAt: new Date(rc.now).toISOString() } };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/customers/{customerId}',
    operationId: 'getCustomer',
    tag: 'cases',
    summary: 'One customer (names masked for read-only roles)',
    access: 'signedIn',
    params: z.strictObject({ customerId: idSchema }),
    responses: { 200: { description: 'The customer', schema: customerSchema } },
    async handler({ params, principal: p, rc }) {
      if (!servesCustomers(p) && !seesAllStores(p) && p.storeLevels.size === 0) throw notFound('customer', params.customerId);
      const row = (
        await rc.deps.store.db.query<{ id: string; name: string | null; tier: string | null; owner_staff_id: string | null; created_at: Date }>(
          `SELECT id, name, tier, owner_staff_id, created_at FROM customers WHERE org_id = $1 AND id = $2`,
          [p.orgId, params.customerId],
        )
      ).rows[0];
      if (row === undefined) throw notFound('customer', params.customerId);
      const name = servesCustomers(p) ? row.name : maskName(row.name);
      return { status: 200, body: { id: row.id, name, tier: row.tier, ownerStaffId: row.owner_staff_id, createdAt: row.created_at.toISOString() } };
    },
  }),
];
