import { z } from 'zod';
import { startCase } from '../store/cases.ts';
import { StoreError } from '../store/errors.ts';
import { commentsIn, managesStore, seesStore, startsCasesIn } from '../api/policy/access.ts';
import { ApiProblem, forbidden, notFound } from '../api/problem.ts';
import { findStore } from '../api/repo/directory.ts';
import { defineRoute, type RouteDef } from '../api/route.ts';
import { idSchema, isoTime } from '../api/schemas/common.ts';
import { createPublicToken } from '../public/tokens.ts';
import { icsCalendar, type IcsEvent } from './ics.ts';
import {
  bookAppointment,
  daySlots,
  findAppointment,
  findResource,
  findService,
  insertResource,
  insertService,
  listAppointments,
  listResources,
  listServices,
  rescheduleAppointment,
  setStatus,
  updateService,
  type Appointment,
  type AppointmentStatus,
  type Service,
} from './repo.ts';
import {
  appointmentSchema,
  appointmentView,
  dateSchema,
  daySlotsSchema,
  resourceInput,
  resourceSchema,
  resourceView,
  serviceInput,
  servicePatch,
  serviceSchema,
  serviceView,
} from './schemas.ts';
import { localDayBounds } from './time.ts';
import type { Queryable, Tx } from '../store/db.ts';
import type { Principal } from '../api/auth/principal.ts';

/**
 * Appointments through the API. Who may do what:
 * - services and rooms of a store: its managers (and general managers, admins) set them up;
 *   everyone who sees the store reads them;
 * - booking, confirming, moving, cancelling, no-show and check-in: staff working in the store and
 *   its managers (auditors read only);
 * - `.ics` exports: anyone who sees the store.
 * Other organisations' and invisible stores' ids answer 404.
 */

/** How long a case-status link made at check-in (or on request) stays valid. */
export const STATUS_LINK_TTL_MS = 30 * 24 * 3600_000;
export const STATUS_PURPOSE = 'case-status';

const storeParams = z.strictObject({ storeId: idSchema });
const apptParams = z.strictObject({ appointmentId: idSchema });

async function visibleStore(q: Queryable, p: Principal, storeId: string): Promise<{ id: string; name: string; timeZone: string }> {
  const s = await findStore(q, p.orgId, storeId);
  if (s === undefined || !seesStore(p, storeId)) throw notFound('store', storeId);
  return s;
}

async function visibleService(q: Queryable, p: Principal, id: string): Promise<Service> {
  const s = await findService(q, p.orgId, id);
  if (s === undefined || !seesStore(p, s.storeId)) throw notFound('appointment service', id);
  return s;
}

async function visibleAppointment(q: Queryable, p: Principal, id: string, lock = false): Promise<Appointment> {
  const a = await findAppointment(q, p.orgId, id, { lock });
  if (a === undefined || !seesStore(p, a.storeId)) throw notFound('appointment', id);
  return a;
}

const snapshot = (a: Appointment) => ({ status: a.status, start: new Date(a.start).toISOString(), end: new Date(a.end).toISOString(), staffId: a.staffId, serviceId: a.serviceId, customerId: a.customerId, caseId: a.caseId });

async function checkServiceRefs(tx: Tx, orgId: string, storeId: string, s: { resourceId?: string | null; processKey?: string | null }): Promise<void> {
  if (s.resourceId !== undefined && s.resourceId !== null) {
    const r = await findResource(tx, orgId, s.resourceId);
    if (r === undefined || r.storeId !== storeId)
      throw new ApiProblem(422, 'UNKNOWN_RESOURCE', `there is no room/resource "${s.resourceId}" in this store`, { issues: [{ path: 'body.resourceId', message: 'unknown resource' }] });
  }
  if (s.processKey !== undefined && s.processKey !== null) {
    const d = await tx.query(`SELECT 1 FROM definitions WHERE org_id = $1 AND key = $2 AND status = 'published' LIMIT 1`, [orgId, s.processKey]);
    if (d.rows.length === 0)
      throw new ApiProblem(422, 'UNKNOWN_PROCESS', `there is no published SOP "${s.processKey}" (see GET /api/definitions)`, { issues: [{ path: 'body.processKey', message: 'not published' }] });
  }
}

