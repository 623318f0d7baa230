import { bookAppointment, findService, insertResource, insertService, setStatus, type AppointmentStatus, type Service } from '../appointments/repo.ts';
import { dayBeforeAt } from '../appointments/time.ts';
import { createCalendar } from '../calendar/index.ts';
import { DemoRandom } from './demo-people.ts';
import type { CompiledProcess } from '../model/types.ts';
import type { DemoStaffing } from './demo-history.ts';
import type { Tx } from '../store/db.ts';

/**
 * The demo's appointment book: two bookable services per store whose check-in starts the SOP
 * (a maintenance visit → car after-sales S09, a facial → the salon visit S01), and appointments
 *
 * - in the past: checked in (the appointment names the case it started, and the case's data
 *   names the appointment, as a real check-in does), no-shows and cancellations;
 * - in the next days: booked and some reconfirmed, so the calendar and the advisors' reminders
 *   the day before have something on them.
 *
 * Planned in pure code (demo-customers.ts calls `planAppointments` before the history is
 * simulated, since a checked-in case starts with its appointment), written through the
 * appointment store's own functions on a fake clock: each is booked at the moment it was
 * booked, reconfirmed, checked in or cancelled at its own time. No two appointments of a store
 * overlap, so the double-booking guard never has to refuse one (a refusal inside the seeding
 * transaction would abort it).
 */

export interface DemoService {
  readonly key: string;
  readonly id: string;
  readonly role: string;
  readonly name: { readonly zh: string; readonly en: string };
  readonly durationMin: number;
  /** A room the service needs, with its capacity. */
  readonly resource?: { readonly id: string; readonly name: string; readonly capacity: number };
}

export const DEMO_SERVICES: readonly DemoService[] = [
  { key: 'car-after-sales', id: 'maintenance', role: 'advisor', name: { zh: '预约保养维修', en: 'Booked maintenance or repair' }, durationMin: 60 },
  {
    key: 'salon-visit',
    id: 'facial',
    role: 'duty-beautician',
    name: { zh: '面部护理', en: 'Facial treatment' },
    durationMin: 90,
    resource: { id: 'treatment-room', name: '护理间 Treatment room', capacity: 2 },
  },
];

export interface PlannedAppointment {
  readonly id: string;
  readonly storeId: string;
  readonly serviceId: string;
  readonly customerId: string;
  /** Who serves it: the store's roster of the service's role, in turn (no two appointments of a store overlap, so they are free). */
  readonly staffId: string;
  readonly start: number;
  readonly status: Extract<AppointmentStatus, 'checked_in' | 'no_show' | 'cancelled' | 'booked' | 'confirmed'>;
  readonly bookedAt: number;
  readonly source: 'staff' | 'public';
  readonly confirmedAt?: number;
  /** When it was checked in, marked a no-show or cancelled. */
  readonly closedAt?: number;
  /** The arrival (case) a check-in started. */
  readonly arrival?: { readonly key: string; readonly i: number; readonly t: number };
}

