import { tierOf, type TierRule } from '../customers/tiers.ts';
import { normaliseSubject } from '../complaints/routes.ts';
import { CUSTOMER_KINDS, DemoRandom, demoName, demoPhone, type CustomerKind } from './demo-people.ts';
import { planAppointments, type PlannedAppointment } from './demo-appointments.ts';
import type { CaseCustomer } from '../engine/types.ts';
import type { CompiledProcess } from '../model/types.ts';
import type { DemoArrivalExtras, DemoStaffing } from './demo-history.ts';

/**
 * The demo's customers and who comes when, planned before the history is simulated (pure and
 * seeded: one seed, one plan).
 *
 * Each kind of business (demo-people.ts) has a pool of customers per store. The arrivals of its
 * templates, in time order, are given to customers so that some come once and regulars come
 * several times: the plan decides for each arrival who it is, whether that customer was served
 * before, and the case data the SOP starts with (the name, the car's plate, the complaint's
 * subject and severity, the appointment that was checked in). A complaint about the same
 * subject by the same student within the repeat window is a repeat, counted by the complaint
 * desk's own rule; one such repeat is made sure of, old enough to have reached the general
 * manager.
 */

/** The organisation's tier rules in the demo: S22 by assets, S29 by monthly volume, car owners, big spenders, regulars. */
export const DEMO_TIER_RULES: readonly TierRule[] = [
  { tier: 'vip', when: 'assets >= 1000000' },
  { tier: 'member', when: 'assets >= 300000' },
  { tier: 'core', when: 'monthlyCartons >= 50' },
  { tier: 'important', when: 'monthlyCartons >= 20' },
  { tier: 'key-owner', when: 'vehicle != null and purchase.max >= 150000' },
  { tier: 'vip', when: 'purchase.total >= 5000' },
  { tier: 'regular', when: 'purchase.count >= 3' },
];

/** The complaint desk's repeat window (days), as src/complaints uses by default. */
export const DEMO_REPEAT_WINDOW_DAYS = 30;

export interface DemoCustomer {
  readonly id: string;
  readonly kind: string;
  readonly storeId: string;
  readonly name: string;
  readonly phone: string;
  readonly attributes: Record<string, unknown>;
  readonly tags: string[];
  readonly consent: Record<string, boolean>;
  readonly ownerStaffId?: string;
  /** The tier the rules give from the attributes alone (before purchases). */
  readonly tier?: string;
  /** Registered at the first visit. */
  readonly registeredAt: number;
  /** Arrivals given to this customer, in time order. */
  readonly visits: number;
}

export interface DemoPlan {
  readonly customers: readonly DemoCustomer[];
  readonly appointments: readonly PlannedAppointment[];
  /** Per template key and store id. */
  extras(key: string, storeId: string): DemoArrivalExtras | undefined;
}

interface Arrival {
  readonly key: string;
  readonly storeId: string;
  readonly i: number;
  readonly t: number;
  who?: PoolCustomer;
}