function mayBook(p: Principal, storeId: string): void {
  if (!startsCasesIn(p, storeId)) throw forbidden(`you do not work in store ${storeId}: only its staff and managers handle its appointments`);
}

/** Status moves by simple actions: from which statuses, to which. */
const MOVES: Record<'confirm' | 'cancel' | 'no-show', { from: readonly AppointmentStatus[]; to: AppointmentStatus; summary: string }> = {
  confirm: { from: ['booked'], to: 'confirmed', summary: 'Confirm an appointment (the customer reconfirmed)' },
  cancel: { from: ['booked', 'confirmed'], to: 'cancelled', summary: 'Cancel an appointment (frees the slot)' },
  'no-show': { from: ['booked', 'confirmed'], to: 'no_show', summary: 'Record that the customer did not come (after the start time)' },
};

function stateProblem(a: Appointment, action: string): ApiProblem {
  return new ApiProblem(409, 'APPOINTMENT_STATE', `the appointment is ${a.status}: it cannot ${action} now`, { current: appointmentView(a) });
}

const moveRoutes: RouteDef[] = (Object.keys(MOVES) as (keyof typeof MOVES)[]).map((action) =>
  defineRoute({
    method: 'post',
    path: `/api/appointments/{appointmentId}/${action}`,
    operationId: `${action === 'no-show' ? 'noShow' : action}Appointment`,
    tag: 'appointments',
    summary: MOVES[action].summary,
    access: 'signedIn',
    params: apptParams,
    responses: { 200: { description: 'The appointment', schema: appointmentSchema } },
    problems: [403, 409],
    async handler({ params, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const a = await visibleAppointment(w.tx, p, params.appointmentId, true);
        mayBook(p, a.storeId);
        if (!MOVES[action].from.includes(a.status)) throw stateProblem(a, action);
        if (action === 'no-show' && rc.now < a.start) throw new ApiProblem(409, 'NOT_YET', 'the appointment has not started yet: a no-show is recorded after its start time', { current: appointmentView(a) });
        const after = await setStatus(w.tx, p.orgId, a.id, MOVES[action].to, rc.now);
        w.audit({ action: `appointment.${action}`, targetType: 'appointment', targetId: a.id, storeId: a.storeId, before: snapshot(a), after: snapshot(after) });
        return { status: 200, body: appointmentView(after) };
      });
    },
  }),
);

function icsEvents(appts: readonly Appointment[], services: ReadonlyMap<string, Service>, storeName: string, host: string): IcsEvent[] {
  return appts.map((a) => {
    const s = services.get(a.serviceId);
    return {
      uid: `${a.id}@${host}`,
      start: a.start,
      end: a.end,
      summary: s === undefined ? a.serviceId : `${s.name.zh} / ${s.name.en}`,
      location: storeName,
      description: `appointment ${a.id}${a.customerId !== null ? `, customer ${a.customerId}` : ''}`,
      status: a.status === 'cancelled' || a.status === 'no_show' ? 'CANCELLED' : a.status === 'booked' ? 'TENTATIVE' : 'CONFIRMED',
      sequence: a.version - 1,
    };
  });
}

const ICS_HEADERS = (file: string) => ({ 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': `attachment; filename="${file}"` });
const hostOf = (h: string | undefined) => (h ?? 'servflow').replace(/[^A-Za-z0-9.-]/g, '') || 'servflow';

/** A list of a store's things, for everyone who sees the store. */
function storeList(path: string, operationId: string, summary: string, item: z.ZodType, list: (q: Queryable, orgId: string, storeId: string) => Promise<unknown[]>): RouteDef {
  return defineRoute({
    method: 'get',
    path,
    operationId,
    tag: 'appointments',
    summary,
    access: 'signedIn',
    params: storeParams,
    responses: { 200: { description: summary, schema: z.object({ items: z.array(item) }) } },
    async handler({ params, principal: p, rc }) {
      await visibleStore(rc.deps.store.db, p, params.storeId);
      return { status: 200, body: { items: await list(rc.deps.store.db, p.orgId, params.storeId) } };
    },
  });
}

/** Refuses a caller-chosen id that is taken (ids are unique across organisations). */
async function freshId(tx: Tx, table: 'appointment_services' | 'appointment_resources' | 'appointments', id: string, what: string): Promise<void> {
  if ((await tx.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id])).rows.length > 0) throw new ApiProblem(409, 'ID_TAKEN', `the ${what} id "${id}" is taken`);
}

