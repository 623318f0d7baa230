import { z } from 'zod';
import { addStore, setStoreCalendar } from '../../store/directory.ts';
import { isAdmin, seesStore, visibleStores } from '../policy/access.ts';
import { ApiProblem, forbidden, notFound } from '../problem.ts';
import { decodeCursor, paginate } from '../pagination.ts';
import { findStore, listStores } from '../repo/directory.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { idSchema, pageOf, pageQuery } from '../schemas/common.ts';
import { storeCreateSchema, storePatchSchema, storeSchema } from '../schemas/directory.ts';
import { ensureIdFree } from '../repo/ids.ts';

/** Stores (branches, halls, workshops): each with its time zone and opening hours. */

const storeParams = z.strictObject({ storeId: idSchema });

/** The store routes. */
export const storeRoutes: RouteDef[] = [
  defineRoute({
    method: 'get',
    path: '/api/stores',
    operationId: 'listStores',
    tag: 'stores',
    summary: 'Stores you can see (all of them for admins, general managers and organisation auditors)',
    access: 'signedIn',
    query: z.strictObject({ ...pageQuery }),
    responses: { 200: { description: 'A page of stores', schema: pageOf(storeSchema) } },
    async handler({ query, principal: p, rc }) {
      const after = query.cursor === undefined ? undefined : String(decodeCursor(query.cursor, 1)[0]);
      const rows = await listStores(rc.deps.store.db, p.orgId, visibleStores(p), after, query.limit + 1);
      return { status: 200, body: paginate(rows, query.limit, (s) => [s.id], (s) => s) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/stores',
    operationId: 'createStore',
    tag: 'stores',
    summary: 'Open a store (admins)',
    access: 'signedIn',
    body: storeCreateSchema,
    idempotent: true,
    responses: { 201: { description: 'Created', schema: storeSchema } },
    problems: [409],
    async handler({ body, principal: p, rc }) {
      if (!isAdmin(p)) throw forbidden('only organisation admins open stores');
      const id = body.id ?? rc.deps.store.ids.next('store');
      return rc.write(p, async (w) => {
        await ensureIdFree(w.tx, 'store', id);
        await addStore(w.tx, { id, orgId: p.orgId, name: body.name, timeZone: body.timeZone ?? body.calendar?.timezone, calendar: body.calendar }, { now: rc.now });
        const store = await findStore(w.tx, p.orgId, id);
        w.audit({ action: 'store.create', targetType: 'store', targetId: id, storeId: id, after: store });
        return { status: 201, body: store, headers: { location: `/api/stores/${encodeURIComponent(id)}` } };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/stores/{storeId}',
    operationId: 'getStore',
    tag: 'stores',
    summary: 'One store',
    access: 'signedIn',
    params: storeParams,
    responses: { 200: { description: 'The store', schema: storeSchema } },
    async handler({ params, principal: p, rc }) {
      const store = await findStore(rc.deps.store.db, p.orgId, params.storeId);
      if (store === undefined || !seesStore(p, store.id)) throw notFound('store', params.storeId);
      return { status: 200, body: store };
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/api/stores/{storeId}',
    operationId: 'updateStore',
    tag: 'stores',
    summary: 'Rename a store or change its time zone or opening hours (admins)',
    description: 'New opening hours apply to SLA clocks started from now on; running clocks keep their due times.',
    access: 'signedIn',
    params: storeParams,
    body: storePatchSchema,
    responses: { 200: { description: 'Updated', schema: storeSchema } },
    async handler({ params, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const before = await findStore(w.tx, p.orgId, params.storeId);
        if (before === undefined || !seesStore(p, before.id)) throw notFound('store', params.storeId);
        if (!isAdmin(p)) throw forbidden('only organisation admins change stores');
        if (body.name !== undefined || body.timeZone !== undefined)
          await w.tx.query(`UPDATE stores SET name = coalesce($3, name), time_zone = coalesce($4, time_zone) WHERE org_id = $1 AND id = $2`, [
            p.orgId,
            params.storeId,
            body.name ?? null,
            body.timeZone ?? null,
          ]);
        if (body.calendar !== undefined) await setStoreCalendar(w.tx, params.storeId, body.calendar);
        const after = await findStore(w.tx, p.orgId, params.storeId);
        w.audit({ action: 'store.update', targetType: 'store', targetId: params.storeId, storeId: params.storeId, before, after });
        return { status: 200, body: after };
      });
    },
  }),
];
