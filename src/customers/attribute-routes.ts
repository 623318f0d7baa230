import { z } from 'zod';
import { isAdmin } from '../api/policy/access.ts';
import { forbidden } from '../api/problem.ts';
import { defineRoute, type RouteDef } from '../api/route.ts';
import { BUILT_IN_PERSONAL, declaredPersonal, setDeclaredPersonal } from './attributes.ts';

/** Which free attributes of the customer archive are personal data (see attributes.ts). */

const settingsSchema = z
  .object({
    personal: z.array(z.string()).describe('Attribute names the organisation marked personal'),
    builtIn: z.array(z.string()).describe('Names that are personal in every organisation'),
  })
  .meta({ id: 'CustomerAttributeSettings' });

export const customerAttributeRoutes: RouteDef[] = [
  defineRoute({
    method: 'get',
    path: '/api/customer-attributes',
    operationId: 'getCustomerAttributeSettings',
    tag: 'customers',
    summary: 'Which free customer attributes are personal data (masked for people who do not serve customers)',
    access: 'signedIn',
    responses: { 200: { description: 'Settings', schema: settingsSchema } },
    async handler({ principal: p, rc }) {
      return { status: 200, body: { personal: await declaredPersonal(rc.deps.store.db, p.orgId), builtIn: [...BUILT_IN_PERSONAL] } };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/customer-attributes',
    operationId: 'setCustomerAttributeSettings',
    tag: 'customers',
    summary: 'Mark free customer attributes as personal data (admins); the list replaces the previous one',
    access: 'signedIn',
    body: z.strictObject({ personal: z.array(z.string().trim().min(1).max(100)).max(200).describe('Attribute names as written in `attributes`, e.g. "allergies", "过敏史"') }),
    responses: { 200: { description: 'Saved', schema: settingsSchema } },
    async handler({ body, principal: p, rc }) {
      if (!isAdmin(p)) throw forbidden('only organisation admins decide which customer attributes are personal data');
      return rc.write(p, async (w) => {
        const before = await declaredPersonal(w.tx, p.orgId);
        const personal = [...new Set(body.personal)].sort();
        await setDeclaredPersonal(w.tx, p.orgId, personal, p.staffId, rc.now);
        w.audit({ action: 'customer.attributes', targetType: 'org', targetId: p.orgId, before: { personal: before }, after: { personal } });
        return { status: 200, body: { personal, builtIn: [...BUILT_IN_PERSONAL] } };
      });
    },
  }),
];
