import { expect, it } from 'vitest';
import { parseSop } from '../model/yaml/read.ts';
import { publishDefinition } from '../store/definitions.ts';
import { executeCommand } from '../store/cases.ts';
import { setRoleStaff } from '../store/directory.ts';
import { runDueJobs } from '../runtime/run-due-jobs.ts';
import { describeBackends } from '../store/testing/backends.ts';
import { fingerprint, makeWorld, type World } from '../api/testing/world.ts';
import { runAppointmentJobs, REMINDER_REASON } from './reminders.ts';
import type { OutboxNotification } from '../store/outbox.ts';

/**
 * Appointments through the API, on PGlite and PostgreSQL. The world's clock starts on Monday
 * 2 March 2026, 09:00 in Shanghai (01:00 UTC); store s1 has no calendar of its own, so it books
 * on the default office week (Mon–Fri 09:00–12:00, 13:00–18:00, Asia/Shanghai). adv1 is the only
 * advisor of s1, tech1 its only technician.
 */

const VISIT = `key: visit
version: 1
name: { zh: 到店服务, en: Store visit }
roles:
  - { id: advisor, name: { zh: 接待, en: Advisor } }
variables:
  - { id: appointmentId, type: string }
  - { id: appointmentStart, type: string }
nodes:
  - id: reception
    human: { zh: 接待登记, en: Reception }
    role: advisor
    sla: { due: 2 h }
  - id: service
    human: { zh: 服务中, en: In service }
    role: advisor
  - id: done
    end: { zh: 完成, en: Done }
`;

const TUE = (hhmm: string) => `2026-03-03T${String(Number(hhmm.slice(0, 2)) - 8).padStart(2, '0')}:${hhmm.slice(3)}:00.000Z`;
const WED = (hhmm: string) => `2026-03-04T${String(Number(hhmm.slice(0, 2)) - 8).padStart(2, '0')}:${hhmm.slice(3)}:00.000Z`;

async function setup(w: World, opts: { room?: boolean } = {}): Promise<void> {
  await publishDefinition(w.db, { orgId: 'org-a', definition: parseSop(VISIT, 'visit.yaml'), source: VISIT, format: 'yaml' }, { now: w.clock.now });
  const mgr = w.as('mgr1');
  if (opts.room === true) expect((await mgr.post('/api/stores/s1/appointment-resources', { id: 'bay1', name: 'Bay 1', capacity: 1 })).status).toBe(201);
  const r = await mgr.post('/api/stores/s1/appointment-services', {
    id: 'wash',
    name: { zh: '洗车', en: 'Car wash' },
    durationMin: 60,
    role: 'advisor',
    processKey: 'visit',
    resourceId: opts.room === true ? 'bay1' : null,
  });
  expect(r.status, r.text).toBe(201);
  if (opts.room === true)
    expect((await mgr.post('/api/stores/s1/appointment-services', { id: 'check', name: { zh: '检测', en: 'Check' }, durationMin: 30, role: 'technician', resourceId: 'bay1' })).status).toBe(201);
}

const book = (w: World, who: 'adv1' | 'mgr1', start: string, extra: Record<string, unknown> = {}) => w.as(who).post('/api/stores/s1/appointments', { serviceId: 'wash', start, ...extra });

