import { expect, it } from 'vitest';
import { describeBackends } from '../store/testing/backends.ts';
import { REPAIR_V1, REPAIR_V2 } from './testing/sops.ts';
import { makeWorld, type World } from './testing/world.ts';

async function started(w: World) {
  const res = await w.as('adv1').post('/api/cases', { process: 'repair', storeId: 's1', data: { plate: '辽B1' } });
  expect(res.status).toBe(201);
  return { caseId: res.body.id as string, taskId: res.body.openTasks[0].id as string, version: res.body.version as number };
}
const goodIntake = { form: { phone: '13800001234', mileage: 1 }, checklist: { covers: true } };

describeBackends('api behaviour', (b) => {
  it('a stale expectedVersion gets 409 with the current case; a task completed twice is completed once', async () => {
    const w = await makeWorld(await b.fresh());
    const c = await started(w);
    await w.as('adv1').post(`/api/tasks/${c.taskId}/claim`, { expectedVersion: c.version });
    const stale = await w.as('adv1').post(`/api/tasks/${c.taskId}/complete`, { ...goodIntake, expectedVersion: c.version });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE_VERSION');
    expect(stale.body.current).toMatchObject({ id: c.caseId, version: c.version + 1 });
    const [one, two] = await Promise.all([w.as('adv1').post(`/api/tasks/${c.taskId}/complete`, goodIntake), w.as('adv1').post(`/api/tasks/${c.taskId}/complete`, goodIntake)]);
    expect([one.status, two.status].sort()).toEqual([200, 409]);
    const loser = one.status === 409 ? one : two;
    expect(loser.body.code).toBe('TASK_NOT_OPEN');
    expect(loser.body.current.steps.intake.by).toBe('adv1');
    const tl = await w.as('adv1').get(`/api/cases/${c.caseId}/timeline`);
    expect(tl.body.events.filter((e: { activity: string; lifecycle: string }) => e.activity === 'intake' && e.lifecycle === 'complete')).toHaveLength(1);
  });

  it('someone else holding the task gets 409; a manager reassigns it only to a holder of the role', async () => {
    const w = await makeWorld(await b.fresh());
    const c = await started(w);
    const bad = await w.as('mgr1').post(`/api/tasks/${c.taskId}/reassign`, { to: { staffId: 'tech1' } });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('ASSIGNEE_NOT_QUALIFIED');
    expect((await w.as('mgr1').post(`/api/tasks/${c.taskId}/reassign`, { to: { role: 'cook' } })).body.code).toBe('UNKNOWN_ROLE');
    await w.as('admin').put('/api/staff/adv2/roles', { roles: [{ storeId: 's1', role: 'advisor' }, { storeId: 's2', role: 'advisor' }] });
    expect((await w.as('mgr1').post(`/api/tasks/${c.taskId}/reassign`, { to: { staffId: 'adv2' } })).status).toBe(200);
    const taken = await w.as('adv1').post(`/api/tasks/${c.taskId}/complete`, goodIntake);
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('NOT_ASSIGNEE');
    expect((await w.as('adv2').post(`/api/tasks/${c.taskId}/complete`, goodIntake)).status).toBe(200);
  });

  it('Idempotency-Key: a retry gets the first answer and creates nothing; the same key with another body is refused', async () => {
    const w = await makeWorld(await b.fresh());
    const body = { process: 'repair', storeId: 's1', data: { plate: 'A' } };
    const first = await w.as('adv1').post('/api/cases', body, { 'idempotency-key': 'k-1' });
    const again = await w.as('adv1').post('/api/cases', body, { 'idempotency-key': 'k-1' });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await w.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases`)).rows[0]!.n).toBe(1);
    const other = await w.as('adv1').post('/api/cases', { ...body, data: { plate: 'B' } }, { 'idempotency-key': 'k-1' });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Keys are per person: someone else's k-1 is their own.
    expect((await w.as('tech1').post('/api/cases', body, { 'idempotency-key': 'k-1' })).body.id).not.toBe(first.body.id);
  });

  it('answers predictable problems: unknown fields, bad JSON, wrong media type, unknown routes, wrong methods', async () => {
    const w = await makeWorld(await b.fresh());
    const typo = await w.as('adv1').post('/api/cases', { proces: 'repair', storeId: 's1' });
    expect(typo.status).toBe(400);
    expect(typo.body.code).toBe('INVALID_REQUEST');
    expect(typo.body.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['body.process', 'body']));
    expect(JSON.stringify(typo.body.issues)).toContain('proces');
    const badJson = await w.as('adv1').post('/api/cases', '{"process":', { 'content-type': 'application/json' });
    expect([badJson.status, badJson.body.code]).toEqual([400, 'BAD_JSON']);
    expect((await w.as('adv1').post('/api/cases', 'process=repair', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    const none = await w.as('adv1').get('/api/nope');
    expect([none.status, none.body.code]).toEqual([404, 'NO_SUCH_ROUTE']);
    const wrong = await w.as('adv1').delete('/api/cases');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST, GET');
    expect(wrong.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const rid = await w.as('adv1').get('/api/me', { 'x-request-id': 'trace-42' });
    expect(rid.headers.get('x-request-id')).toBe('trace-42');
    expect(rid.headers.get('cache-control')).toBe('no-store');
    expect(rid.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('definitions: YAML upload as a draft, line-and-column problems, publish, start on the new version, diff', async () => {
    const w = await makeWorld(await b.fresh());
    const admin = w.as('admin');
    const broken = await admin.post('/api/definitions', REPAIR_V2.replace('role: technician', 'role: [technician'), { 'content-type': 'application/yaml' });
    expect(broken.status).toBe(422);
    expect(broken.body.code).toBe('SOP_INVALID');
    expect(broken.body.issues[0].path).toMatch(/^\d+:\d+/);
    const verdict = await admin.post('/api/definitions/validate', { source: REPAIR_V1.replace('role: advisor', 'role: advisr') });
    expect(verdict.body.valid).toBe(false);
    expect(verdict.body.issues[0]).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
    expect((await admin.post('/api/definitions', { source: REPAIR_V1 })).body.code).toBe('DEFINITION_IMMUTABLE');
    const up = await admin.post('/api/definitions', REPAIR_V2, { 'content-type': 'application/yaml' });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ key: 'repair', version: 2, status: 'draft' });
    expect((await w.as('adv1').post('/api/cases', { process: 'repair', storeId: 's1', data: { plate: 'x' } })).body.process.version).toBe(1);
    expect((await admin.post('/api/definitions/repair/versions/2/publish')).body.status).toBe('published');
    expect((await w.as('adv1').post('/api/cases', { process: 'repair', storeId: 's1', data: { plate: 'x' } })).body.process.version).toBe(2);
    const diff = await w.as('adv1').get('/api/definitions/repair/diff?from=1&to=2');
    expect(diff.body.nodes.added).toEqual([{ id: 'qc', kind: 'human' }]);
    expect(diff.body.nodes.changed.find((c: { id: string }) => c.id === 'intake').fields).toContainEqual({ path: 'sla.due.amount', from: 2, to: 1 });
    expect(diff.body.sourceLines).toContain('+  - id: qc');
    const listed = await w.as('adv1').get('/api/definitions?industry=utilities');
    expect(listed.body.items[0]).toMatchObject({ key: 'repair', latestPublished: 2 });
    expect((await admin.post('/api/definitions/repair/versions/1/retire')).body.status).toBe('retired');
    expect((await w.as('adv1').post('/api/cases', { process: 'repair', version: 1, storeId: 's1', data: { plate: 'x' } })).status).toBe(422);
  });

  it('the audit log records who changed what without copying personal data, and cannot be edited', async () => {
    const w = await makeWorld(await b.fresh());
    await w.as('admin').patch('/api/staff/adv1', { name: '张三丰' });
    const log = await w.as('auditor').get('/api/audit?targetType=staff&targetId=adv1');
    expect(log.body.items[0]).toMatchObject({ action: 'staff.update', actorId: 'admin', via: 'session', personal: ['name'] });
    expect(JSON.stringify(log.body)).not.toContain('张三丰');
    await expect(w.db.query(`UPDATE audit_log SET actor_id = 'someone'`)).rejects.toThrow(/append-only/);
    await expect(w.db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });

  it('read-only roles see phone numbers masked; people serving the store see them', async () => {
    const w = await makeWorld(await b.fresh());
    const c = await started(w);
    await w.as('adv1').post(`/api/tasks/${c.taskId}/complete`, goodIntake);
    expect((await w.as('adv1').get(`/api/cases/${c.caseId}`)).body.data.phone).toBe('13800001234');
    expect((await w.as('aud1').get(`/api/cases/${c.caseId}`)).body.data.phone).toBe('138****1234');
    expect((await w.as('auditor').get(`/api/cases/${c.caseId}`)).body.data.phone).toBe('138****1234');
  });

  it('the inbox sorts by due time and pages with a cursor; filters narrow it', async () => {
    const w = await makeWorld(await b.fresh());
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await started(w)).taskId);
      w.clock.now += 60_000;
    }
    const page1 = await w.as('adv1').get('/api/inbox?limit=2');
    expect(page1.body.items.map((t: { id: string }) => t.id)).toEqual(ids.slice(0, 2));
    const page2 = await w.as('adv1').get(`/api/inbox?limit=2&cursor=${page1.body.nextCursor}`);
    const page3 = await w.as('adv1').get(`/api/inbox?limit=2&cursor=${page2.body.nextCursor}`);
    expect([...page2.body.items, ...page3.body.items].map((t: { id: string }) => t.id)).toEqual(ids.slice(2));
    expect(page3.body.nextCursor).toBeNull();
    expect((await w.as('adv1').get('/api/inbox?sla=overdue')).body.items).toHaveLength(0);
    w.clock.now += 3 * 3600_000;
    expect((await w.as('adv1').get('/api/inbox?sla=overdue')).body.items).toHaveLength(5);
    expect((await w.as('tech1').get('/api/inbox')).body.items).toHaveLength(0);
    expect((await w.as('mgr1').get('/api/inbox?view=store')).body.items).toHaveLength(5);
    const cases = await w.as('adv1').get('/api/cases?status=active&limit=3');
    expect(cases.body.items).toHaveLength(3);
    expect((await w.as('adv1').get(`/api/cases?status=active&limit=3&cursor=${cases.body.nextCursor}`)).body.items).toHaveLength(2);
  });
});

describeBackends('api housekeeping', (b) => {
  it('forgets idempotency keys after 24 hours and ended sessions, never the audit log', async () => {
    const { purgeExpired } = await import('./maintenance.ts');
    const w = await makeWorld(await b.fresh());
    await w.as('adv1').post('/api/customers', { id: 'c-1' }, { 'idempotency-key': 'old' });
    const audits = (await w.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log`)).rows[0]!.n;
    expect((await purgeExpired(w.db, w.clock.now, 60_000)).idempotencyKeys).toBe(0);
    const later = w.clock.now + 25 * 3600_000;
    const gone = await purgeExpired(w.db, later, 60_000);
    expect(gone.idempotencyKeys).toBe(1);
    expect(gone.sessions).toBeGreaterThan(0);
    expect((await w.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log`)).rows[0]!.n).toBe(audits);
  });
});