interface PlanArrival {
  readonly key: string;
  readonly storeId: string;
  readonly i: number;
  readonly t: number;
  readonly who?: { readonly id: string };
}
interface PlanCustomer {
  readonly id: string;
  readonly storeId: string;
  readonly kind: { readonly templates: readonly string[] };
  readonly arrivals: readonly { readonly t: number }[];
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const SLOT = 30 * MIN;
const ZONE_OFFSET = 8 * HOUR; // the demo stores are in Asia/Shanghai (no daylight saving)
const localMidnight = (t: number) => Math.floor((t + ZONE_OFFSET) / DAY) * DAY - ZONE_OFFSET;

/** The service's id in a store (ids are global). */
export const serviceId = (storeId: string, s: DemoService) => `${storeId}-${s.id}`;

/** Plans the appointments of every store (see the file comment). */
export function planAppointments(input: {
  readonly processes: ReadonlyMap<string, CompiledProcess>;
  readonly stores: readonly DemoStaffing[];
  readonly arrivals: ReadonlyMap<string, readonly PlanArrival[]>;
  readonly customers: readonly PlanCustomer[];
  readonly now: number;
  readonly seed: number;
}): PlannedAppointment[] {
  const r = new DemoRandom(input.seed, 2);
  const out: PlannedAppointment[] = [];
  for (const store of input.stores) {
    const cal = createCalendar(store.calendar);
    const taken: [number, number][] = [];
    const free = (start: number, minutes: number) => {
      const end = start + minutes * MIN;
      const open = cal.openIntervals(start, end);
      if (!(open.length === 1 && open[0]!.start === start && open[0]!.end === end)) return false;
      if (taken.some(([s, e]) => s < end && start < e)) return false;
      taken.push([start, end]);
      return true;
    };
    let n = 0;
    const id = () => `demo-appt-${store.storeId}-${String(++n).padStart(3, '0')}`;
    const busy = store.casesPerDay >= 1;
    for (const svc of DEMO_SERVICES) {
      const proc = input.processes.get(svc.key);
      if (proc === undefined || !proc.definition.roles.some((x) => x.id === svc.role)) continue;
      const sid = serviceId(store.storeId, svc);
      const roster = store.staff(svc.role);
      if (roster.length === 0) continue;
      const staffId = () => roster[n % roster.length]!;
      const source = () => (r.chance(0.2) ? ('public' as const) : ('staff' as const));
      // Booked one to four days ahead, in the morning.
      const bookedBefore = (start: number) => localMidnight(start) - r.int(1, 4) * DAY + 10 * HOUR + r.int(0, 300) * MIN;
      // Reconfirmed after the reminder the day before (18:00).
      const confirmed = (start: number, bookedAt: number) => {
        const t = dayBeforeAt('Asia/Shanghai', start, '18:00') + r.int(5, 90) * MIN;
        return t > bookedAt && t < start && r.chance(0.7) ? t : undefined;
      };
      // Past arrivals that came by appointment: the appointment starts on the half hour before.
      for (const a of input.arrivals.get(`${svc.key}@${store.storeId}`) ?? []) {
        const start = Math.floor((a.t + ZONE_OFFSET) / SLOT) * SLOT - ZONE_OFFSET;
        if (a.who === undefined || !r.chance(0.45) || !free(start, svc.durationMin)) continue;
        const bookedAt = bookedBefore(start);
        const c = confirmed(start, bookedAt);
        out.push({ id: id(), storeId: store.storeId, serviceId: sid, staffId: staffId(), customerId: a.who.id, start, status: 'checked_in', bookedAt, source: source(), ...(c ? { confirmedAt: c } : {}), closedAt: a.t, arrival: { key: a.key, i: a.i, t: a.t } });
      }
      const pool = input.customers.filter((c) => c.storeId === store.storeId && c.kind.templates.includes(svc.key) && c.arrivals.length > 0);
      if (pool.length === 0) continue;
      // A free half-hour start on a day, for a customer already known then.
      const slotOn = (day: number, after: number): { start: number; customer: string } | undefined => {
        for (let tries = 0; tries < 6; tries++) {
          const start = day + 9 * HOUR + r.int(0, 14) * SLOT;
          const known = pool.filter((c) => c.arrivals[0]!.t < Math.min(start, after) - DAY);
          if (start <= after || known.length === 0) continue;
          if (free(start, svc.durationMin)) return { start, customer: r.pick(known).id };
        }
        return undefined;
      };
      // Past no-shows and cancellations.
      const firstDay = localMidnight(Math.min(...pool.map((c) => c.arrivals[0]!.t))) + 2 * DAY;
      for (let day = firstDay; day < localMidnight(input.now); day += DAY) {
        if (r.chance(busy ? 0.3 : 0.12)) {
          const s = slotOn(day, day - DAY);
          if (s !== undefined) out.push({ id: id(), storeId: store.storeId, serviceId: sid, staffId: staffId(), customerId: s.customer, start: s.start, status: 'no_show', bookedAt: bookedBefore(s.start), source: source(), closedAt: s.start + 30 * MIN });
        }
        if (r.chance(busy ? 0.2 : 0.1)) {
          const s = slotOn(day, day - DAY);
          if (s === undefined) continue;
          const bookedAt = bookedBefore(s.start);
          out.push({ id: id(), storeId: store.storeId, serviceId: sid, staffId: staffId(), customerId: s.customer, start: s.start, status: 'cancelled', bookedAt, source: source(), closedAt: bookedAt + Math.floor((s.start - bookedAt) / 2) });
        }
      }
      // The next five days: booked, the ones due soon mostly reconfirmed.
      for (let d = 0; d <= 5; d++) {
        const day = localMidnight(input.now) + d * DAY;
        for (let k = busy ? r.int(1, 2) : r.int(0, 1); k > 0; k--) {
          const s = slotOn(day, input.now + HOUR);
          if (s === undefined) continue;
          let bookedAt = input.now - r.int(10, 48 * 60) * MIN;
          const reminder = dayBeforeAt('Asia/Shanghai', s.start, '18:00');
          // A reminder due before now would be sent as soon as the server starts: book after it instead.
          if (bookedAt < reminder && reminder <= input.now) bookedAt = Math.min(input.now, reminder + r.int(5, 60) * MIN);
          const soon = s.start - input.now < DAY && r.chance(0.6);
          out.push({ id: id(), storeId: store.storeId, serviceId: sid, staffId: staffId(), customerId: s.customer, start: s.start, status: soon ? 'confirmed' : 'booked', bookedAt, source: source(), ...(soon ? { confirmedAt: input.now } : {}) });
        }
      }
    }
  }
  return out;
}

/**
 * Writes the services and the planned appointments through the appointment store. `caseOf`
 * gives the case a checked-in appointment started (from the case data's `appointmentId`);
 * a planned check-in without one (its template was not simulated) is left out.
 */
export async function writeDemoAppointments(
  tx: Tx,
  orgId: string,
  stores: readonly string[],
  planned: readonly PlannedAppointment[],
  caseOf: ReadonlyMap<string, string>,
  processes: ReadonlySet<string>,
  now: number,
): Promise<{ services: number; appointments: number }> {
  let services = 0;
  for (const storeId of stores) {
    for (const s of DEMO_SERVICES) {
      if (!processes.has(s.key)) continue;
      if (s.resource !== undefined) await insertResource(tx, { id: `${storeId}-${s.resource.id}`, orgId, storeId, name: s.resource.name, capacity: s.resource.capacity }, now);
      const svc: Service = {
        id: serviceId(storeId, s),
        storeId,
        name: s.name,
        durationMin: s.durationMin,
        slotStepMin: 30,
        role: s.role,
        resourceId: s.resource === undefined ? null : `${storeId}-${s.resource.id}`,
        processKey: s.key,
        reminderTime: '18:00',
        public: true,
        active: true,
      };
      await insertService(tx, { ...svc, orgId }, now - 30 * DAY);
      services++;
    }
  }
  const svcs = new Map<string, Service>();
  let n = 0;
  for (const a of [...planned].sort((x, y) => x.bookedAt - y.bookedAt || (x.id < y.id ? -1 : 1))) {
    const caseId = caseOf.get(a.id);
    if (a.status === 'checked_in' && caseId === undefined) continue;
    let svc = svcs.get(a.serviceId);
    if (svc === undefined) {
      svc = await findService(tx, orgId, a.serviceId);
      if (svc === undefined) continue;
      svcs.set(a.serviceId, svc);
    }
    await bookAppointment(tx, { id: a.id, orgId, svc, start: a.start, staffId: a.staffId, customerId: a.customerId, source: a.source }, a.bookedAt);
    if (a.confirmedAt !== undefined) await setStatus(tx, orgId, a.id, 'confirmed', a.confirmedAt);
    if (a.status === 'checked_in' || a.status === 'no_show' || a.status === 'cancelled') await setStatus(tx, orgId, a.id, a.status, a.closedAt!, caseId);
    n++;
  }
  return { services, appointments: n };
}