/** The appointment routes. */
export const appointmentRoutes: RouteDef[] = [
  storeList('/api/stores/{storeId}/appointment-services', 'listAppointmentServices', "A store's bookable services", serviceSchema, async (q, orgId, storeId) => (await listServices(q, orgId, storeId)).map(serviceView)),
  defineRoute({
    method: 'post',
    path: '/api/stores/{storeId}/appointment-services',
    operationId: 'createAppointmentService',
    tag: 'appointments',
    summary: 'Add a bookable service to a store (its managers, general managers, admins)',
    access: 'signedIn',
    params: storeParams,
    body: serviceInput,
    idempotent: true,
    responses: { 201: { description: 'Created', schema: serviceSchema } },
    problems: [403, 409],
    async handler({ params, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        await visibleStore(w.tx, p, params.storeId);
        if (!managesStore(p, params.storeId)) throw forbidden("only this store's managers (and admins) set up its services");
        const id = body.id ?? rc.deps.store.ids.next('svc');
        await freshId(w.tx, 'appointment_services', id, 'service');
        await checkServiceRefs(w.tx, p.orgId, params.storeId, body);
        const s: Service = { ...body, id, storeId: params.storeId };
        await insertService(w.tx, { ...s, orgId: p.orgId }, rc.now);
        w.audit({ action: 'appointmentService.create', targetType: 'appointmentService', targetId: id, storeId: params.storeId, after: serviceView(s) });
        return { status: 201, body: serviceView(s) };
      });
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/api/appointment-services/{serviceId}',
    operationId: 'updateAppointmentService',
    tag: 'appointments',
    summary: 'Change a bookable service (its store managers, general managers, admins)',
    access: 'signedIn',
    params: z.strictObject({ serviceId: idSchema }),
    body: servicePatch,
    responses: { 200: { description: 'Updated', schema: serviceSchema } },
    problems: [403],
    async handler({ params, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const before = await visibleService(w.tx, p, params.serviceId);
        if (!managesStore(p, before.storeId)) throw forbidden("only this store's managers (and admins) change its services");
        await checkServiceRefs(w.tx, p.orgId, before.storeId, body);
        const defined = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
        const after: Service = { ...before, ...defined };
        await updateService(w.tx, p.orgId, after);
        w.audit({ action: 'appointmentService.update', targetType: 'appointmentService', targetId: before.id, storeId: before.storeId, before: serviceView(before), after: serviceView(after) });
        return { status: 200, body: serviceView(after) };
      });
    },
  }),
  storeList('/api/stores/{storeId}/appointment-resources', 'listAppointmentResources', "A store's rooms/resources with their capacity", resourceSchema, async (q, orgId, storeId) => (await listResources(q, orgId, storeId)).map(resourceView)),
  defineRoute({
    method: 'post',
    path: '/api/stores/{storeId}/appointment-resources',
    operationId: 'createAppointmentResource',
    tag: 'appointments',
    summary: 'Add a room/resource with a capacity to a store (its managers, general managers, admins)',
    access: 'signedIn',
    params: storeParams,
    body: resourceInput,
    idempotent: true,
    responses: { 201: { description: 'Created', schema: resourceSchema } },
    problems: [403, 409],
    async handler({ params, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        await visibleStore(w.tx, p, params.storeId);
        if (!managesStore(p, params.storeId)) throw forbidden("only this store's managers (and admins) set up its rooms");
        const id = body.id ?? rc.deps.store.ids.next('room');
        await freshId(w.tx, 'appointment_resources', id, 'resource');
        const r = { id, storeId: params.storeId, name: body.name, capacity: body.capacity };
        await insertResource(w.tx, { ...r, orgId: p.orgId }, rc.now);
        w.audit({ action: 'appointmentResource.create', targetType: 'appointmentResource', targetId: id, storeId: params.storeId, after: r });
        return { status: 201, body: resourceView(r) };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/appointment-services/{serviceId}/slots',
    operationId: 'appointmentSlots',
    tag: 'appointments',
    summary: 'Free slots of a service on a store-local date (opening hours, roster, bookings, room capacity)',
    access: 'signedIn',
    params: z.strictObject({ serviceId: idSchema }),
    query: z.strictObject({ date: dateSchema }),
    responses: { 200: { description: 'Free slots', schema: daySlotsSchema } },
    async handler({ params, query, principal: p, rc }) {
      const svc = await visibleService(rc.deps.store.db, p, params.serviceId);
      const d = await daySlots(rc.deps.store.db, p.orgId, svc, query.date, rc.now);
      return { status: 200, body: { ...d, slots: d.slots.map((s) => ({ start: new Date(s.start).toISOString(), end: new Date(s.end).toISOString(), staffIds: [...s.staffIds] })) } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/stores/{storeId}/appointments',
    operationId: 'listAppointments',
    tag: 'appointments',
    summary: "A store's appointments in a time range (at most 31 days), optionally one staff member's",
    access: 'signedIn',
    params: storeParams,
    query: z.strictObject({ from: isoTime, to: isoTime, staffId: idSchema.optional() }),
    responses: { 200: { description: 'Appointments by start time', schema: z.object({ items: z.array(appointmentSchema) }) } },
    async handler({ params, query, principal: p, rc }) {
      await visibleStore(rc.deps.store.db, p, params.storeId);
      const from = Date.parse(query.from);
      const to = Date.parse(query.to);
      if (!(to > from) || to - from > 31 * 24 * 3600_000)
        throw new ApiProblem(422, 'BAD_RANGE', '`to` must be after `from`, at most 31 days later', { issues: [{ path: 'query.to', message: 'bad range' }] });
      const items = await listAppointments(rc.deps.store.db, p.orgId, { storeId: params.storeId, from, to, staffId: query.staffId });
      return { status: 200, body: { items: items.map(appointmentView) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/stores/{storeId}/appointments',
    operationId: 'bookAppointment',
    tag: 'appointments',
    summary: 'Book an appointment (staff of the store, its managers); 409 when the person or room is taken',
    access: 'signedIn',
    params: storeParams,
    body: z.strictObject({
      id: idSchema.optional(),
      serviceId: idSchema,
      start: isoTime,
      staffId: idSchema.optional().describe('Default: the first free person in duty order'),
      customerId: idSchema.optional(),
    }),
    idempotent: true,
    responses: { 201: { description: 'Booked', schema: appointmentSchema } },
    problems: [403, 409],
    async handler({ params, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        await visibleStore(w.tx, p, params.storeId);
        mayBook(p, params.storeId);
        const svc = await findService(w.tx, p.orgId, body.serviceId);
        if (svc === undefined || svc.storeId !== params.storeId || !svc.active)
          throw new ApiProblem(422, 'UNKNOWN_SERVICE', `there is no active service "${body.serviceId}" in this store`, { issues: [{ path: 'body.serviceId', message: 'unknown service' }] });
        if (body.customerId !== undefined && (await w.tx.query(`SELECT 1 FROM customers WHERE org_id = $1 AND id = $2`, [p.orgId, body.customerId])).rows.length === 0)
          throw new ApiProblem(422, 'UNKNOWN_CUSTOMER', `there is no customer "${body.customerId}" in your organisation`, { issues: [{ path: 'body.customerId', message: 'unknown customer' }] });
        const id = body.id ?? rc.deps.store.ids.next('appt');
        await freshId(w.tx, 'appointments', id, 'appointment');
        const a = await bookAppointment(w.tx, { id, orgId: p.orgId, svc, start: Date.parse(body.start), staffId: body.staffId, customerId: body.customerId, source: 'staff' }, rc.now);
        w.audit({ action: 'appointment.book', targetType: 'appointment', targetId: id, storeId: a.storeId, after: snapshot(a) });
        return { status: 201, body: appointmentView(a), headers: { location: `/api/appointments/${encodeURIComponent(id)}` } };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/appointments/{appointmentId}',
    operationId: 'getAppointment',
    tag: 'appointments',
    summary: 'One appointment',
    access: 'signedIn',
    params: apptParams,
    responses: { 200: { description: 'The appointment', schema: appointmentSchema } },
    async handler({ params, principal: p, rc }) {
      return { status: 200, body: appointmentView(await visibleAppointment(rc.deps.store.db, p, params.appointmentId)) };
    },
  }),
  ...moveRoutes,
  defineRoute({
    method: 'post',
    path: '/api/appointments/{appointmentId}/reschedule',
    operationId: 'rescheduleAppointment',
    tag: 'appointments',
    summary: 'Move an appointment to another time (and person); its reminder moves with it',
    access: 'signedIn',
    params: apptParams,
    body: z.strictObject({ start: isoTime, staffId: idSchema.optional() }),
    responses: { 200: { description: 'The appointment', schema: appointmentSchema } },
    problems: [403, 409],
    async handler({ params, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const a = await visibleAppointment(w.tx, p, params.appointmentId, true);
        mayBook(p, a.storeId);
        if (a.status !== 'booked' && a.status !== 'confirmed') throw stateProblem(a, 'be moved');
        const svc = (await findService(w.tx, p.orgId, a.serviceId))!;
        const after = await rescheduleAppointment(w.tx, p.orgId, a, svc, Date.parse(body.start), body.staffId, rc.now);
        w.audit({ action: 'appointment.reschedule', targetType: 'appointment', targetId: a.id, storeId: a.storeId, before: snapshot(a), after: snapshot(after) });
        return { status: 200, body: appointmentView(after) };
      });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/appointments/{appointmentId}/check-in',
    operationId: 'checkInAppointment',
    tag: 'appointments',
    summary: "The customer arrived: starts the service's SOP case for the customer and returns a case-status link token",
    description: 'The case data are `appointmentId`, `appointmentStart` and what `data` adds (what the SOP requires at start, e.g. the plate number).',
    access: 'signedIn',
    params: apptParams,
    body: z.strictObject({ data: z.record(z.string(), z.unknown()).optional().describe('More case data for the SOP (its required variables)') }).optional(),
    responses: {
      200: {
        description: 'Checked in',
        schema: z.object({ appointment: appointmentSchema, caseId: z.string().nullable(), statusToken: z.string().nullable().describe('For the no-login status page /s/<token> (shown once)'), statusTokenExpiresAt: isoTime.nullable() }),
      },
    },
    problems: [403, 409],
    async handler({ params, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const a = await visibleAppointment(w.tx, p, params.appointmentId, true);
        mayBook(p, a.storeId);
        if (a.status !== 'booked' && a.status !== 'confirmed') throw stateProblem(a, 'check in');
        const svc = (await findService(w.tx, p.orgId, a.serviceId))!;
        let caseId: string | undefined;
        if (svc.processKey !== null) {
          try {
            const out = await startCase(
              w.store,
              { orgId: p.orgId, process: svc.processKey, storeId: a.storeId, customerId: a.customerId ?? undefined, data: { ...body?.data, appointmentId: a.id, appointmentStart: new Date(a.start).toISOString() } },
              { now: rc.now, actor: p.staffId },
            );
            caseId = out.caseId;
          } catch (e) {
            if (e instanceof StoreError && e.code === 'DEFINITION_NOT_FOUND')
              throw new ApiProblem(409, 'UNKNOWN_PROCESS', `the service's SOP "${svc.processKey}" is not published any more: publish it or change the service`);
            throw e;
          }
          w.audit({ action: 'case.start', targetType: 'case', targetId: caseId, storeId: a.storeId, after: { process: svc.processKey, customerId: a.customerId, appointmentId: a.id, dataFields: Object.keys(body?.data ?? {}) } });
        }
        const after = await setStatus(w.tx, p.orgId, a.id, 'checked_in', rc.now, caseId);
        let link: { token: string; expiresAt: number } | undefined;
        if (caseId !== undefined) link = await createPublicToken(w.tx, { orgId: p.orgId, purpose: STATUS_PURPOSE, subject: { type: 'case', id: caseId }, ttlMs: STATUS_LINK_TTL_MS }, { now: rc.now });
        w.audit({ action: 'appointment.checkIn', targetType: 'appointment', targetId: a.id, storeId: a.storeId, before: snapshot(a), after: snapshot(after) });
        return {
          status: 200,
          body: { appointment: appointmentView(after), caseId: caseId ?? null, statusToken: link?.token ?? null, statusTokenExpiresAt: link === undefined ? null : new Date(link.expiresAt).toISOString() },
        };
      });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/cases/{caseId}/status-link',
    operationId: 'createCaseStatusLink',
    tag: 'appointments',
    summary: 'A no-login, expiring link to the case status for the customer (staff of the store, its managers)',
    access: 'signedIn',
    params: z.strictObject({ caseId: idSchema }),
    body: z.strictObject({ ttlHours: z.number().int().min(1).max(24 * 90).default(24 * 30) }),
    responses: { 201: { description: 'The link token (shown once)', schema: z.object({ token: z.string(), path: z.string(), expiresAt: isoTime }) } },
    problems: [403],
    async handler({ params, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const c = (await w.tx.query<{ store_id: string | null }>(`SELECT store_id FROM cases WHERE org_id = $1 AND id = $2`, [p.orgId, params.caseId])).rows[0];
        if (c === undefined || !seesStore(p, c.store_id)) throw notFound('case', params.caseId);
        if (!commentsIn(p, c.store_id)) throw forbidden('read-only access: auditors do not hand out status links');
        const t = await createPublicToken(w.tx, { orgId: p.orgId, purpose: STATUS_PURPOSE, subject: { type: 'case', id: params.caseId }, ttlMs: body.ttlHours * 3600_000 }, { now: rc.now });
        w.audit({ action: 'case.statusLink', targetType: 'case', targetId: params.caseId, storeId: c.store_id, after: { expiresAt: new Date(t.expiresAt).toISOString() } });
        return { status: 201, body: { token: t.token, path: `/s/${t.token}`, expiresAt: new Date(t.expiresAt).toISOString() } };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/appointments/{appointmentId}/ics',
    operationId: 'appointmentIcs',
    tag: 'appointments',
    summary: 'An appointment as an iCalendar (.ics) file',
    access: 'signedIn',
    params: apptParams,
    responses: { 200: { description: 'text/calendar' } },
    async handler({ params, principal: p, rc }) {
      const db = rc.deps.store.db;
      const a = await visibleAppointment(db, p, params.appointmentId);
      const store = (await findStore(db, p.orgId, a.storeId))!;
      const svc = (await findService(db, p.orgId, a.serviceId))!;
      const body = icsCalendar(icsEvents([a], new Map([[svc.id, svc]]), store.name, hostOf(rc.header('host'))), { now: rc.now });
      return { status: 200, body, headers: ICS_HEADERS(`appointment-${a.id}.ics`) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/stores/{storeId}/staff/{staffId}/appointments.ics',
    operationId: 'staffDayIcs',
    tag: 'appointments',
    summary: "A staff member's live appointments of a store-local day as an iCalendar (.ics) file",
    access: 'signedIn',
    params: z.strictObject({ storeId: idSchema, staffId: idSchema }),
    query: z.strictObject({ date: dateSchema }),
    responses: { 200: { description: 'text/calendar' } },
    async handler({ params, query, principal: p, rc }) {
      const db = rc.deps.store.db;
      const store = await visibleStore(db, p, params.storeId);
      const day = localDayBounds(store.timeZone, query.date);
      if (day === undefined) throw new ApiProblem(422, 'BAD_DATE', `"${query.date}" is not a date`, { issues: [{ path: 'query.date', message: 'not a date' }] });
      const appts = await listAppointments(db, p.orgId, { storeId: params.storeId, from: day.start, to: day.end, staffId: params.staffId, liveOnly: true });
      const services = new Map((await listServices(db, p.orgId, params.storeId)).map((s) => [s.id, s]));
      const body = icsCalendar(icsEvents(appts, services, store.name, hostOf(rc.header('host'))), { now: rc.now, name: `${store.name} ${params.staffId} ${query.date}` });
      return { status: 200, body, headers: ICS_HEADERS(`${params.staffId}-${query.date}.ics`) };
    },
  }),
];
