import { z } from 'zod';
import { ApiProblem, notFound } from '../api/problem.ts';
import { defineRoute, type RouteDef } from '../api/route.ts';
import { idSchema, isoTime, localizedText } from '../api/schemas/common.ts';
import { bookAppointment, daySlots, findService, listServices } from '../appointments/repo.ts';
import { dateSchema } from '../appointments/schemas.ts';
import { localDateOf } from '../appointments/time.ts';
import { STATUS_PURPOSE } from '../appointments/routes.ts';
import { insertCustomer, phoneOwners } from '../customers/store.ts';
import { normalisePhone } from '../customers/personal.ts';
import { hitRate, type RateLimit } from './rate.ts';
import { publicCaseStatus } from './status.ts';
import { publicTokenProblem, verifyPublicToken } from './tokens.ts';
import type { RequestContext } from '../api/http/request-context.ts';
import type { Queryable } from '../store/db.ts';

/**
 * The no-login endpoints under /api/public: a store's booking page (services, free slots, book
 * with name and phone) and the case-status link. Every call counts against a per-address
 * limit kept in the database (429 with Retry-After beyond it); bookings have a tighter one.
 * Answers carry no staff names or ids and no other customer's data: a free slot is a time,
 * not a person.
 *
 * Public bookings are audited with the actor "public" (there is no staff member); the audit
 * entry names the appointment and the customer id, never the name or phone given.
 */

export const PUBLIC_READ_LIMIT: RateLimit = { max: 120, windowMs: 10 * 60_000 };
export const PUBLIC_BOOK_LIMIT: RateLimit = { max: 5, windowMs: 60 * 60_000 };

async function limit(rc: RequestContext, what: string, l: RateLimit): Promise<void> {
  const wait = await hitRate(rc.deps.store.db, `${what}:${rc.clientIp}`, l, rc.now);
  if (wait !== undefined) throw new ApiProblem(429, 'TOO_MANY_REQUESTS', `too many requests from your address: try again in ${wait} s`, { retryAfter: wait });
}

/** A store that offers public booking (at least one public, active service), else 404. */
async function bookingStore(q: Queryable, storeId: string): Promise<{ id: string; orgId: string; name: string; timeZone: string }> {
  const s = (await q.query<{ id: string; org_id: string; name: string; time_zone: string }>(`SELECT id, org_id, name, time_zone FROM stores WHERE id = $1`, [storeId])).rows[0];
  if (s === undefined) throw notFound('store', storeId);
  const any = await q.query(`SELECT 1 FROM appointment_services WHERE store_id = $1 AND public AND active LIMIT 1`, [storeId]);
  if (any.rows.length === 0) throw notFound('store', storeId);
  return { id: s.id, orgId: s.org_id, name: s.name, timeZone: s.time_zone };
}

async function publicService(q: Queryable, orgId: string, storeId: string, serviceId: string) {
  const svc = await findService(q, orgId, serviceId);
  if (svc === undefined || svc.storeId !== storeId || !svc.public || !svc.active)
    throw new ApiProblem(422, 'UNKNOWN_SERVICE', `this store offers no service "${serviceId}" online`, { issues: [{ path: 'serviceId', message: 'unknown service' }] });
  return svc;
}

const storeParams = z.strictObject({ storeId: idSchema });

const publicStatusSchema = z
  .object({
    process: localizedText,
    store: z.string().nullable(),
    status: z.enum(['active', 'completed', 'cancelled', 'failed']),
    startedAt: isoTime,
    endedAt: isoTime.nullable(),
    slaDueAt: isoTime.nullable().describe('When the store promised to be done (the case SLA, else the earliest step due time)'),
    current: z.array(z.object({ name: localizedText, since: isoTime, dueAt: isoTime.nullable(), waitingForYou: z.boolean() })),
    done: z.array(z.object({ name: localizedText, at: isoTime })),
    linkExpiresAt: isoTime,
  })
  .meta({ id: 'PublicCaseStatus' });

