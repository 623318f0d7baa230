import { describe, expect, it } from 'vitest';
import { silentLogger } from '../api/http/logger.ts';
import { listCustomers } from '../customers/store.ts';
import { tierOf } from '../customers/tiers.ts';
import { csatByStaff } from '../kpi/index.ts';
import { createStore } from '../store/store.ts';
import { describeBackends } from '../store/testing/backends.ts';
import { planDemoCustomers, DEMO_TIER_RULES } from './demo-customers.ts';
import { demoArrivalTimes, type DemoStaffing } from './demo-history.ts';
import { CUSTOMER_KINDS } from './demo-people.ts';
import { DEMO_SERVICES } from './demo-appointments.ts';
import { loadLibrary, TEMPLATES_DIR } from './library.ts';
import { DEMO_CALENDARS, DEMO_ORG, seedDemo } from './seed.ts';
import { compile } from '../model/index.ts';
import type { Db } from '../store/db.ts';

// Monday 23 November 2026, 15:00 in Shanghai (as demo-history.test.ts).
const NOW = Date.UTC(2026, 10, 23, 7, 0);
const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString();
const COST = { N: 1024, r: 8, p: 1 };

const rows = async <T,>(db: Db, sql: string, args: unknown[] = [DEMO_ORG]) => (await db.query<T>(sql, args)).rows;
const count = async (db: Db, sql: string, args: unknown[] = [DEMO_ORG]) => Number((await rows<{ n: string }>(db, sql, args))[0]!.n);

