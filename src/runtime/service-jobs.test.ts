import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { end, human, proc } from '../engine/testing/build.ts';
import { caseEvents, caseJobs, finishLeasedJob, getCase, leaseServiceJobs, startCase } from '../store/index.ts';
import { describeBackends } from '../store/testing/backends.ts';
import { ORG, SHOP, T0, seeded } from '../store/testing/fixtures.ts';
import { runDueJobs } from './run-due-jobs.ts';
import { runServiceJobs } from './service-jobs.ts';
import type { NotificationChannel } from './notifications.ts';
import type { ServiceStep } from '../model/types.ts';

const quiet: NotificationChannel = { deliver: async () => {} };

interface Call {
  readonly method: string;
  readonly url: string;
  readonly key: string | undefined;
  readonly body: unknown;
}

// A stand-in for the dealer management system: answers each path with a scripted list of statuses.
let server: Server;
let base = '';
const calls: Call[] = [];
const scripts = new Map<string, number[]>();

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => resolve(data));
  });
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = (req.url ?? '').split('?')[0]!;
    calls.push({ method: req.method ?? '', url: req.url ?? '', key: req.headers['idempotency-key'] as string | undefined, body: body ? JSON.parse(body) : undefined });
    const status = scripts.get(path)?.shift() ?? 200;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(status === 200 ? { orderNo: `WO-${calls.length}` } : { error: 'busy' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const svc = (path: string, extra: Partial<ServiceStep> = {}): ServiceStep => ({
  kind: 'service',
  id: 'dms',
  name: { en: 'Open a work order in the DMS' },
  request: { method: 'POST', url: `${base}${path}?case={caseId}` },
  timeoutMs: 5_000,
  retries: 2,
  backoff: { initialMs: 1_000, factor: 2, maxMs: 30_000 },
  resultVariable: 'order',
  ...extra,
});

describeBackends('runtime: service calls', (b) => {
  it('calls the other system, retries with backoff under one idempotency key, and stores the answer', async () => {
    const path = `/orders/${b.name}-retry`;
    scripts.set(path, [503, 500]);
    const p = proc('open-order', [svc(path), human('work', 'technician'), end()]);
    const store = await seeded(await b.fresh(), { staff: { technician: ['zhou'] }, processes: [p] });
    const c = await startCase(store, { orgId: ORG, process: 'open-order', storeId: SHOP, data: { plate: '沪A12345' } }, { now: T0, actor: 'system' });
    const mine = () => calls.filter((x) => x.url.startsWith(path));

    expect(await runServiceJobs(store, T0)).toEqual({ answered: 0, retried: 1, failed: 0 });
    // Not yet due: the first retry waits initialMs.
    expect(await runServiceJobs(store, T0 + 999)).toEqual({ answered: 0, retried: 0, failed: 0 });
    expect(await runServiceJobs(store, T0 + 1_000)).toEqual({ answered: 0, retried: 1, failed: 0 });
    // The second retry waits initialMs × factor.
    expect(await runServiceJobs(store, T0 + 2_999)).toEqual({ answered: 0, retried: 0, failed: 0 });
    expect(await runServiceJobs(store, T0 + 3_000)).toEqual({ answered: 1, retried: 0, failed: 0 });

    expect(mine()).toHaveLength(3);
    const keys = new Set(mine().map((x) => x.key));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toBe((await caseJobs(store.db, c.caseId))[0]!.id);
    expect(mine()[0]!.body).toMatchObject({ plate: '沪A12345' });
    const after = (await getCase(store.db, c.caseId))!;
    expect(after.state.data.order).toEqual({ orderNo: expect.stringMatching(/^WO-/) });
    expect(Object.values(after.state.tasks).map((t) => t.node)).toEqual(['work']);
    expect(await caseJobs(store.db, c.caseId)).toEqual([expect.objectContaining({ status: 'done', attempts: 3 })]);
  });

  it('gives the case a failed result after the last retry, which takes the error path', async () => {
    const path = `/orders/${b.name}-down`;
    scripts.set(path, [500, 500, 500]);
    const p = proc('fallback', [svc(path, { onError: 'manual' }), human('auto', 'technician', { next: 'done' }), human('manual', 'technician'), end('done')]);
    const store = await seeded(await b.fresh(), { staff: { technician: ['zhou'] }, processes: [p] });
    const c = await startCase(store, { orgId: ORG, process: 'fallback', storeId: SHOP }, { now: T0, actor: 'system' });
    await runDueJobs(store, T0, { channel: quiet });
    await runDueJobs(store, T0 + 1_000, { channel: quiet });
    const r = await runDueJobs(store, T0 + 3_000, { channel: quiet });
    expect(r.failed).toBe(1); // the call failed for good; the case was told so
    const after = (await getCase(store.db, c.caseId))!;
    expect(Object.values(after.state.tasks).map((t) => t.node)).toEqual(['manual']);
    expect(after.state.data.dmsError).toMatch(/HTTP 500.*after 3 attempts/);
    const aborted = (await caseEvents(store.db, c.caseId)).filter((e) => e.activity === 'dms' && e.lifecycle === 'ate_abort');
    expect(aborted).toHaveLength(1);
  });

  it('does not retry a request the other system refused (4xx)', async () => {
    const path = `/orders/${b.name}-bad`;
    scripts.set(path, [422]);
    const p = proc('refused', [svc(path), human('work', 'technician'), end()]);
    const store = await seeded(await b.fresh(), { staff: { technician: ['zhou'] }, processes: [p] });
    const c = await startCase(store, { orgId: ORG, process: 'refused', storeId: SHOP }, { now: T0, actor: 'system' });
    expect(await runServiceJobs(store, T0)).toEqual({ answered: 0, retried: 0, failed: 1 });
    expect(calls.filter((x) => x.url.startsWith(path))).toHaveLength(1);
    expect((await getCase(store.db, c.caseId))!.status).toBe('failed');
  });

  it('takes over a call whose worker died after its lease ran out, and applies one answer only', async () => {
    const path = `/orders/${b.name}-lease`;
    const p = proc('leased', [svc(path), human('work', 'technician'), end()]);
    const store = await seeded(await b.fresh(), { staff: { technician: ['zhou'] }, processes: [p] });
    const c = await startCase(store, { orgId: ORG, process: 'leased', storeId: SHOP }, { now: T0, actor: 'system' });
    // A worker leases the job and dies: simulate by leasing with a hand that never answers.
    expect(await leaseServiceJobs(store.db, T0, 10, 'dead-worker', 1_000)).toHaveLength(1);
    expect(await runServiceJobs(store, T0 + 5_000)).toEqual({ answered: 0, retried: 0, failed: 0 });
    // timeout 5 s + margin 1 s later, the lease is over and another worker takes the job.
    expect(await runServiceJobs(store, T0 + 6_001)).toEqual({ answered: 1, retried: 0, failed: 0 });
    expect(Object.values((await getCase(store.db, c.caseId))!.state.tasks).map((t) => t.node)).toEqual(['work']);
    // The dead worker's late answer finds the lease gone: nothing is applied twice.
    const late = await store.db.transaction((tx) =>
      finishLeasedJob(tx, { id: (c.state.tokens[0]!.jobId)!, caseId: c.caseId, kind: 'service', spec: undefined as never, dueAt: T0, attempts: 1 }, 'dead-worker', T0 + 7_000),
    );
    expect(late).toBe(false);
  });
});
