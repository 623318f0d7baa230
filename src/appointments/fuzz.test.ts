import fc from 'fast-check';
import { expect, it } from 'vitest';
import { parseSop } from '../model/yaml/read.ts';
import { publishDefinition } from '../store/definitions.ts';
import { startCase } from '../store/cases.ts';
import { describeBackends } from '../store/testing/backends.ts';
import { fingerprint, makeWorld, type Persona, type World } from '../api/testing/world.ts';
import { insertResource, insertService } from './repo.ts';

/**
 * Property (as in src/api/fuzz.test.ts, for the appointment and public routes): whatever body or
 * query arrives, the answer is never a 500; a refusal is problem+json with a code and changes
 * nothing (the public rate counters aside: every public request counts).
 */

const VISIT = `key: visit
version: 1
name: { en: Visit }
roles: [{ id: advisor, name: { en: Advisor } }]
variables:
  - { id: appointmentId, type: string }
  - { id: appointmentStart, type: string }
nodes:
  - { id: reception, human: { en: Reception }, role: advisor }
  - { id: done, end: { en: Done } }
`;

const TUE_10 = '2026-03-03T02:00:00.000Z';

interface Target {
  readonly name: string;
  readonly as: Persona | 'anon';
  readonly method: string;
  readonly path: (w: World) => Promise<string>;
  readonly valid: Record<string, unknown>;
}

let n = 0;
async function appointment(w: World): Promise<string> {
  const id = `fz${++n}`;
  await w.db.query(
    `INSERT INTO appointments (id, org_id, store_id, service_id, staff_id, starts_at, ends_at, status, source, created_at, updated_at)
     VALUES ($1, 'org-a', 's1', 'wash', 'adv1', $2, $2::timestamptz + interval '1 hour', 'booked', 'staff', now(), now())`,
    [id, new Date(Date.parse('2026-04-01T00:00:00Z') + n * 3600_000).toISOString()],
  );
  return id;
}
const fixed = (p: string) => async () => p;

const TARGETS: Target[] = [
  { name: 'service', as: 'mgr1', method: 'POST', path: fixed('/api/stores/s1/appointment-services'), valid: { id: 'wash', name: { zh: '洗', en: 'Wash' }, durationMin: 60, role: 'advisor', resourceId: 'bay', processKey: 'visit' } },
  { name: 'service patch', as: 'mgr1', method: 'PATCH', path: fixed('/api/appointment-services/wash'), valid: { durationMin: 60, resourceId: 'nope', reminderTime: '18:00' } },
  { name: 'resource', as: 'mgr1', method: 'POST', path: fixed('/api/stores/s1/appointment-resources'), valid: { id: 'bay', name: 'Bay', capacity: 1 } },
  { name: 'book', as: 'adv1', method: 'POST', path: fixed('/api/stores/s1/appointments'), valid: { serviceId: 'wash', start: TUE_10, staffId: 'adv1', customerId: 'nobody' } },
  { name: 'reschedule', as: 'adv1', method: 'POST', path: async (w) => `/api/appointments/${await appointment(w)}/reschedule`, valid: { start: '2026-03-03T23:00:00.000Z', staffId: 'tech1' } },
  {
    name: 'status link',
    as: 'aud1',
    method: 'POST',
    path: async (w) => `/api/cases/${(await startCase(w.store, { orgId: 'org-a', process: 'visit', storeId: 's1' }, { now: w.clock.now, actor: 'adv1' })).caseId}/status-link`,
    valid: { ttlHours: 24 },
  },
  { name: 'public book', as: 'anon', method: 'POST', path: fixed('/api/public/stores/s1/bookings'), valid: { serviceId: 'wash', start: '2026-03-02T00:00:00.000Z', name: '李', phone: '138' } },
];