describeBackends('demo customers around the history', (b) => {
  it('gives the customer-serving SOPs customers, cards, appointments, complaints and surveys that refer to each other, once', async () => {
    const db = await b.fresh();
    const store = createStore(db);
    const library = await loadLibrary(TEMPLATES_DIR, silentLogger);
    const c0 = process.cpuUsage();
    const seed = await seedDemo(store, library, { now: NOW, log: silentLogger, passwordCost: COST });
    const cpu = process.cpuUsage(c0);
    const a = seed.history!.around;
    console.log(`demo data on ${b.name}: ${Math.round((cpu.user + cpu.system) / 1000)} ms CPU in all, ${a.ms} ms for customers and what is around the cases; ${JSON.stringify({ ...a, ms: undefined })}`);
    expect(seed.history!.skipped).toEqual([]);

    // --- Customers: fictional names and numbers, consent, owners from the rosters, industry attributes.
    const customers = await listCustomers(db, DEMO_ORG, {}, undefined, 5000);
    expect(customers.length).toBe(a.customers);
    expect(customers.length).toBeGreaterThan(100);
    for (const c of customers) {
      expect(c.name, c.id).toMatch(/^\p{Script=Han}{2,3}$/u);
      expect(c.phones, c.id).toHaveLength(1);
      expect(c.phones[0], c.id).toMatch(/^1390000\d{4}$/); // 139 0000 xxxx: a block no subscriber has
      expect(typeof c.consent.sms, c.id).toBe('boolean');
      if (c.ownerStaffId !== null) expect(c.ownerStaffId, c.id).toMatch(/^demo-/);
    }
    expect(new Set(customers.flatMap((c) => c.phones)).size).toBe(customers.length);
    // Tiers come from the organisation's FEEL rules over attributes and purchases, and several tiers occur.
    for (const c of customers) {
      expect(c.tierByRule, c.id).toBe(true);
      const want = tierOf(DEMO_TIER_RULES, { attributes: c.attributes, tags: c.tags, consent: c.consent, purchaseTotalCents: c.purchases.totalCents, purchaseMaxCents: c.purchases.maxCents, purchaseCount: c.purchases.count });
      expect(c.tier, c.id).toBe(want);
    }
    for (const tier of ['vip', 'member', 'core', 'key-owner']) expect(customers.some((c) => c.tier === tier), tier).toBe(true);

    // --- Cases: every case of a customer-serving SOP serves a customer, with that kind's attributes; others none.
    const serving = new Map(CUSTOMER_KINDS.flatMap((k) => k.templates.map((t) => [t, k.id] as const)));
    const perKey = await rows<{ process_key: string; with_c: string; without: string }>(
      db,
      `SELECT process_key, count(customer_id) AS with_c, count(*) - count(customer_id) AS without FROM cases WHERE org_id = $1 AND parent_case_id IS NULL AND id NOT LIKE 'demo-recovery-%' GROUP BY process_key`,
    );
    for (const r of perKey) {
      if (serving.has(r.process_key)) expect([r.process_key, Number(r.without)]).toEqual([r.process_key, 0]);
      else expect([r.process_key, Number(r.with_c)]).toEqual([r.process_key, 0]);
    }
    const byId = new Map(customers.map((c) => [c.id, c]));
    const attrs = await rows<{ process_key: string; customer_id: string }>(db, `SELECT DISTINCT process_key, customer_id FROM cases WHERE org_id = $1 AND process_key IN ('car-after-sales', 'salon-visit')`);
    for (const r of attrs) {
      const c = byId.get(r.customer_id)!;
      if (r.process_key === 'car-after-sales') {
        expect(typeof c.attributes.vehicle, c.id).toBe('string');
        expect(typeof c.attributes.mileage, c.id).toBe('number');
      } else expect(typeof c.attributes.skinType, c.id).toBe('string');
    }
    // Returning customers have several cases; the case knows it, as the archive would have said at its start.
    const returning = await rows<{ id: string; returning: boolean | null; earlier: boolean }>(
      db,
      `SELECT c.id, (c.state->'customer'->>'returning')::boolean AS returning,
          EXISTS (SELECT 1 FROM cases e WHERE e.customer_id = c.customer_id AND e.parent_case_id IS NULL AND (e.started_at, e.id) < (c.started_at, c.id)) AS earlier
         FROM cases c WHERE c.org_id = $1 AND c.customer_id IS NOT NULL AND c.parent_case_id IS NULL AND c.id NOT LIKE 'demo-recovery-%'`,
    );
    for (const r of returning) expect([r.id, r.returning === true]).toEqual([r.id, r.earlier]);
    expect(await count(db, `SELECT count(*) AS n FROM (SELECT customer_id FROM cases WHERE org_id = $1 AND customer_id IS NOT NULL GROUP BY customer_id HAVING count(*) >= 3) x`)).toBeGreaterThan(20);
    // The salon's gateway decided on it: returning customers get the returning-customer consultation.
    const salon = await rows<{ id: string; returning: boolean; node: string }>(
      db,
      `SELECT c.id, coalesce((c.state->'customer'->>'returning')::boolean, false) AS returning, t.node FROM cases c JOIN tasks t ON t.case_id = c.id
        WHERE c.org_id = $1 AND c.process_key = 'salon-visit' AND c.parent_case_id IS NULL AND t.node IN ('consult-new', 'consult-returning')`,
    );
    expect(salon.length).toBeGreaterThan(10);
    for (const r of salon) expect([r.id, r.node]).toEqual([r.id, r.returning ? 'consult-returning' : 'consult-new']);

    // --- Cards: ledgers tied to the customer's own cases; one customer signed for an outstanding balance.
    const ledger = await rows<{ card_id: string; kind: string; case_id: string | null; card_customer: string; case_customer: string | null; balance_after: string; balance: string; last: boolean }>(
      db,
      `SELECT l.card_id, l.kind, l.case_id, m.customer_id AS card_customer, c.customer_id AS case_customer, l.balance_after::text, m.balance::text,
          l.seq = (SELECT max(seq) FROM card_ledger x WHERE x.card_id = l.card_id) AS last
         FROM card_ledger l JOIN membership_cards m ON m.id = l.card_id LEFT JOIN cases c ON c.id = l.case_id WHERE l.org_id = $1`,
    );
    expect(new Set(ledger.map((l) => l.card_id)).size).toBe(a.cards);
    expect(a.cards).toBeGreaterThan(5);
    for (const l of ledger) {
      expect(l.case_customer, `${l.card_id} ${l.kind}`).toBe(l.card_customer);
      if (l.last) expect(l.balance_after).toBe(l.balance);
    }
    expect(new Set(ledger.map((l) => l.kind))).toEqual(new Set(['open', 'consume', 'topup']));
    expect(customers.filter((c) => c.outstanding.cents > 0)).toHaveLength(1);
    expect(customers.filter((c) => c.purchases.count > 0).length).toBeGreaterThan(20);

    // --- Appointments: check-ins started their case; no-shows, cancellations; the next days booked.
    const appts = await rows<{ id: string; status: string; store_id: string; customer_id: string; starts_at: Date; ends_at: Date; case_id: string | null; process_key: string }>(
      db,
      `SELECT a.id, a.status, a.store_id, a.customer_id, a.starts_at, a.ends_at, a.case_id, s.process_key FROM appointments a JOIN appointment_services s ON s.id = a.service_id WHERE a.org_id = $1`,
    );
    expect(appts).toHaveLength(a.appointments);
    const past = appts.filter((x) => x.starts_at.getTime() < NOW);
    const upcoming = appts.filter((x) => x.starts_at.getTime() > NOW);
    for (const s of ['checked_in', 'no_show', 'cancelled']) expect(past.filter((x) => x.status === s).length, s).toBeGreaterThanOrEqual(3);
    for (const x of past) expect(['checked_in', 'no_show', 'cancelled'], x.id).toContain(x.status);
    for (const store of ['demo-east', 'demo-hq']) expect(upcoming.filter((x) => x.store_id === store).length, store).toBeGreaterThan(0);
    expect(upcoming.length).toBeGreaterThanOrEqual(8);
    for (const x of upcoming) {
      expect(['booked', 'confirmed'], x.id).toContain(x.status);
      expect(x.starts_at.getTime(), x.id).toBeLessThan(NOW + 6 * DAY);
    }
    const checkedIn = await rows<{ id: string; ok: boolean }>(
      db,
      `SELECT a.id, (c.state->'data'->>'appointmentId' = a.id AND c.customer_id = a.customer_id AND c.process_key = s.process_key AND c.store_id = a.store_id
                    AND c.started_at >= a.starts_at AND c.started_at < a.ends_at) AS ok
         FROM appointments a JOIN appointment_services s ON s.id = a.service_id JOIN cases c ON c.id = a.case_id WHERE a.org_id = $1 AND a.status = 'checked_in'`,
    );
    expect(checkedIn.length).toBe(past.filter((x) => x.status === 'checked_in').length);
    for (const r of checkedIn) expect([r.id, r.ok]).toEqual([r.id, true]);
    // Reminders: the upcoming ones' are pending for the day before; none is left pending in the past.
    expect(await count(db, `SELECT count(*) AS n FROM appointment_jobs WHERE org_id = $1 AND status = 'pending' AND due_at <= $2`, [DEMO_ORG, iso(NOW)])).toBe(0);
    expect(await count(db, `SELECT count(*) AS n FROM appointment_jobs WHERE org_id = $1 AND status = 'pending'`)).toBeGreaterThan(0);

    // --- Complaints (S12): severities, a repeat that went to the general manager, some closed with the student told.
    const complaints = await rows<{ case_id: string; customer_id: string; subject: string; severity: string; repeat_of: string | null; repeat_count: number; status: string; gm: boolean; told: boolean }>(
      db,
      `SELECT k.case_id, k.customer_id, k.subject, k.severity, k.repeat_of, (c.state->'data'->>'repeatCount')::int AS repeat_count, c.status,
          EXISTS (SELECT 1 FROM tasks t WHERE t.case_id = k.case_id AND t.node = 'report-to-gm') AS gm,
          EXISTS (SELECT 1 FROM tasks t WHERE t.case_id = k.case_id AND t.node = 'tell-student' AND t.status = 'completed') AS told
         FROM complaints k JOIN cases c ON c.id = k.case_id WHERE k.org_id = $1 ORDER BY k.created_at`,
    );
    expect(complaints).toHaveLength(a.complaints);
    expect(new Set(complaints.map((k) => k.severity)).size).toBeGreaterThanOrEqual(2);
    // The case started with the repeat count the desk's rule gives.
    for (const k of complaints) expect([k.case_id, k.repeat_of !== null]).toEqual([k.case_id, k.repeat_count > 0]);
    const repeats = complaints.filter((k) => k.repeat_of !== null);
    expect(repeats.length).toBeGreaterThanOrEqual(1);
    const escalated = repeats.filter((k) => k.gm);
    expect(escalated.length).toBeGreaterThanOrEqual(1);
    const first = complaints.find((k) => k.case_id === escalated[0]!.repeat_of)!;
    expect([first.customer_id, first.subject]).toEqual([escalated[0]!.customer_id, escalated[0]!.subject]);
    expect(complaints.filter((k) => k.status === 'completed' && k.told).length).toBeGreaterThan(3);

    // --- Surveys: scores on finished cases, with the store and the staff who served; one low score being recovered.
    const answers = await rows<{ case_id: string; ok: boolean; staff_ok: boolean; csat: number; recovery_case_id: string | null }>(
      db,
      `SELECT r.case_id, r.csat, r.recovery_case_id,
          (c.status = 'completed' AND c.ended_at <= r.answered_at AND r.answered_at <= $2 AND (c.state->'data'->>'satisfaction')::int = r.csat
            AND r.store_id IS NOT DISTINCT FROM c.store_id) AS ok,
          (cardinality(r.staff_ids) > 0 AND r.staff_ids <@ ARRAY(SELECT t.closed_by FROM tasks t WHERE t.case_id = c.id AND t.status = 'completed')) AS staff_ok
         FROM survey_responses r JOIN cases c ON c.id = r.case_id WHERE r.org_id = $1`,
      [DEMO_ORG, iso(NOW)],
    );
    expect(answers).toHaveLength(a.surveys);
    expect(answers.length).toBeGreaterThan(30);
    for (const r of answers) expect([r.case_id, r.ok, r.staff_ok]).toEqual([r.case_id, true, true]);
    const low = answers.filter((r) => r.csat <= 2);
    expect(low).toHaveLength(1);
    const recovery = (
      await rows<{ process_key: string; status: string; same: boolean; open: string }>(
        db,
        `SELECT k.process_key, k.status, (k.customer_id = c.customer_id AND k.store_id = c.store_id) AS same,
            (SELECT count(*) FROM tasks t WHERE t.case_id = k.id AND t.node = 'call-back' AND t.status IN ('open', 'claimed'))::text AS open
           FROM cases k JOIN cases c ON c.id = $2 WHERE k.id = $1`,
        [low[0]!.recovery_case_id, low[0]!.case_id],
      )
    )[0]!;
    expect(recovery).toEqual({ process_key: 'service-recovery', status: 'active', same: true, open: '1' });
    // The CSAT dashboard reads the scores per staff member.
    const csat = await csatByStaff(db, { orgId: DEMO_ORG, from: NOW - 30 * DAY, to: NOW + 1 });
    expect(csat.filter((r) => r.cases > 0).length).toBeGreaterThan(3);
    expect(await count(db, `SELECT count(*) AS n FROM jobs WHERE org_id = $1 AND status = 'pending' AND due_at <= $2`, [DEMO_ORG, iso(NOW)])).toBe(0);

    // --- A second start adds nothing.
    const tables = ['customers', 'customer_purchases', 'membership_cards', 'card_ledger', 'appointments', 'complaints', 'survey_responses', 'cases'];
    const before = await Promise.all(tables.map((t) => count(db, `SELECT count(*) AS n FROM ${t}`, [])));
    expect(await seedDemo(store, library, { now: NOW + DAY, log: silentLogger, passwordCost: COST })).toEqual({ created: false });
    expect(await Promise.all(tables.map((t) => count(db, `SELECT count(*) AS n FROM ${t}`, [])))).toEqual(before);
  }, 600_000);
});

