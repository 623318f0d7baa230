import { expect, it } from 'vitest';
import { parseSop } from '../model/yaml/read.ts';
import { publishDefinition } from '../store/definitions.ts';
import { startCase } from '../store/cases.ts';
import { describeBackends } from '../store/testing/backends.ts';
import { fingerprint, makeWorld, PERSONAS, type Persona, type World } from '../api/testing/world.ts';
import { insertService } from './repo.ts';

/**
 * The appointment routes, called by every kind of person, against a table written out here (not
 * derived from the policy code). Refusals change nothing (every table compared); allowed changes
 * leave an audit entry. People as in src/api/testing/world.ts; targets are in store s1 of
 * organisation A, so adv2 (store s2) and org B's people get 404.
 */

type Who = 'anon' | Persona;
const WHO: readonly Who[] = ['anon', ...PERSONAS];

interface Call {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
}
interface Row {
  readonly route: string;
  /** anon admin gm auditor mgr1 aud1 adv1 tech1 adv2 adminB advB */
  readonly expect: readonly number[];
  readonly call: (w: World) => Promise<Call>;
  readonly audited?: boolean;
}

const VISIT = `key: visit
version: 1
name: { zh: 到店, en: Visit }
roles: [{ id: advisor, name: { en: Advisor } }]
variables:
  - { id: appointmentId, type: string }
  - { id: appointmentStart, type: string }
nodes:
  - { id: reception, human: { en: Reception }, role: advisor }
  - { id: done, end: { en: Done } }
`;

let n = 0;
const uniq = () => ++n;

/** Successive free hours of Tuesday 3 March 2026 onwards, Shanghai opening hours (09–12, 13–18). */
const HOURS = [9, 10, 11, 13, 14, 15, 16, 17];
const DAYS = ['2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13', '2026-03-16', '2026-03-17', '2026-03-18'];
let hour = 0;
function nextStart(): string {
  const i = hour++;
  const day = DAYS[Math.floor(i / HOURS.length)]!;
  return new Date(`${day}T${String(HOURS[i % HOURS.length]! - 8).padStart(2, '0')}:00:00.000Z`).toISOString();
}

/** An appointment of adv1 written straight to the table (a distinct hour each time). */
async function appt(w: World, startsAt = nextStart()): Promise<string> {
  const id = `ap${uniq()}`;
  await w.db.query(
    `INSERT INTO appointments (id, org_id, store_id, service_id, staff_id, starts_at, ends_at, status, source, created_at, updated_at)
     VALUES ($1, 'org-a', 's1', 'wash', 'adv1', $2, $2::timestamptz + interval '1 hour', 'booked', 'staff', now(), now())`,
    [id, startsAt],
  );
  return id;
}
let past = 0;
/** An appointment that started already (for no-show): an hour slot in the days before the world's clock. */
const pastAppt = (w: World) => appt(w, new Date(Date.UTC(2026, 1, 2) + past++ * 3600_000).toISOString());

const get = (path: string) => async (): Promise<Call> => ({ method: 'GET', path });
const onAppt = (action: string, body?: () => unknown) => async (w: World): Promise<Call> => ({ method: 'POST', path: `/api/appointments/${await appt(w)}/${action}`, body: body?.() });

