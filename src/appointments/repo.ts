import { hasSqlState } from '../store/errors.ts';
import { ApiProblem } from '../api/problem.ts';
import { dayBeforeAt, localDayBounds, storeClock, type StoreClock } from './time.ts';
import { freeSlots, type Busy, type Slot } from './slots.ts';
import type { Queryable, Tx } from '../store/db.ts';

/**
 * Appointments in the database: services, resources, appointments and their reminder jobs.
 * Double booking is refused by the `appointments_guard` trigger (migration 311), whoever
 * writes; here its SQL states become 409 problems.
 */

export const LIVE = ['booked', 'confirmed', 'checked_in'] as const;
export type AppointmentStatus = 'booked' | 'confirmed' | 'checked_in' | 'cancelled' | 'no_show';

export interface Service {
  readonly id: string;
  readonly storeId: string;
  readonly name: { readonly zh: string; readonly en: string };
  readonly durationMin: number;
  readonly slotStepMin: number;
  readonly role: string;
  readonly resourceId: string | null;
  readonly processKey: string | null;
  readonly reminderTime: string;
  readonly public: boolean;
  readonly active: boolean;
}

export interface Resource {
  readonly id: string;
  readonly storeId: string;
  readonly name: string;
  readonly capacity: number;
}

export interface Appointment {
  readonly id: string;
  readonly storeId: string;
  readonly serviceId: string;
  readonly staffId: string;
  readonly resourceId: string | null;
  readonly customerId: string | null;
  readonly start: number;
  readonly end: number;
  readonly status: AppointmentStatus;
  readonly source: 'staff' | 'public';
  readonly caseId: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly version: number;
}

const iso = (t: number) => new Date(t).toISOString();

type ServiceRow = {
  id: string;
  store_id: string;
  name_zh: string;
  name_en: string;
  duration_min: number;
  slot_step_min: number;
  role: string;
  resource_id: string | null;
  process_key: string | null;
  reminder_time: string;
  public: boolean;
  active: boolean;
};
const SERVICE_COLS = 'id, store_id, name_zh, name_en, duration_min, slot_step_min, role, resource_id, process_key, reminder_time, public, active';
const service = (r: ServiceRow): Service => ({
  id: r.id,
  storeId: r.store_id,
  name: { zh: r.name_zh, en: r.name_en },
  durationMin: r.duration_min,
  slotStepMin: r.slot_step_min,
  role: r.role,
  resourceId: r.resource_id,
  processKey: r.process_key,
  reminderTime: r.reminder_time,
  public: r.public,
  active: r.active,
});

type ApptRow = {
  id: string;
  store_id: string;
  service_id: string;
  staff_id: string;
  resource_id: string | null;
  customer_id: string | null;
  starts_at: Date;
  ends_at: Date;
  status: AppointmentStatus;
  source: 'staff' | 'public';
  case_id: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
};
const APPT_COLS = 'id, store_id, service_id, staff_id, resource_id, customer_id, starts_at, ends_at, status, source, case_id, created_at, updated_at, version';
const appointment = (r: ApptRow): Appointment => ({
  id: r.id,
  storeId: r.store_id,
  serviceId: r.service_id,
  staffId: r.staff_id,
  resourceId: r.resource_id,
  customerId: r.customer_id,
  start: r.starts_at.getTime(),
  end: r.ends_at.getTime(),
  status: r.status,
  source: r.source,
  caseId: r.case_id,
  createdAt: r.created_at.getTime(),
  updatedAt: r.updated_at.getTime(),
  version: r.version,
});