describe('demo customer plan', () => {
  const library = loadLibrary(TEMPLATES_DIR, silentLogger).then((l) => l.map((e) => compile(e.definition)));
  const stores: DemoStaffing[] = [
    { storeId: 'demo-east', staff: () => ['demo-wang', 'demo-li'], casesPerDay: 1, backlogHours: 48, calendar: DEMO_CALENDARS.store! },
    { storeId: 'demo-hq', staff: () => ['demo-admin'], casesPerDay: 0.5, backlogHours: 48, calendar: DEMO_CALENDARS.store! },
  ];
  const plan = async (seed?: number) => {
    const processes = await library;
    return planDemoCustomers({ processes, arrivals: demoArrivalTimes(processes, { now: NOW, days: 21, stores, seed }), stores, now: NOW, seed });
  };

  it('is the same plan for the same seed, and another for another seed', async () => {
    const a = await plan();
    const b = await plan();
    expect(b.customers).toEqual(a.customers);
    expect(b.appointments).toEqual(a.appointments);
    expect(b.extras('salon-visit', 'demo-east')).toEqual(a.extras('salon-visit', 'demo-east'));
    expect((await plan(2)).customers.map((c) => c.name)).not.toEqual(a.customers.map((c) => c.name));
  });

  it('never lets two appointments of a store overlap, and books them inside opening hours', async () => {
    const { appointments } = await plan();
    expect(appointments.length).toBeGreaterThan(20);
    for (const store of ['demo-east', 'demo-hq']) {
      const mine = appointments.filter((x) => x.storeId === store).sort((x, y) => x.start - y.start);
      let end = 0;
      for (const x of mine) {
        expect(x.start, x.id).toBeGreaterThanOrEqual(end);
        end = Math.max(end, x.start + DEMO_SERVICES.find((s) => x.serviceId === `${store}-${s.id}`)!.durationMin * 60_000);
      }
      for (const x of mine) {
        const local = new Date(x.start + 8 * 3_600_000);
        const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
        expect(minutes, x.id).toBeGreaterThanOrEqual(8 * 60 + 30);
        expect(x.bookedAt, x.id).toBeLessThan(x.start);
        expect(x.bookedAt, x.id).toBeLessThanOrEqual(NOW);
      }
    }
  });
});