describeBackends('appointments', (b) => {
  it('free slots follow opening hours and bookings; a double booking is refused with 409 and changes nothing', async () => {
    const w = await makeWorld(await b.fresh());
    await setup(w);
    const slots = await w.as('adv1').get('/api/appointment-services/wash/slots?date=2026-03-03');
    expect(slots.status, slots.text).toBe(200);
    expect(slots.body.timeZone).toBe('Asia/Shanghai');
    const starts = (slots.body.slots as { start: string }[]).map((s) => s.start);
    // 09:00–11:00 every half hour (a 60-min service must end by the 12:00 break), 13:00–17:00
    expect(starts).toHaveLength(5 + 9);
    expect(starts[0]).toBe(TUE('09:00'));
    expect(starts).not.toContain(TUE('11:30'));
    expect(starts.at(-1)).toBe(TUE('17:00'));
    expect(slots.body.slots[0].staffIds).toEqual(['adv1']);

    const a = await book(w, 'adv1', TUE('10:00'), { customerId: undefined });
    expect(a.status, a.text).toBe(201);
    expect(a.body).toMatchObject({ staffId: 'adv1', status: 'booked', start: TUE('10:00'), end: TUE('11:00'), source: 'staff' });
    const after = (await w.as('adv1').get('/api/appointment-services/wash/slots?date=2026-03-03')).body.slots.map((s: { start: string }) => s.start);
    expect(after).toHaveLength(14 - 3);
    expect(after).not.toContain(TUE('09:30'));
    expect(after).not.toContain(TUE('10:30'));

    const before = await fingerprint(w.db);
    const again = await book(w, 'mgr1', TUE('10:30'), { staffId: 'adv1' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('STAFF_DOUBLE_BOOKED');
    const auto = await book(w, 'mgr1', TUE('10:00'));
    expect(auto.status).toBe(409);
    expect(auto.body.code).toBe('SLOT_TAKEN');
    expect(await fingerprint(w.db)).toBe(before);

    // outside opening hours, across the break, in the past
    expect((await book(w, 'adv1', TUE('11:30'))).body.code).toBe('STORE_CLOSED');
    expect((await book(w, 'adv1', TUE('19:00'))).body.code).toBe('STORE_CLOSED');
    expect((await book(w, 'adv1', '2026-03-02T00:00:00.000Z')).body.code).toBe('IN_THE_PAST');
    expect((await book(w, 'adv1', TUE('13:00'), { staffId: 'tech1' })).body.code).toBe('STAFF_NOT_SERVING');
    expect(await fingerprint(w.db)).toBe(before);
  });

  it('two concurrent bookings of one person for one time: exactly one wins, the other gets 409', async () => {
    const w = await makeWorld(await b.fresh({ poolSize: 4 }));
    await setup(w);
    for (const t of ['13:00', '14:00', '15:00']) {
      const replies = await Promise.all([book(w, 'adv1', TUE(t), { staffId: 'adv1' }), book(w, 'mgr1', TUE(t), { staffId: 'adv1' }), book(w, 'mgr1', TUE(t).replace(':00:00', ':30:00'), { staffId: 'adv1' })]);
      expect(replies.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    }
    const live = await w.db.query(`SELECT id FROM appointments WHERE status = 'booked'`);
    expect(live.rows).toHaveLength(3);
  });

  it('the database itself refuses overlapping rows written concurrently, whatever code writes them', async () => {
    const w = await makeWorld(await b.fresh({ poolSize: 4 }));
    await setup(w);
    const insert = (id: string, start: string, end: string) =>
      w.db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO appointments (id, org_id, store_id, service_id, staff_id, starts_at, ends_at, status, source, created_at, updated_at)
           VALUES ($1, 'org-a', 's1', 'wash', 'adv1', $2, $3, 'booked', 'staff', now(), now())`,
          [id, start, end],
        );
        await tx.query(`SELECT pg_sleep(0.05)`);
      });
    const results = await Promise.allSettled([insert('x1', TUE('13:00'), TUE('14:00')), insert('x2', TUE('13:30'), TUE('14:30'))]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(String(refused.reason.message)).toMatch(/already has an appointment/);
    // touching intervals are fine
    await insert('x3', TUE('14:00'), TUE('15:00')).catch(async () => insert('x3', TUE('14:30'), TUE('15:30')));
    expect((await w.db.query(`SELECT id FROM appointments`)).rows).toHaveLength(2);
  });

  it('a room shared by two services holds its capacity', async () => {
    const w = await makeWorld(await b.fresh());
    await setup(w, { room: true });
    expect((await book(w, 'adv1', TUE('10:00'))).status).toBe(201);
    const clash = await w.as('tech1').post('/api/stores/s1/appointments', { serviceId: 'check', start: TUE('10:30') });
    expect(clash.status).toBe(409);
    const slots = await w.as('tech1').get('/api/appointment-services/check/slots?date=2026-03-03');
    expect(slots.body.slots.map((s: { start: string }) => s.start)).not.toContain(TUE('10:30'));
    expect(slots.body.slots.map((s: { start: string }) => s.start)).toContain(TUE('11:00'));
    expect((await w.as('tech1').post('/api/stores/s1/appointments', { serviceId: 'check', start: TUE('11:00') })).status).toBe(201);
  });

  it('confirm, reschedule, cancel and no-show move the status and the reminder; wrong moves are 409', async () => {
    const w = await makeWorld(await b.fresh());
    await setup(w);
    const id = (await book(w, 'adv1', TUE('10:00'))).body.id as string;
    const adv = w.as('adv1');
    expect((await adv.post(`/api/appointments/${id}/confirm`)).body.status).toBe('confirmed');
    expect((await adv.post(`/api/appointments/${id}/confirm`)).status).toBe(409);
    const moved = await adv.post(`/api/appointments/${id}/reschedule`, { start: TUE('15:00') });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body).toMatchObject({ start: TUE('15:00'), status: 'booked', version: 3 });
    const jobs = await w.db.query<{ status: string; due_at: Date }>(`SELECT status, due_at FROM appointment_jobs ORDER BY id`);
    expect(jobs.rows.map((j) => j.status)).toEqual(['cancelled', 'pending']);
    expect(jobs.rows[1]!.due_at.toISOString()).toBe('2026-03-02T10:00:00.000Z');

    expect((await adv.post(`/api/appointments/${id}/no-show`)).body.code).toBe('NOT_YET');
    w.clock.now = Date.parse(TUE('15:20'));
    const later = await w.fresh('adv1');
    expect((await later.post(`/api/appointments/${id}/no-show`)).body.status).toBe('no_show');
    expect((await later.post(`/api/appointments/${id}/cancel`)).status).toBe(409);

    w.clock.now = Date.parse('2026-03-02T01:00:00.000Z');
    const other = (await book(w, 'adv1', TUE('16:00'))).body.id as string;
    expect((await adv.post(`/api/appointments/${other}/cancel`)).body.status).toBe('cancelled');
    expect((await w.db.query(`SELECT status FROM appointment_jobs WHERE appointment_id = $1`, [other])).rows).toEqual([{ status: 'cancelled' }]);
    // a cancelled slot is free again
    expect((await book(w, 'mgr1', TUE('16:00'))).status).toBe(201);
    const audit = await w.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE target_type = 'appointment' ORDER BY seq`);
    expect(audit.rows.map((r) => r.action)).toEqual(['appointment.book', 'appointment.confirm', 'appointment.reschedule', 'appointment.no-show', 'appointment.book', 'appointment.cancel', 'appointment.book']);
  });

  it('the reminder goes out the day before at 18:00 store time (10:00 UTC), not a millisecond earlier, once', async () => {
    const w = await makeWorld(await b.fresh());
    await setup(w);
    const id = (await book(w, 'adv1', WED('10:30'))).body.id as string;
    const due = Date.parse('2026-03-03T10:00:00.000Z'); // Tuesday 18:00 in Shanghai
    const sent: OutboxNotification[] = [];
    const channel = { deliver: async (n: OutboxNotification) => void sent.push(n) };
    // the runtime's step function (what the worker loop runs) on a fake clock
    expect((await runDueJobs(w.store, due - 1, { channel })).reminded).toBe(0);
    expect((await w.db.query(`SELECT 1 FROM notifications`)).rows).toHaveLength(0);
    expect((await runDueJobs(w.store, due, { channel })).reminded).toBe(1);
    expect((await runDueJobs(w.store, due + 60_000, { channel })).reminded).toBe(0);
    expect(await runAppointmentJobs(w.db, due + 120_000)).toEqual({ reminded: 0, skipped: 0 });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ orgId: 'org-a', storeId: 's1', to: { staffId: 'adv1' }, reason: REMINDER_REASON });
    expect(sent[0]!.message?.zh).toContain('10:30');
    expect(sent[0]!.message?.en).toContain(id);
    const row = await w.db.query<{ appointment_id: string; case_id: string | null }>(`SELECT appointment_id, case_id FROM notifications`);
    expect(row.rows).toEqual([{ appointment_id: id, case_id: null }]);

    // a booking made after 18:00 the day before gets no reminder; a cancelled one's is dropped
    w.clock.now = Date.parse('2026-03-03T11:00:00.000Z');
    await book(w, 'adv1', WED('14:00'));
    expect((await w.db.query(`SELECT 1 FROM appointment_jobs WHERE status = 'pending'`)).rows).toHaveLength(0);
  });

  it('check-in starts the SOP case for the customer; the status link shows steps without staff data', async () => {
    const w = await makeWorld(await b.fresh());
    await setup(w);
    expect((await w.as('adv1').post('/api/customers', { id: 'cu1', name: '王先生' })).status).toBe(201);
    const id = (await book(w, 'adv1', TUE('10:00'), { customerId: 'cu1' })).body.id as string;
    w.clock.now = Date.parse(TUE('09:55'));
    const adv = await w.fresh('adv1');
    const ci = await adv.post(`/api/appointments/${id}/check-in`);
    expect(ci.status, ci.text).toBe(200);
    expect(ci.body.appointment.status).toBe('checked_in');
    const caseId = ci.body.caseId as string;
    const c = await w.db.query<{ customer_id: string; store_id: string; process_key: string }>(`SELECT customer_id, store_id, process_key FROM cases WHERE id = $1`, [caseId]);
    expect(c.rows[0]).toEqual({ customer_id: 'cu1', store_id: 's1', process_key: 'visit' });
    expect((await adv.post(`/api/appointments/${id}/check-in`)).status).toBe(409);

    const page = await w.anon.get(`/api/public/status/${ci.body.statusToken}`);
    expect(page.status, page.text).toBe(200);
    expect(page.body).toMatchObject({ process: { en: 'Store visit' }, store: 'Store 1', status: 'active', current: [{ name: { en: 'Reception' }, waitingForYou: false }], done: [] });
    expect(page.body.slaDueAt).toBe(new Date(w.clock.now + 2 * 3600_000).toISOString());
    expect(page.text).not.toContain('adv1');
    expect(page.text).not.toContain('王');

    const task = (await w.db.query<{ id: string }>(`SELECT id FROM tasks WHERE case_id = $1`, [caseId])).rows[0]!.id;
    await executeCommand(w.store, caseId, { type: 'complete', taskId: task, by: 'adv1' }, { now: w.clock.now + 600_000, actor: 'adv1' });
    const later = await w.anon.get(`/api/public/status/${ci.body.statusToken}`);
    expect(later.body.current.map((s: { name: { en: string } }) => s.name.en)).toEqual(['In service']);
    expect(later.body.done).toEqual([{ name: { zh: '接待登记', en: 'Reception' }, at: new Date(w.clock.now + 600_000).toISOString() }]);

    // a link made by hand; links expire; made-up links are 404
    const link = await adv.post(`/api/cases/${caseId}/status-link`, { ttlHours: 1 });
    expect(link.status).toBe(201);
    expect((await w.anon.get(`/api/public/status/${link.body.token}`)).status).toBe(200);
    w.clock.now += 3600_000;
    const gone = await w.anon.get(`/api/public/status/${link.body.token}`);
    expect(gone.status).toBe(410);
    expect(gone.body.code).toBe('LINK_EXPIRED');
    expect((await w.anon.get(`/api/public/status/${'A'.repeat(43)}`)).status).toBe(404);
  });

  it('exports an appointment and a staff day as iCalendar', async () => {
    const w = await makeWorld(await b.fresh());
    await setup(w);
    const id = (await book(w, 'adv1', TUE('10:00'))).body.id as string;
    await book(w, 'adv1', TUE('14:00'));
    const one = await w.as('mgr1').get(`/api/appointments/${id}/ics`);
    expect(one.status).toBe(200);
    expect(one.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(one.text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(one.text).toContain('DTSTART:20260303T020000Z\r\nDTEND:20260303T030000Z');
    expect(one.text).toContain(`UID:${id}@`);
    expect(one.text).toContain('STATUS:TENTATIVE');
    const day = await w.as('adv1').get('/api/stores/s1/staff/adv1/appointments.ics?date=2026-03-03');
    expect(day.text.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    const other = await w.as('adv1').get('/api/stores/s1/staff/adv1/appointments.ics?date=2026-03-04');
    expect(other.text).not.toContain('BEGIN:VEVENT');
  });

  it('public booking page: services and slots without staff, books by phone into one customer record, rate-limited', async () => {
    const w = await makeWorld(await b.fresh());
    await setup(w);
    const page = await w.anon.get('/api/public/stores/s1/booking');
    expect(page.status, page.text).toBe(200);
    expect(page.body).toEqual({ store: { id: 's1', name: 'Store 1', timeZone: 'Asia/Shanghai' }, services: [{ id: 'wash', name: { zh: '洗车', en: 'Car wash' }, durationMin: 60 }] });
    expect((await w.anon.get('/api/public/stores/s2/booking')).status).toBe(404);
    const slots = await w.anon.get('/api/public/stores/s1/slots?serviceId=wash&date=2026-03-03');
    expect(slots.body.slots[0]).toEqual({ start: TUE('09:00'), end: TUE('10:00') });

    const first = await w.anon.post('/api/public/stores/s1/bookings', { serviceId: 'wash', start: TUE('09:00'), name: '李女士', phone: '+86 138-0013-8000' });
    expect(first.status, first.text).toBe(201);
    const second = await w.anon.post('/api/public/stores/s1/bookings', { serviceId: 'wash', start: WED('09:00'), name: '李', phone: '13800138000' });
    expect(second.status).toBe(201);
    const rows = await w.db.query<{ customer_id: string; source: string }>(`SELECT customer_id, source FROM appointments ORDER BY starts_at`);
    expect(rows.rows).toHaveLength(2);
    expect(rows.rows[0]!.customer_id).toBe(rows.rows[1]!.customer_id);
    expect(rows.rows[0]!.source).toBe('public');
    const audits = await w.db.query<{ actor_id: string; after: unknown; personal: unknown }>(`SELECT actor_id, after, personal FROM audit_log WHERE action = 'appointment.book'`);
    expect(audits.rows.map((a) => a.actor_id)).toEqual(['public', 'public']);
    expect(JSON.stringify(audits.rows)).not.toContain('13800138000');
    expect(JSON.stringify(audits.rows)).not.toContain('李');

    const taken = await w.anon.post('/api/public/stores/s1/bookings', { serviceId: 'wash', start: TUE('09:00'), name: 'X', phone: '13900000000' });
    expect(taken.status).toBe(409);
    expect((await w.anon.post('/api/public/stores/s1/bookings', { serviceId: 'wash', start: TUE('13:00'), name: 'X', phone: 'call me' })).body.code).toBe('BAD_PHONE');
    // the fifth booking attempt of the hour from one address is the last one allowed
    expect((await w.anon.post('/api/public/stores/s1/bookings', { serviceId: 'wash', start: TUE('13:00'), name: 'Y', phone: '13900000001' })).status).toBe(201);
    const limited = await w.anon.post('/api/public/stores/s1/bookings', { serviceId: 'wash', start: TUE('15:00'), name: 'Z', phone: '13900000002' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    w.clock.now += 3600_000;
    expect((await w.anon.post('/api/public/stores/s1/bookings', { serviceId: 'wash', start: TUE('15:00'), name: 'Z', phone: '13900000002' })).status).toBe(201);
  });

  it('staff off shift today are left out of today only', async () => {
    const w = await makeWorld(await b.fresh());
    await setup(w);
    await setRoleStaff(w.db, 'org-a', 's1', 'advisor', ['adv1', 'tech1']);
    expect((await w.as('mgr1').put('/api/stores/s1/duty', { onDuty: ['tech1'] })).status).toBe(200);
    const today = await w.as('adv1').get('/api/appointment-services/wash/slots?date=2026-03-02');
    expect(today.body.slots[0]).toMatchObject({ start: '2026-03-02T01:00:00.000Z', staffIds: ['tech1'] });
    const tomorrow = await w.as('adv1').get('/api/appointment-services/wash/slots?date=2026-03-03');
    expect(tomorrow.body.slots[0].staffIds).toEqual(['adv1', 'tech1']);
  });
});