//                                                              anon admin gm  audit mgr1 aud1 adv1 tech1 adv2 admB advB
const READ = [401, 200, 200, 200, 200, 200, 200, 200, 404, 404, 404];
const MANAGE = (ok: number) => [401, ok, ok, 403, ok, 403, 403, 403, 404, 404, 404];
const WORK = (ok: number) => [401, ok, ok, 403, ok, 403, ok, ok, 404, 404, 404];
const ROWS: Row[] = [
  { route: 'GET …/s1/appointment-services', expect: READ, call: get('/api/stores/s1/appointment-services') },
  {
    route: 'POST …/s1/appointment-services',
    expect: MANAGE(201),
    call: async () => ({ method: 'POST', path: '/api/stores/s1/appointment-services', body: { id: `sv${uniq()}`, name: { zh: '保养', en: 'Service' }, durationMin: 30, role: 'advisor' } }),
    audited: true,
  },
  { route: 'PATCH /api/appointment-services/wash', expect: MANAGE(200), call: async () => ({ method: 'PATCH', path: '/api/appointment-services/wash', body: { slotStepMin: 30 + (uniq() % 2) * 30 } }), audited: true },
  { route: 'GET …/s1/appointment-resources', expect: READ, call: get('/api/stores/s1/appointment-resources') },
  { route: 'POST …/s1/appointment-resources', expect: MANAGE(201), call: async () => ({ method: 'POST', path: '/api/stores/s1/appointment-resources', body: { id: `r${uniq()}`, name: 'Bay', capacity: 2 } }), audited: true },
  { route: 'GET …/wash/slots', expect: READ, call: get('/api/appointment-services/wash/slots?date=2026-03-03') },
  { route: 'GET …/s1/appointments', expect: READ, call: get('/api/stores/s1/appointments?from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z') },
  { route: 'POST …/s1/appointments', expect: WORK(201), call: async () => ({ method: 'POST', path: '/api/stores/s1/appointments', body: { serviceId: 'wash', start: nextStart() } }), audited: true },
  { route: 'GET /api/appointments/{id}', expect: READ, call: async (w) => ({ method: 'GET', path: `/api/appointments/${await appt(w)}` }) },
  { route: 'POST …/confirm', expect: WORK(200), call: onAppt('confirm'), audited: true },
  { route: 'POST …/cancel', expect: WORK(200), call: onAppt('cancel'), audited: true },
  { route: 'POST …/no-show', expect: WORK(200), call: async (w) => ({ method: 'POST', path: `/api/appointments/${await pastAppt(w)}/no-show` }), audited: true },
  { route: 'POST …/reschedule', expect: WORK(200), call: onAppt('reschedule', () => ({ start: nextStart() })), audited: true },
  { route: 'POST …/check-in', expect: WORK(200), call: onAppt('check-in'), audited: true },
  { route: 'GET …/{id}/ics', expect: READ, call: async (w) => ({ method: 'GET', path: `/api/appointments/${await appt(w)}/ics` }) },
  { route: 'GET …/staff/adv1/appointments.ics', expect: READ, call: get('/api/stores/s1/staff/adv1/appointments.ics?date=2026-03-03') },
  {
    route: 'POST /api/cases/{id}/status-link',
    expect: WORK(201),
    call: async (w) => ({ method: 'POST', path: `/api/cases/${(await startCase(w.store, { orgId: 'org-a', process: 'visit', storeId: 's1' }, { now: w.clock.now, actor: 'adv1' })).caseId}/status-link`, body: {} }),
    audited: true,
  },
  // No login needed: the same answer for everyone (rate limits and content: appointments.test.ts).
  { route: 'GET /api/public/stores/s1/booking', expect: WHO.map(() => 200), call: get('/api/public/stores/s1/booking') },
  { route: 'GET /api/public/stores/s1/slots', expect: WHO.map(() => 200), call: get('/api/public/stores/s1/slots?serviceId=wash&date=2026-03-03') },
  { route: 'GET /api/public/stores/s2/booking (none offered)', expect: WHO.map(() => 404), call: get('/api/public/stores/s2/booking') },
];

async function auditCount(w: World): Promise<number> {
  return Number((await w.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM audit_log`)).rows[0]!.n);
}

/** The fingerprint minus the public rate counters (every public call counts, refused or not). */
const snapshot = async (w: World) => (await fingerprint(w.db)).split('\n').filter((l) => !l.startsWith('public_rate=')).join('\n');

describeBackends('appointment permissions', (b) => {
  it('every appointment route answers each kind of caller as the table says; refusals change nothing', async () => {
    const w = await makeWorld(await b.fresh());
    hour = 0; // a fresh database per backend: the same hours are free again
    past = 0;
    await publishDefinition(w.db, { orgId: 'org-a', definition: parseSop(VISIT, 'visit.yaml'), source: VISIT, format: 'yaml' }, { now: w.clock.now });
    await w.db.transaction((tx) =>
      insertService(
        tx,
        { id: 'wash', orgId: 'org-a', storeId: 's1', name: { zh: '洗车', en: 'Wash' }, durationMin: 60, slotStepMin: 30, role: 'advisor', resourceId: null, processKey: 'visit', reminderTime: '18:00', public: true, active: true },
        w.clock.now,
      ),
    );
    const failures: string[] = [];
    for (const row of ROWS) {
      expect(row.expect, row.route).toHaveLength(WHO.length);
      for (const [i, who] of WHO.entries()) {
        const want = row.expect[i]!;
        const c = await row.call(w);
        const client = who === 'anon' ? w.anon : w.as(who);
        const before = want >= 400 ? await snapshot(w) : undefined;
        const audits = await auditCount(w);
        const res = await client.request(c.method, c.path, c.body);
        if (res.status !== want) {
          failures.push(`${row.route} as ${who}: ${res.status} (wanted ${want}) ${res.text.slice(0, 200)}`);
          continue;
        }
        if (want >= 400) expect(await snapshot(w), `${row.route} as ${who} was refused but changed the database`).toBe(before);
        else if (row.audited === true) expect(await auditCount(w), `${row.route} as ${who} changed data without an audit entry`).toBeGreaterThan(audits);
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