interface PoolCustomer {
  id: string;
  kind: CustomerKind;
  storeId: string;
  name: string;
  phone: string;
  attributes: Record<string, unknown>;
  consent: Record<string, boolean>;
  ownerStaffId?: string;
  tier?: string;
  arrivals: Arrival[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PROBLEMS: readonly { text: string; severity: string }[] = [
  { text: '阀门漏水', severity: 'valve' },
  { text: '刷卡器不出水', severity: 'valve' },
  { text: '没有热水', severity: 'machine' },
  { text: '水温忽冷忽热', severity: 'machine' },
  { text: '整栋楼热水停供', severity: 'major' },
];

/** The role that serves first in an SOP: the customer's owner holds it. */
function firstRole(p: CompiledProcess): string | undefined {
  for (const n of p.definition.nodes) if (n.kind === 'human') return n.role;
  return undefined;
}

/**
 * Plans customers and arrivals. `arrivals` are the history's arrival instants per template and
 * store (demoArrivalTimes); `stores` the demo staffing (owners come from its rosters).
 */
export function planDemoCustomers(input: {
  readonly processes: readonly CompiledProcess[];
  readonly arrivals: ReadonlyMap<string, ReadonlyMap<string, readonly number[]>>;
  readonly stores: readonly DemoStaffing[];
  readonly now: number;
  readonly seed?: number;
}): DemoPlan {
  const seed = input.seed ?? 1;
  const r = new DemoRandom(seed, 1);
  const byKey = new Map(input.processes.map((p) => [p.definition.key, p]));
  const all: PoolCustomer[] = [];
  const arrivalsOf = new Map<string, Arrival[]>();
  for (const kind of CUSTOMER_KINDS) {
    const keys = kind.templates.filter((k) => byKey.has(k));
    if (keys.length === 0) continue;
    const role = firstRole(byKey.get(keys[0]!)!);
    for (const store of input.stores) {
      const list: Arrival[] = [];
      for (const key of keys) {
        const mine = (input.arrivals.get(key)?.get(store.storeId) ?? []).map((t, i) => ({ key, storeId: store.storeId, i, t }));
        arrivalsOf.set(`${key}@${store.storeId}`, mine);
        list.push(...mine);
      }
      list.sort((a, b) => a.t - b.t || (a.key < b.key ? -1 : 1));
      const size = Math.max(2, Math.ceil(list.length / kind.casesPerCustomer));
      const pool: PoolCustomer[] = [];
      const owners = role === undefined ? [] : store.staff(role);
      list.forEach((a, n) => {
        // New customers arrive at the rate that fills the pool by the end; the others are regulars
        // (the earliest customers come back most: u² leans towards the front of the pool).
        const fresh = pool.length < size && (pool.length === 0 || r.chance((size - pool.length) / (list.length - n)));
        if (fresh) {
          const no = all.length + 1;
          const c: PoolCustomer = {
            id: `demo-cust-${String(no).padStart(4, '0')}`,
            kind,
            storeId: store.storeId,
            name: demoName(r),
            phone: demoPhone(no),
            attributes: kind.attributes?.(r) ?? {},
            consent: { sms: r.chance(0.85), marketing: r.chance(0.4) },
            ownerStaffId: owners.length > 0 ? owners[no % owners.length] : undefined,
            arrivals: [],
          };
          c.tier = tierOf(DEMO_TIER_RULES, { attributes: c.attributes, tags: [], consent: c.consent, purchaseTotalCents: 0, purchaseMaxCents: 0, purchaseCount: 0 }) ?? undefined;
          pool.push(c);
          all.push(c);
          a.who = c;
        } else a.who = pool[Math.floor(pool.length * r.next() ** 2)]!;
      });
    }
  }
  const repeats = forceRepeatComplaint(arrivalsOf.get(`hot-water-repair@${input.stores[0]?.storeId}`) ?? [], input.now, input.stores[0]?.backlogHours ?? 48);
  for (const a of [...arrivalsOf.values()].flat().sort((x, y) => x.t - y.t)) a.who?.arrivals.push(a);

  const appointments = planAppointments({ processes: byKey, stores: input.stores, arrivals: arrivalsOf, customers: all, now: input.now, seed });
  const booked = new Map(appointments.filter((x) => x.arrival !== undefined).map((x) => [`${x.arrival!.key}@${x.storeId}#${x.arrival!.i}`, x]));
  const complaints = complaintData(arrivalsOf, repeats, r);

  const extras = new Map<string, DemoArrivalExtras>();
  for (const [at, list] of arrivalsOf) {
    const key = at.slice(0, at.indexOf('@'));
    const vars = new Set(byKey.get(key)!.definition.variables.map((v) => v.id));
    const data: Record<string, unknown>[] = [];
    const customers: (CaseCustomer | undefined)[] = [];
    for (const a of list) {
      const c = a.who!;
      const returning = c.arrivals.indexOf(a) > 0;
      const d: Record<string, unknown> = {};
      for (const v of ['customerName', 'studentName', 'guestName']) if (vars.has(v)) d[v] = c.name;
      if (vars.has('plate') && typeof c.attributes.plate === 'string') d.plate = c.attributes.plate;
      if (vars.has('memberNo')) d.memberNo = `M-${c.id.slice(-4)}`;
      if (vars.has('returningCustomer')) d.returningCustomer = returning;
      if (vars.has('existingOwner')) d.existingOwner = returning;
      if (vars.has('firstVisit')) d.firstVisit = !returning;
      if (key === 'account-manager-visit') d.customerClass = c.tier ?? 'other';
      Object.assign(d, complaints.get(a));
      const appt = booked.get(`${key}@${a.storeId}#${a.i}`);
      if (appt !== undefined) Object.assign(d, { appointmentId: appt.id, appointmentStart: new Date(appt.start).toISOString() });
      data.push(d);
      customers.push({ id: c.id, ...(c.ownerStaffId !== undefined ? { ownerId: c.ownerStaffId } : {}), ...(c.tier !== undefined ? { tier: c.tier } : {}), ...(returning ? { returning: true } : {}) });
    }
    extras.set(at, { data, customers });
  }

  const customers: DemoCustomer[] = all
    .filter((c) => c.arrivals.length > 0)
    .map((c) => {
      const tags: string[] = [];
      if (c.arrivals.length >= 3) tags.push('regular');
      if (c.arrivals.some((a) => booked.has(`${a.key}@${a.storeId}#${a.i}`))) tags.push('booked-ahead');
      if (c.kind.id === 'tobacco' || c.kind.id === 'finance') tags.push(c.kind.id === 'tobacco' ? 'retailer' : 'investor');
      return {
        id: c.id,
        kind: c.kind.id,
        storeId: c.storeId,
        name: c.name,
        phone: c.phone,
        attributes: c.attributes,
        tags,
        consent: c.consent,
        ...(c.ownerStaffId !== undefined ? { ownerStaffId: c.ownerStaffId } : {}),
        ...(c.tier !== undefined ? { tier: c.tier } : {}),
        registeredAt: c.arrivals[0]!.t - 10 * 60_000,
        visits: c.arrivals.length,
      };
    });
  return { customers, appointments, extras: (key, storeId) => extras.get(`${key}@${storeId}`) };
}

/**
 * Makes sure of one repeat complaint the general manager has seen: a complaint at least four
 * days old (past the backlog, so the desk logged it and the gateway sent it up), by the student
 * of an earlier one a few days before it, about the same tap.
 */
function forceRepeatComplaint(list: readonly Arrival[], now: number, backlogHours: number): Map<Arrival, Arrival> {
  const late = list.filter((a) => a.t <= now - Math.max(4 * DAY, backlogHours * HOUR + DAY));
  const second = late[late.length - 1];
  const first = second === undefined ? undefined : [...list].reverse().find((a) => a.t < second.t - DAY && a.t > second.t - 20 * DAY);
  if (second === undefined || first === undefined) return new Map();
  second.who = first.who;
  return new Map([[second, first]]);
}

/** The S12 complaint data of every hot-water arrival: where, what, how severe, and the repeat count by the desk's rule. */
function complaintData(arrivalsOf: ReadonlyMap<string, Arrival[]>, repeats: ReadonlyMap<Arrival, Arrival>, r: DemoRandom): Map<Arrival, Record<string, unknown>> {
  const out = new Map<Arrival, Record<string, unknown>>();
  for (const [at, list] of arrivalsOf) {
    if (!at.startsWith('hot-water-repair@')) continue;
    const filed: { customer: string; subject: string; t: number }[] = [];
    const what = new Map<Arrival, { location: string; problem: (typeof PROBLEMS)[number] }>();
    for (const a of list) {
      // a forced repeat: the same tap and problem as the earlier complaint
      const earlier = repeats.get(a);
      const building = typeof a.who!.attributes.building === 'string' ? a.who!.attributes.building : '1号楼';
      const w = earlier !== undefined ? what.get(earlier)! : { location: `${building}${r.int(1, 6)}号浴室`, problem: r.pick(PROBLEMS) };
      what.set(a, w);
      const subject = normaliseSubject(`${w.location}${w.problem.text}`);
      const repeatCount = filed.filter((f) => f.customer === a.who!.id && f.subject === subject && f.t > a.t - DEMO_REPEAT_WINDOW_DAYS * DAY).length;
      filed.push({ customer: a.who!.id, subject, t: a.t });
      out.set(a, { location: w.location, subject, severity: w.problem.severity, repeat: repeatCount > 0, repeatCount });
    }
  }
  return out;
}
