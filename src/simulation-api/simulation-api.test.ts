import { readFile } from 'node:fs/promises';
import { afterAll, expect, it } from 'vitest';
import { parseSop } from '../model/yaml/read.ts';
import { publishDefinition } from '../store/definitions.ts';
import { describeBackends } from '../store/testing/backends.ts';
import { fingerprint, makeWorld, PERSONAS, type Persona, type World } from '../api/testing/world.ts';
import { simulationRuns } from './runs.ts';

/**
 * What-if simulations through the API: the car after-sales template (S09/S30) with its shipped
 * study — one more technician, and the one-stop advisor (three roles merged) — side by side.
 */
const SOP_FILE = 'automotive/car-after-sales.yaml';
const root = new URL('../../', import.meta.url);

async function world(db: Parameters<typeof makeWorld>[0]): Promise<World> {
  const source = await readFile(new URL(`templates/${SOP_FILE}`, root), 'utf8');
  const definition = parseSop(source, SOP_FILE);
  const w = await makeWorld(db, { library: [{ file: SOP_FILE, source, definition }] });
  await publishDefinition(w.db, { orgId: 'org-a', definition, source, format: 'yaml' }, { now: w.clock.now });
  return w;
}

const worlds: World[] = [];
afterAll(async () => {
  for (const w of worlds) await simulationRuns(w.store).close();
});

describeBackends('simulations over the API', (b) => {
  it('runs the shipped study: baseline, +1 technician and the one-stop advisor side by side', async () => {
    const w = await world(await b.fresh());
    worlds.push(w);
    const example = await w.as('mgr1').get('/api/simulations/examples/car-after-sales');
    expect(example.status).toBe(200);
    const started = await w.as('mgr1').post('/api/simulations', { process: 'car-after-sales', scenarios: example.body.scenarios, replications: 2, cases: 40 });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'running', process: { key: 'car-after-sales', version: 1 }, startedBy: 'mgr1' });
    expect(started.headers.get('location')).toBe(`/api/simulations/${started.body.id}`);
    await simulationRuns(w.store).settled(started.body.id);
    const run = await w.as('mgr1').get(`/api/simulations/${started.body.id}`);
    expect(run.status).toBe(200);
    expect(run.body.error).toBeNull();
    expect(run.body.status).toBe('done');
    const c = run.body.comparison;
    expect(c.scenarios.map((s: { name: string }) => s.name)).toEqual(['baseline', '+1 technician', 'one-stop advisor', 'estimate SLA 10 min', 'busier (+30 %)']);
    expect(c.replications).toBe(2);
    const row = (key: string) => c.rows.find((r: { key: string }) => r.key === key);
    expect(row('cycleTime.mean').values).toHaveLength(5);
    // Merging three roles into the advisor: five advisors, no appointment clerk any more.
    expect(row('role.advisor.people').values.map((v: { mean: number } | null) => v?.mean)).toEqual([3, 3, 5, 3, 3]);
    expect(row('role.appointment-clerk.people').values[2]).toBeNull();
    expect(row('role.technician.people').values[1].mean).toBe(5);
    expect(run.body.progress.done).toBe(run.body.progress.total);
    expect(run.body.progress.total).toBeGreaterThan(0);
    const list = await w.as('admin').get('/api/simulations');
    expect(list.body.items.map((r: { id: string; comparison: unknown }) => [r.id, r.comparison])).toEqual([[started.body.id, null]]);
  }, 240_000);

  it('only managers and admins simulate; other organisations see nothing', async () => {
    const w = await world(await b.fresh());
    worlds.push(w);
    const body = { process: 'car-after-sales', scenarios: 'baseline: { arrivals: { kind: poisson, perHour: 1 }, durations: {}, staff: {} }', replications: 1, cases: 1 };
    const expected: Record<Persona, number> = { admin: 202, gm: 202, auditor: 403, mgr1: 202, aud1: 403, adv1: 403, tech1: 403, adv2: 403, adminB: 404, advB: 403 };
    const before = await fingerprint(w.db);
    const ids: string[] = [];
    for (const who of PERSONAS) {
      const r = await w.as(who).post('/api/simulations', body);
      expect(r.status, who).toBe(expected[who]);
      if (r.status === 202) {
        ids.push(r.body.id);
        await simulationRuns(w.store).settled(r.body.id);
      } else expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect(await fingerprint(w.db)).toBe(before);
    expect((await w.anon.post('/api/simulations', body)).status).toBe(401);
    for (const who of ['auditor', 'adv1'] as const) {
      expect((await w.as(who).get(`/api/simulations/${ids[0]}`)).status).toBe(403);
      expect((await w.as(who).get('/api/simulations/examples/car-after-sales')).status).toBe(403);
    }
    expect((await w.as('adminB').get(`/api/simulations/${ids[0]}`)).status).toBe(404);
    expect((await w.as('adminB').get('/api/simulations')).body.items).toEqual([]);
    expect((await w.as('gm').get(`/api/simulations/${ids[0]}`)).status).toBe(200);
  }, 240_000);

  it('a bad scenario file ends the run with the field at fault; an unknown process is 404', async () => {
    const w = await world(await b.fresh());
    worlds.push(w);
    const r = await w.as('admin').post('/api/simulations', { process: 'car-after-sales', scenarios: 'baseline:\n  arrivals: { kind: poisson, perHour: -1 }\n  durations: {}\n  staff: {}\n' });
    expect(r.status).toBe(202);
    await simulationRuns(w.store).settled(r.body.id);
    const run = await w.as('admin').get(`/api/simulations/${r.body.id}`);
    expect(run.body.status).toBe('failed');
    expect(run.body.error.code).toBe('BAD_SCENARIO');
    expect(run.body.error.message).toContain('baseline.arrivals.perHour');
    expect((await w.as('admin').post('/api/simulations', { process: 'nope', scenarios: 'x: 1' })).status).toBe(404);
    expect((await w.as('admin').get('/api/simulations/examples/nope')).status).toBe(404);
    expect((await w.as('admin').post('/api/simulations', { process: 'car-after-sales', scenarios: 'x', cases: 10_000_000 })).status).toBe(400);
  }, 240_000);

  it('runs two at a time: a third is refused with 429 until one ends', async () => {
    const w = await world(await b.fresh());
    worlds.push(w);
    const scenarios = (await w.as('admin').get('/api/simulations/examples/car-after-sales')).body.scenarios;
    const big = { process: 'car-after-sales', scenarios, replications: 20, cases: 5000 };
    expect((await w.as('admin').post('/api/simulations', big)).status).toBe(202);
    expect((await w.as('gm').post('/api/simulations', big)).status).toBe(202);
    const third = await w.as('mgr1').post('/api/simulations', big);
    expect(third.status).toBe(429);
    expect(third.body.code).toBe('SIMULATIONS_BUSY');
    await simulationRuns(w.store).close();
    const runs = (await w.as('admin').get('/api/simulations')).body.items;
    expect(runs.map((r: { status: string }) => r.status)).toEqual(['failed', 'failed']);
  }, 240_000);
});
