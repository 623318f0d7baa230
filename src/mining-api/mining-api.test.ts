import { beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../api/app.ts';
import { createSession } from '../api/auth/sessions.ts';
import { openApiDocument } from '../api/openapi/document.ts';
import { apiRoutes } from '../api/routes/index.ts';
import { makeWorld, PERSONAS, TEST_CONFIG, type Persona, type World } from '../api/testing/world.ts';
import { caseTasks, executeCommand, openPglite, migrate, startCase } from '../store/index.ts';
import { miningRoutes } from './index.ts';

// The mining API on the API's own door, over app.request(): the API test world (two
// organisations; admin, general manager, auditor, manager of s1, staff) with repair cases run
// on the store with a fake clock.
const HOUR = 3_600_000;
let w: World;
let app: ReturnType<typeof createApiApp>;
const cookies = new Map<string, string>();
const cases: Record<string, string> = {};

async function get(who: Persona | null, path: string): Promise<{ status: number; body: any; type: string | null }> {
  const headers: Record<string, string> = who === null ? {} : { cookie: `sf_session=${cookies.get(who)}` };
  const res = await app.request(path, { headers });
  return { status: res.status, body: await res.json(), type: res.headers.get('content-type') };
}
async function post(who: Persona, path: string, body: string, type: string): Promise<{ status: number; body: any }> {
  const res = await app.request(path, { method: 'POST', headers: { cookie: `sf_session=${cookies.get(who)}`, 'content-type': type }, body });
  return { status: res.status, body: await res.json() };
}

/** Runs a repair case in a store: intake (late when told), fix, handover; or withdraws `skip`. */
async function repairCase(org: string, store: string, opts: { lateIntake?: boolean; skip?: string; advisor?: string } = {}): Promise<string> {
  const by = opts.advisor ?? (org === 'org-a' ? 'adv1' : 'advB');
  const { caseId } = await startCase(w.store, { orgId: org, process: 'repair', storeId: store, data: { plate: '沪A12345' } }, { now: w.clock.now, actor: by });
  const step = async (node: string, who: string, extra: Record<string, unknown> = {}) => {
    w.clock.now += opts.lateIntake && node === 'intake' ? 3 * HOUR : 10 * 60_000;
    const task = (await caseTasks(w.db, caseId)).find((t) => t.node === node && (t.status === 'open' || t.status === 'claimed'))!;
    if (opts.skip === node) await executeCommand(w.store, caseId, { type: 'cancelTask', taskId: task.id, by: who }, { now: w.clock.now, actor: who });
    else await executeCommand(w.store, caseId, { type: 'complete', taskId: task.id, by: who, ...extra }, { now: w.clock.now, actor: who });
  };
  await step('intake', by, { form: { phone: '13800001234', mileage: 1000 }, checklist: { covers: true } });
  await step('fix', org === 'org-a' ? 'tech1' : 'advB');
  await step('handover', by);
  return caseId;
}

beforeAll(async () => {
  const db = await openPglite({});
  await migrate(db);
  w = await makeWorld(db);
  // The mining routes again with a tiny upload limit, in place of the default ones.
  app = createApiApp(w.deps, [...apiRoutes().filter((r) => !r.path.startsWith('/api/mining/')), ...miningRoutes({ maxUploadBytes: 4000 })]);
  for (const who of PERSONAS) {
    const orgId = who === 'adminB' || who === 'advB' ? 'org-b' : 'org-a';
    cookies.set(who, await createSession(db, { orgId, staffId: who }, { now: w.clock.now, idleMs: TEST_CONFIG.sessionIdleMs }));
  }
  cases['s1ok'] = await repairCase('org-a', 's1');
  cases['s1late'] = await repairCase('org-a', 's1', { lateIntake: true });
  cases['s1nofix'] = await repairCase('org-a', 's1', { skip: 'fix' });
  cases['s2ok'] = await repairCase('org-a', 's2', { advisor: 'adv2' });
  cases['b1ok'] = await repairCase('org-b', 'b1');
}, 300_000);

describe('mining API: who may ask', () => {
  it('signed-out callers get 401, staff and auditors 403, managers and admins 200', async () => {
    expect((await get(null, '/api/mining/kpis/sla')).status).toBe(401);
    for (const who of ['adv1', 'auditor'] as const) {
      const r = await get(who, '/api/mining/kpis/sla');
      expect(r.status).toBe(403);
      expect(r.type).toContain('application/problem+json');
      expect(r.body.code).toBe('FORBIDDEN');
    }
    for (const who of ['admin', 'gm', 'mgr1'] as const) expect((await get(who, '/api/mining/kpis/sla')).status).toBe(200);
  });

  it('every kind of caller, for store s1 of org A: managers of it and admins of org A only; org B never sees s1', async () => {
    //            anon admin gm   auditor mgr1 aud1 adv1 tech1 adv2 adminB advB
    const want = [401, 200, 200, 403, 200, 403, 403, 403, 403, 404, 403];
    for (const path of ['/api/mining/kpis/sla?store=s1', '/api/mining/process-map?process=repair&store=s1', '/api/mining/conformance?process=repair&store=s1', '/api/mining/variants?process=repair&store=s1']) {
      const got = [];
      for (const who of [null, ...PERSONAS]) got.push((await get(who, path)).status);
      expect(got, path).toEqual(want);
    }
  });

  it("a store manager's figures cover their stores only; other stores are not found", async () => {
    const bystore = async (who: Persona) => (await get(who, '/api/mining/kpis/sla?by=store')).body.items.map((r: any) => [r.key, r.total, r.onTime]);
    expect(await bystore('gm')).toEqual([
      ['s1', 3, 2],
      ['s2', 1, 1],
    ]);
    expect(await bystore('mgr1')).toEqual([['s1', 3, 2]]);
    expect(await bystore('adminB')).toEqual([['b1', 1, 1]]);
    expect((await get('mgr1', '/api/mining/kpis/sla?store=s2')).status).toBe(404);
    expect((await get('admin', '/api/mining/kpis/sla?store=b1')).status).toBe(404);
    expect((await get('mgr1', '/api/mining/kpis/sla?store=s1')).status).toBe(200);
  });

  it('bad queries are 400 with the field named', async () => {
    const r = await get('admin', '/api/mining/kpis/sla?by=colour');
    expect(r.status).toBe(400);
    expect(r.body.issues[0].path).toBe('query.by');
    expect((await get('admin', '/api/mining/kpis/cycle-time?from=2026-03-03T00:00:00Z&to=2026-03-02T00:00:00Z')).body.issues[0].path).toBe('query.from');
    expect((await get('admin', '/api/mining/process-map')).body.issues[0].path).toBe('query.process');
    expect((await get('admin', '/api/mining/process-map?process=nope')).status).toBe(404);
  });
});

describe('mining API: KPIs', () => {
  it('answers each KPI as plain rows', async () => {
    const cycle = (await get('admin', '/api/mining/kpis/cycle-time?process=repair')).body.items;
    expect(cycle).toHaveLength(1);
    expect(cycle[0]).toMatchObject({ processKey: 'repair', cases: 4 });
    const steps = (await get('admin', '/api/mining/kpis/step-times')).body.items;
    expect(steps.map((r: any) => [r.node, r.completed])).toEqual([
      ['fix', 3],
      ['handover', 4],
      ['intake', 4],
    ]);
    expect((await get('admin', '/api/mining/kpis/throughput?unit=month')).body.items).toEqual([{ period: '2026-03-01', started: 4, completed: 4 }]);
    const ftr = (await get('admin', '/api/mining/kpis/first-time-right')).body;
    expect(ftr.items).toEqual([{ processKey: 'repair', cases: 4, firstTimeRight: 4, rate: 1 }]);
    expect(ftr.rework).toEqual([]);
    expect((await get('admin', '/api/mining/kpis/csat')).body.items).toEqual([]);
    expect((await get('admin', '/api/mining/kpis/throughput?timeZone=Mars/Olympus')).status).toBe(400);
  });
});

describe('mining API: process map, variants, conformance', () => {
  it('the process map lists the cases behind each arc, within the caller stores', async () => {
    const map = (await get('admin', '/api/mining/process-map?process=repair')).body;
    expect(map.cases).toBe(4);
    const arc = map.arcs.find((a: any) => a.from === 'intake' && a.to === 'fix');
    expect(arc.caseIds.sort()).toEqual([cases['s1ok'], cases['s1late'], cases['s2ok']].sort());
    const skip = map.arcs.find((a: any) => a.from === 'intake' && a.to === 'handover');
    expect(skip.caseIds).toEqual([cases['s1nofix']]);
    expect(map.nodes.find((n: any) => n.id === 'fix').name).toEqual({ zh: '维修', en: 'Repair' });
    const mine = (await get('mgr1', '/api/mining/process-map?process=repair')).body;
    expect(mine.cases).toBe(3);
    expect(mine.arcs.flatMap((a: any) => a.caseIds)).not.toContain(cases['s2ok']);
  });

  it('variants, and the map of one variant', async () => {
    const v = (await get('admin', '/api/mining/variants?process=repair')).body.items;
    expect(v.map((x: any) => [x.steps.join(' '), x.cases])).toEqual([
      ['intake fix handover done', 3],
      ['intake handover done', 1],
    ]);
    const map = (await get('admin', `/api/mining/process-map?process=repair&variant=${v[1].id}`)).body;
    expect(map.cases).toBe(1);
    expect(map.arcs.map((a: any) => `${a.from}>${a.to}`).sort()).toEqual(['handover>done', 'intake>handover', 'null>intake', 'done>null'].sort());
  });

  it('conformance names the case whose fix was withdrawn, and fits the others', async () => {
    for (const method of ['alignments', 'tokens']) {
      const r = (await get('admin', `/api/mining/conformance?process=repair&method=${method}`)).body;
      expect(r).toMatchObject({ process: 'repair', version: 1, method, cases: 4, fittingCases: 3, truncated: false });
      expect(r.deviating.map((c: any) => c.caseId)).toEqual([cases['s1nofix']]);
      if (method === 'alignments') {
        expect(r.deviating[0]).toMatchObject({ skipped: ['fix'], extra: [] });
        expect(r.steps).toEqual([{ node: 'fix', skipped: 1, extra: 0 }]);
      }
    }
    expect((await get('mgr1', '/api/mining/conformance?process=repair&store=s1')).body.cases).toBe(3);
    expect((await get('admin', '/api/mining/conformance?process=repair&version=7')).status).toBe(404);
  });
});

describe('mining API: uploaded logs', () => {
  const csv = 'Ticket;Step;When\nT1;intake;2026-03-02T09:00:00+08:00\nT1;fix;2026-03-02T10:00:00+08:00\nT1;handover;2026-03-02T11:00:00+08:00\nT1;done;2026-03-02T11:00:00+08:00\nT2;intake;2026-03-02T09:00:00+08:00\nT2;handover;2026-03-02T09:30:00+08:00\nT2;done;2026-03-02T09:30:00+08:00\n';
  const q = 'csvCase=Ticket&csvActivity=Step&csvTimestamp=When&csvDelimiter=;';

  it('mines a CSV body and checks it against an SOP', async () => {
    const r = await post('mgr1', `/api/mining/logs?${q}&process=repair`, csv, 'text/csv');
    expect(r.status).toBe(200);
    expect(r.body.size).toEqual({ cases: 2, events: 7, activities: 4 });
    expect(r.body.caseDurationMs).toMatchObject({ count: 2, max: 2 * HOUR, min: HOUR / 2 });
    expect(r.body.conformance).toMatchObject({ process: 'repair', version: 1, cases: 2, fittingCases: 1 });
    expect(r.body.conformance.deviating).toEqual([expect.objectContaining({ caseId: 'T2', skipped: ['fix'], extra: [] })]);
  });

  it('takes XES as the body or inside JSON', async () => {
    const xes = `<?xml version="1.0"?><log xes.version="1849-2016"><trace><string key="concept:name" value="X1"/>
      <event><string key="concept:name" value="intake"/><date key="time:timestamp" value="2026-03-02T09:00:00+08:00"/></event>
      <event><string key="concept:name" value="fix"/><date key="time:timestamp" value="2026-03-02T09:20:00+08:00"/></event></trace></log>`;
    const raw = await post('admin', '/api/mining/logs', xes, 'application/xml');
    expect(raw.status).toBe(200);
    expect(raw.body.arcs).toEqual([{ from: 'intake', to: 'fix', count: 1, meanMs: 20 * 60_000 }]);
    const wrapped = await post('admin', '/api/mining/logs', JSON.stringify({ format: 'xes', log: xes }), 'application/json');
    expect(wrapped.body).toEqual(raw.body);
  });

  it('refuses a broken log with the place, a log over the limit, and staff', async () => {
    const bad = await post('admin', '/api/mining/logs', '<log><trace><event>', 'application/xml');
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('XES_MALFORMED');
    expect(bad.body.issues[0].path).toMatch(/^body\.log/);
    const missing = await post('admin', '/api/mining/logs', csv, 'text/csv');
    expect(missing.body.code).toBe('CSV_MISSING_COLUMN');
    const big = await post('admin', '/api/mining/logs', csv.repeat(20), 'text/csv');
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('BODY_TOO_LARGE');
    expect((await post('adv1', `/api/mining/logs?${q}`, csv, 'text/csv')).status).toBe(403);
  });
});

describe('mining API: OpenAPI', () => {
  it('the routes document themselves', () => {
    const doc = openApiDocument(apiRoutes(), { title: 't', version: '1', description: 'd' }) as any;
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/mining/')).sort()).toEqual([
      '/api/mining/conformance',
      '/api/mining/kpis/csat',
      '/api/mining/kpis/cycle-time',
      '/api/mining/kpis/first-time-right',
      '/api/mining/kpis/sla',
      '/api/mining/kpis/step-times',
      '/api/mining/kpis/throughput',
      '/api/mining/logs',
      '/api/mining/process-map',
      '/api/mining/variants',
    ]);
  });
});