/** The public routes. */
export const publicRoutes: RouteDef[] = [
  defineRoute({
    method: 'get',
    path: '/api/public/stores/{storeId}/booking',
    operationId: 'publicBookingPage',
    tag: 'public',
    summary: "A store's public booking page: its name, time zone and the services it offers online (no login)",
    access: 'public',
    params: storeParams,
    responses: {
      200: {
        description: 'The booking page',
        schema: z.object({
          store: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }),
          services: z.array(z.object({ id: z.string(), name: z.object({ zh: z.string(), en: z.string() }), durationMin: z.number().int() })),
        }),
      },
    },
    problems: [429],
    async handler({ params, rc }) {
      await limit(rc, 'public-read', PUBLIC_READ_LIMIT);
      const db = rc.deps.store.db;
      const s = await bookingStore(db, params.storeId);
      const services = await listServices(db, s.orgId, s.id, { publicOnly: true });
      return { status: 200, body: { store: { id: s.id, name: s.name, timeZone: s.timeZone }, services: services.map((x) => ({ id: x.id, name: x.name, durationMin: x.durationMin })) } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/public/stores/{storeId}/slots',
    operationId: 'publicSlots',
    tag: 'public',
    summary: 'Free start times of a service on a store-local date (no login)',
    access: 'public',
    params: storeParams,
    query: z.strictObject({ serviceId: idSchema, date: dateSchema }),
    responses: { 200: { description: 'Free slots', schema: z.object({ date: z.string(), timeZone: z.string(), slots: z.array(z.object({ start: isoTime, end: isoTime })) }) } },
    problems: [429],
    async handler({ params, query, rc }) {
      await limit(rc, 'public-read', PUBLIC_READ_LIMIT);
      const db = rc.deps.store.db;
      const s = await bookingStore(db, params.storeId);
      const svc = await publicService(db, s.orgId, s.id, query.serviceId);
      const d = await daySlots(db, s.orgId, svc, query.date, rc.now);
      return { status: 200, body: { date: d.date, timeZone: d.timeZone, slots: d.slots.map((x) => ({ start: new Date(x.start).toISOString(), end: new Date(x.end).toISOString() })) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/public/stores/{storeId}/bookings',
    operationId: 'publicBook',
    tag: 'public',
    summary: 'Book a free slot with a name and phone number (no login); the phone finds or creates the customer record',
    access: 'public',
    params: storeParams,
    body: z.strictObject({
      serviceId: idSchema,
      start: isoTime,
      name: z.string().trim().min(1).max(100),
      phone: z.string().trim().min(5).max(30),
    }),
    responses: {
      201: { description: 'Booked', schema: z.object({ appointmentId: z.string(), start: isoTime, end: isoTime, service: z.object({ zh: z.string(), en: z.string() }), store: z.string() }) },
    },
    problems: [409, 429],
    async handler({ params, body, rc }) {
      await limit(rc, 'public-book', PUBLIC_BOOK_LIMIT);
      const phone = normalisePhone(body.phone);
      if (phone === undefined) throw new ApiProblem(422, 'BAD_PHONE', 'this is not a phone number', { issues: [{ path: 'body.phone', message: 'not a phone number' }] });
      const db = rc.deps.store.db;
      const s = await bookingStore(db, params.storeId);
      const svc = await publicService(db, s.orgId, s.id, body.serviceId);
      const start = Date.parse(body.start);
      return db.transaction(async (tx) => {
        const free = (await daySlots(tx, s.orgId, svc, localDateOf(s.timeZone, start), rc.now)).slots;
        if (!free.some((x) => x.start === start)) throw new ApiProblem(409, 'SLOT_TAKEN', 'this time is no longer free: pick another one');
        // The phone finds the customer (the first, oldest record holding it), else a new record.
        const owner = (await phoneOwners(tx, s.orgId, [phone]))[0];
        const customerId = owner?.customerId ?? rc.deps.store.ids.next('customer');
        if (owner === undefined) await insertCustomer(tx, { id: customerId, orgId: s.orgId, name: body.name, phones: [phone], tags: ['online-booking'] }, rc.now);
        const id = rc.deps.store.ids.next('appt');
        const a = await bookAppointment(tx, { id, orgId: s.orgId, svc, start, customerId, source: 'public' }, rc.now);
        await tx.query(
          `INSERT INTO audit_log (org_id, at, actor_id, via, request_id, action, target_type, target_id, store_id, after, personal)
           VALUES ($1, $2, 'public', 'public', $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb)`,
          [s.orgId, new Date(rc.now).toISOString(), rc.requestId, 'appointment.book', 'appointment', id, s.id, JSON.stringify({ status: a.status, start: body.start, staffId: a.staffId, serviceId: svc.id, customerId, newCustomer: owner === undefined }), owner === undefined ? JSON.stringify(['name', 'phone']) : null],
        );
        return { status: 201, body: { appointmentId: id, start: new Date(a.start).toISOString(), end: new Date(a.end).toISOString(), service: svc.name, store: s.name } };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/public/status/{token}',
    operationId: 'publicCaseStatus',
    tag: 'public',
    summary: 'Where is my car / repair / complaint: the case status behind a status link (no login; 404 unknown, 410 expired or withdrawn)',
    access: 'public',
    params: z.strictObject({ token: z.string().min(1).max(100) }),
    responses: { 200: { description: 'The status', schema: publicStatusSchema } },
    problems: [410, 429],
    async handler({ params, rc }) {
      await limit(rc, 'public-read', PUBLIC_READ_LIMIT);
      const db = rc.deps.store.db;
      const check = await verifyPublicToken(db, STATUS_PURPOSE, params.token, rc.now);
      if (!check.ok) throw publicTokenProblem(check.reason);
      const status = check.record.subject.type === 'case' ? await publicCaseStatus(db, rc.deps.store, check.record.orgId, check.record.subject.id) : undefined;
      if (status === undefined) throw publicTokenProblem('unknown');
      return { status: 200, body: { ...status, linkExpiresAt: new Date(check.record.expiresAt).toISOString() } };
    },
  }),
];