const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, '', ' ', -1, 0, 1e308, 2 ** 53, '2026-13-45T99:99:99Z', '24:00', "'; DROP TABLE appointments; --", '\u0000', 'x'.repeat(5000), [], {}),
);
function bodies(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  return fc.oneof(
    anyValue,
    fc.tuple(fc.constantFrom(...keys), anyValue).map(([k, v]) => ({ ...valid, [k]: v })),
    fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(valid).filter(([x]) => x !== k))),
    fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), anyValue).map(([k, v]) => ({ ...valid, [k]: v })),
  );
}

const snapshot = async (w: World) => (await fingerprint(w.db)).split('\n').filter((l) => !l.startsWith('public_rate=')).join('\n');
const RUNS = Number(process.env.SERVFLOW_FUZZ_RUNS ?? 10);
let ip = 0;

async function setup(w: World): Promise<void> {
  await publishDefinition(w.db, { orgId: 'org-a', definition: parseSop(VISIT, 'visit.yaml'), source: VISIT, format: 'yaml' }, { now: w.clock.now });
  await w.db.transaction(async (tx) => {
    await insertResource(tx, { id: 'bay', orgId: 'org-a', storeId: 's1', name: 'Bay', capacity: 1 }, w.clock.now);
    await insertService(tx, { id: 'wash', orgId: 'org-a', storeId: 's1', name: { zh: '洗', en: 'Wash' }, durationMin: 60, slotStepMin: 30, role: 'advisor', resourceId: 'bay', processKey: 'visit', reminderTime: '18:00', public: true, active: true }, w.clock.now);
  });
}

describeBackends('appointment fuzzing', (b) => {
  it('bad bodies get 4xx problem+json, never a 500, never a partial write', async () => {
    const w = await makeWorld(await b.fresh(), { config: { trustProxy: true } });
    await setup(w);
    for (const t of TARGETS) {
      const client = t.as === 'anon' ? w.anon : w.as(t.as);
      await fc.assert(
        fc.asyncProperty(bodies(t.valid), async (body) => {
          const path = await t.path(w);
          const text = JSON.stringify(body) ?? 'null';
          const before = await snapshot(w);
          const res = await client.request(t.method, path, text, { 'content-type': 'application/json', 'x-forwarded-for': `10.0.${Math.floor(++ip / 250)}.${ip % 250}` });
          expect(res.status, `${t.name}: ${text.slice(0, 200)} → ${res.text.slice(0, 300)}`).toBeLessThan(500);
          if (res.status >= 400) {
            expect(res.headers.get('content-type'), t.name).toMatch(/^application\/problem\+json/);
            expect(typeof res.body?.code, t.name).toBe('string');
            expect(await snapshot(w), `${t.name}: refused with ${res.status} but changed the database: ${text.slice(0, 200)}`).toBe(before);
          }
        }),
        { numRuns: RUNS, seed: 20261123 },
      );
    }
  }, 600_000);

  it('odd dates, ranges and tokens in paths and queries are 4xx, never a 500', async () => {
    const w = await makeWorld(await b.fresh(), { config: { trustProxy: true } });
    await setup(w);
    const odd = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('2026-02-30', '2026-03-03', '0000-00-00', '9999-12-31', '%00', 'a'.repeat(300), '💥'));
    const paths = [
      '/api/appointment-services/wash/slots?date=%s',
      '/api/stores/s1/appointments?from=%s&to=2026-03-04T00:00:00Z',
      '/api/stores/s1/appointments?from=2026-03-03T00:00:00Z&to=%s',
      '/api/stores/s1/staff/adv1/appointments.ics?date=%s',
      '/api/appointments/%s',
      '/api/appointments/%s/ics',
      '/api/public/stores/s1/slots?serviceId=wash&date=%s',
      '/api/public/stores/%s/booking',
      '/api/public/status/%s',
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), odd, async (p, s) => {
        const res = await w.as('mgr1').request('GET', p.replace('%s', encodeURIComponent(s)), undefined, { 'x-forwarded-for': `10.1.${Math.floor(++ip / 250)}.${ip % 250}` });
        expect(res.status, `${p} ${s}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
      }),
      { numRuns: RUNS * 5, seed: 11 },
    );
  }, 600_000);
});