export async function insertResource(tx: Tx, r: Resource & { orgId: string }, now: number): Promise<void> {
  await tx.query(`INSERT INTO appointment_resources (id, org_id, store_id, name, capacity, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [r.id, r.orgId, r.storeId, r.name, r.capacity, iso(now)]);
}

export async function listResources(q: Queryable, orgId: string, storeId: string): Promise<Resource[]> {
  const r = await q.query<{ id: string; store_id: string; name: string; capacity: number }>(
    `SELECT id, store_id, name, capacity FROM appointment_resources WHERE org_id = $1 AND store_id = $2 ORDER BY id`,
    [orgId, storeId],
  );
  return r.rows.map((x) => ({ id: x.id, storeId: x.store_id, name: x.name, capacity: x.capacity }));
}

export async function findResource(q: Queryable, orgId: string, id: string): Promise<Resource | undefined> {
  const x = (await q.query<{ id: string; store_id: string; name: string; capacity: number }>(`SELECT id, store_id, name, capacity FROM appointment_resources WHERE org_id = $1 AND id = $2`, [orgId, id])).rows[0];
  return x === undefined ? undefined : { id: x.id, storeId: x.store_id, name: x.name, capacity: x.capacity };
}

export async function insertService(tx: Tx, s: Service & { orgId: string }, now: number): Promise<void> {
  await tx.query(
    `INSERT INTO appointment_services (${SERVICE_COLS}, org_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [s.id, s.storeId, s.name.zh, s.name.en, s.durationMin, s.slotStepMin, s.role, s.resourceId, s.processKey, s.reminderTime, s.public, s.active, s.orgId, iso(now)],
  );
}

export async function updateService(tx: Tx, orgId: string, s: Service): Promise<void> {
  await tx.query(
    `UPDATE appointment_services SET name_zh = $3, name_en = $4, duration_min = $5, slot_step_min = $6, role = $7, resource_id = $8, process_key = $9, reminder_time = $10, public = $11, active = $12
      WHERE org_id = $1 AND id = $2`,
    [orgId, s.id, s.name.zh, s.name.en, s.durationMin, s.slotStepMin, s.role, s.resourceId, s.processKey, s.reminderTime, s.public, s.active],
  );
}

export async function listServices(q: Queryable, orgId: string, storeId: string, opts: { publicOnly?: boolean } = {}): Promise<Service[]> {
  const r = await q.query<ServiceRow>(
    `SELECT ${SERVICE_COLS} FROM appointment_services WHERE org_id = $1 AND store_id = $2 AND ($3::boolean IS NOT TRUE OR (public AND active)) ORDER BY id`,
    [orgId, storeId, opts.publicOnly === true],
  );
  return r.rows.map(service);
}

export async function findService(q: Queryable, orgId: string, id: string): Promise<Service | undefined> {
  const r = (await q.query<ServiceRow>(`SELECT ${SERVICE_COLS} FROM appointment_services WHERE org_id = $1 AND id = $2`, [orgId, id])).rows[0];
  return r === undefined ? undefined : service(r);
}

export async function findAppointment(q: Queryable, orgId: string, id: string, opts: { lock?: boolean } = {}): Promise<Appointment | undefined> {
  const r = (await q.query<ApptRow>(`SELECT ${APPT_COLS} FROM appointments WHERE org_id = $1 AND id = $2${opts.lock === true ? ' FOR UPDATE' : ''}`, [orgId, id])).rows[0];
  return r === undefined ? undefined : appointment(r);
}

/** Appointments of a store starting in [from, to), optionally of one staff member, by start. */
export async function listAppointments(q: Queryable, orgId: string, f: { storeId: string; from: number; to: number; staffId?: string; liveOnly?: boolean }): Promise<Appointment[]> {
  const r = await q.query<ApptRow>(
    `SELECT ${APPT_COLS} FROM appointments
      WHERE org_id = $1 AND store_id = $2 AND starts_at < $4 AND ends_at > $3 AND ($5::text IS NULL OR staff_id = $5)
        AND ($6::boolean IS NOT TRUE OR status IN ('booked', 'confirmed', 'checked_in'))
      ORDER BY starts_at, id`,
    [orgId, f.storeId, iso(f.from), iso(f.to), f.staffId ?? null, f.liveOnly === true],
  );
  return r.rows.map(appointment);
}

/** Staff who may serve `role` in the store (active, in duty order). */
export async function servingStaff(q: Queryable, orgId: string, storeId: string, role: string): Promise<{ id: string; name: string; onDutyNow: boolean }[]> {
  const r = await q.query<{ id: string; name: string; on_duty: boolean | null }>(
    `SELECT s.id, s.name, d.on_duty FROM staff_roles sr JOIN staff s ON s.id = sr.staff_id
       LEFT JOIN duty d ON d.store_id = sr.store_id AND d.staff_id = sr.staff_id
      WHERE sr.org_id = $1 AND sr.store_id = $2 AND sr.role = $3 AND s.active ORDER BY sr.duty_order, s.id`,
    [orgId, storeId, role],
  );
  return r.rows.map((x) => ({ id: x.id, name: x.name, onDutyNow: x.on_duty ?? true }));
}

export interface DaySlots {
  readonly date: string;
  readonly timeZone: string;
  readonly slots: Slot[];
}

/**
 * Free slots of a service on a local date. Staff come from the store's roster for the service's
 * role; someone marked off shift is left out of the rest of TODAY only (the duty column says who
 * is on shift now, not on later days).
 */
export async function daySlots(q: Queryable, orgId: string, svc: Service, date: string, now: number, opts: { excludeAppointment?: string } = {}): Promise<DaySlots> {
  const clock = await storeClock(q, orgId, svc.storeId);
  if (clock === undefined) throw new Error(`store ${svc.storeId} vanished`);
  const day = localDayBounds(clock.timeZone, date);
  if (day === undefined) throw new ApiProblem(422, 'BAD_DATE', `"${date}" is not a date YYYY-MM-DD`, { issues: [{ path: 'query.date', message: 'not a date' }] });
  return { date, timeZone: clock.timeZone, slots: await slotsBetween(q, orgId, svc, clock, day.start, day.end, now, opts.excludeAppointment) };
}

async function slotsBetween(q: Queryable, orgId: string, svc: Service, clock: StoreClock, from: number, to: number, now: number, exclude?: string): Promise<Slot[]> {
  const staff = await servingStaff(q, orgId, svc.storeId, svc.role);
  const isToday = clock.calendar.localDate(now) === clock.calendar.localDate(from);
  const booked = await q.query<{ id: string; staff_id: string; resource_id: string | null; starts_at: Date; ends_at: Date }>(
    `SELECT id, staff_id, resource_id, starts_at, ends_at FROM appointments
      WHERE org_id = $1 AND status IN ('booked', 'confirmed', 'checked_in') AND starts_at < $3 AND ends_at > $2 AND id <> $6
        AND (staff_id IN (SELECT jsonb_array_elements_text($4::jsonb)) OR resource_id = $5)`,
    [orgId, iso(from), iso(to), JSON.stringify(staff.map((s) => s.id)), svc.resourceId, exclude ?? ''],
  );
  const busyOf = (f: (r: (typeof booked.rows)[number]) => boolean): Busy[] => booked.rows.filter(f).map((r) => ({ start: r.starts_at.getTime(), end: r.ends_at.getTime() }));
  let capacity = 0;
  if (svc.resourceId !== null) capacity = (await q.query<{ capacity: number }>(`SELECT capacity FROM appointment_resources WHERE id = $1`, [svc.resourceId])).rows[0]?.capacity ?? 0;
  return freeSlots({
    open: clock.calendar.openIntervals(from, to),
    durationMs: svc.durationMin * 60_000,
    stepMs: svc.slotStepMin * 60_000,
    staff: staff.filter((s) => !isToday || s.onDutyNow).map((s) => ({ id: s.id, busy: busyOf((r) => r.staff_id === s.id) })),
    resource: svc.resourceId === null ? undefined : { capacity, busy: busyOf((r) => r.resource_id === svc.resourceId) },
    notBefore: now,
  });
}

/** Checks that [start, start+duration) lies in one open interval of the store and is not past. */
export async function checkBookable(q: Queryable, orgId: string, svc: Service, start: number, now: number): Promise<StoreClock> {
  const clock = await storeClock(q, orgId, svc.storeId);
  if (clock === undefined) throw new Error(`store ${svc.storeId} vanished`);
  const end = start + svc.durationMin * 60_000;
  if (start < now) throw new ApiProblem(422, 'IN_THE_PAST', 'the appointment would start in the past', { issues: [{ path: 'body.start', message: 'in the past' }] });
  // clipped to [start, end) and merged: one interval covering all of it means open throughout
  const open = clock.calendar.openIntervals(start, end);
  if (!(open.length === 1 && open[0]!.start === start && open[0]!.end === end))
    throw new ApiProblem(422, 'STORE_CLOSED', `the store is not open for the whole of ${iso(start)} – ${iso(end)} (opening hours and breaks)`, {
      issues: [{ path: 'body.start', message: 'outside opening hours' }],
    });
  return clock;
}

/** Maps the guard trigger's refusals to 409. */
export function conflictProblem(e: unknown): ApiProblem | undefined {
  if (hasSqlState(e, 'SF310')) return new ApiProblem(409, 'STAFF_DOUBLE_BOOKED', 'this staff member already has an appointment at that time: pick another slot or person');
  if (hasSqlState(e, 'SF311')) return new ApiProblem(409, 'RESOURCE_FULL', 'the room/resource is fully booked at that time: pick another slot');
  return undefined;
}

export interface NewAppointment {
  readonly id: string;
  readonly orgId: string;
  readonly svc: Service;
  readonly start: number;
  /** Undefined: the first free staff member in duty order. */
  readonly staffId?: string;
  readonly customerId?: string | null;
  readonly source: 'staff' | 'public';
}

/** Books: checks the hours and the staff's role, inserts (the trigger refuses overlaps), schedules the reminder. */
export async function bookAppointment(tx: Tx, a: NewAppointment, now: number): Promise<Appointment> {
  const clock = await checkBookable(tx, a.orgId, a.svc, a.start, now);
  const end = a.start + a.svc.durationMin * 60_000;
  const staff = await servingStaff(tx, a.orgId, a.svc.storeId, a.svc.role);
  let staffId = a.staffId;
  if (staffId !== undefined && !staff.some((s) => s.id === staffId))
    throw new ApiProblem(422, 'STAFF_NOT_SERVING', `staff "${staffId}" does not serve "${a.svc.role}" in this store (see its roster)`, { issues: [{ path: 'body.staffId', message: 'not on the roster for this role' }] });
  if (staffId === undefined) {
    const slot = (await slotsBetween(tx, a.orgId, a.svc, clock, a.start, end, now)).find((s) => s.start === a.start);
    staffId = slot?.staffIds[0];
    if (staffId === undefined) throw new ApiProblem(409, 'SLOT_TAKEN', 'nobody is free for this service at that time: pick another slot');
  }
  try {
    await tx.query(
      `INSERT INTO appointments (id, org_id, store_id, service_id, staff_id, resource_id, customer_id, starts_at, ends_at, status, source, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'booked', $10, $11, $11)`,
      [a.id, a.orgId, a.svc.storeId, a.svc.id, staffId, a.svc.resourceId, a.customerId ?? null, iso(a.start), iso(end), a.source, iso(now)],
    );
  } catch (e) {
    throw conflictProblem(e) ?? e;
  }
  await scheduleReminder(tx, a.orgId, a.id, clock.timeZone, a.start, a.svc.reminderTime, now);
  return (await findAppointment(tx, a.orgId, a.id))!;
}

/** Moves an appointment (and its reminder); the trigger refuses overlaps. */
export async function rescheduleAppointment(tx: Tx, orgId: string, appt: Appointment, svc: Service, start: number, staffId: string | undefined, now: number): Promise<Appointment> {
  const clock = await checkBookable(tx, orgId, svc, start, now);
  const end = start + svc.durationMin * 60_000;
  let staff = staffId ?? appt.staffId;
  const serving = await servingStaff(tx, orgId, svc.storeId, svc.role);
  if (!serving.some((s) => s.id === staff)) {
    if (staffId !== undefined) throw new ApiProblem(422, 'STAFF_NOT_SERVING', `staff "${staffId}" does not serve "${svc.role}" in this store`, { issues: [{ path: 'body.staffId', message: 'not on the roster for this role' }] });
    const slot = (await slotsBetween(tx, orgId, svc, clock, start, end, now, appt.id)).find((s) => s.start === start);
    if (slot?.staffIds[0] === undefined) throw new ApiProblem(409, 'SLOT_TAKEN', 'nobody is free for this service at that time: pick another slot');
    staff = slot.staffIds[0];
  }
  try {
    await tx.query(`UPDATE appointments SET starts_at = $3, ends_at = $4, staff_id = $5, status = 'booked', updated_at = $6, version = version + 1 WHERE org_id = $1 AND id = $2`, [
      orgId,
      appt.id,
      iso(start),
      iso(end),
      staff,
      iso(now),
    ]);
  } catch (e) {
    throw conflictProblem(e) ?? e;
  }
  await scheduleReminder(tx, orgId, appt.id, clock.timeZone, start, svc.reminderTime, now);
  return (await findAppointment(tx, orgId, appt.id))!;
}

/** Sets the status (and the case of a check-in); a final status drops the pending reminder. */
export async function setStatus(tx: Tx, orgId: string, id: string, status: AppointmentStatus, now: number, caseId?: string): Promise<Appointment> {
  await tx.query(`UPDATE appointments SET status = $3, case_id = coalesce($4, case_id), updated_at = $5, version = version + 1 WHERE org_id = $1 AND id = $2`, [
    orgId,
    id,
    status,
    caseId ?? null,
    iso(now),
  ]);
  if (status !== 'booked' && status !== 'confirmed') await tx.query(`UPDATE appointment_jobs SET status = 'cancelled', done_at = $2 WHERE appointment_id = $1 AND status = 'pending'`, [id, iso(now)]);
  return (await findAppointment(tx, orgId, id))!;
}

/**
 * The reminder/reconfirmation the day before at the service's reminder time, store-local. None
 * when that instant has already passed at booking (a same-day or late-evening booking for
 * tomorrow was just confirmed in person).
 */
async function scheduleReminder(tx: Tx, orgId: string, apptId: string, zone: string, start: number, time: string, now: number): Promise<void> {
  await tx.query(`UPDATE appointment_jobs SET status = 'cancelled', done_at = $2 WHERE appointment_id = $1 AND status = 'pending'`, [apptId, iso(now)]);
  const due = dayBeforeAt(zone, start, time);
  if (due <= now) return;
  await tx.query(`INSERT INTO appointment_jobs (org_id, appointment_id, kind, status, due_at, created_at) VALUES ($1, $2, 'reminder', 'pending', $3, $4)`, [orgId, apptId, iso(due), iso(now)]);
}
