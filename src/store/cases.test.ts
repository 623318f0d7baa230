import { expect, it } from 'vitest';
import { end, human, proc } from '../engine/testing/build.ts';
import { executeCommand, startCase } from './cases.ts';
import { addCustomer } from './directory.ts';
import { ConflictError, StoreError } from './errors.ts';
import { caseEvents, caseJobs, caseTasks, getCase } from './queries.ts';
import { describeBackends } from './testing/backends.ts';
import { ORG, SHOP, T0, seeded } from './testing/fixtures.ts';
import type { ProcessNode } from '../model/types.ts';

const MIN = 60_000;

// Car after-sales reception: the advisor greets, the same advisor quotes, a manager on duty
// rotation approves.
const reception = proc('reception', [
  human('greet', 'advisor', { form: [{ id: 'words', label: { en: "Customer's words" }, type: 'longText', required: true }] }),
  human('quote', 'advisor', { assignment: { strategy: 'sameAs', node: 'greet' } }),
  human('approve', 'manager', { assignment: { strategy: 'rotation' } }),
  end('done', 'approved'),
]);

const call = (id: string, process: string): ProcessNode => ({ kind: 'call', id, name: { en: id }, process });
const repair = proc('repair', [human('fix', 'technician'), end('fixed')]);
const withRepair = proc('visit', [call('doRepair', 'repair'), human('handover', 'advisor'), end('done')]);
const withMissingChild = proc('broken', [human('first', 'advisor'), call('sub', 'not-published'), end('done')]);

const staff = { advisor: ['li', 'wang'], manager: ['zhao', 'qian', 'sun'], technician: ['zhou'] };

describeBackends('durable commands', (b) => {
  it.each([
    ['optimistic', true],
    ['locking', false],
  ])('run a case of a small SOP through its steps, mirroring tasks and logging every transition (%s path)', async (_path, optimistic) => {
    const store = await seeded(await b.fresh(), { staff, processes: [reception], optimistic });
    const started = await startCase(store, { orgId: ORG, process: 'reception', storeId: SHOP }, { now: T0, actor: 'li' });
    expect(started.version).toBe(1);
    const greet = Object.values(started.state.tasks)[0]!;

    const afterGreet = await executeCommand(store, started.caseId, { type: 'complete', taskId: greet.id, by: 'li', form: { words: '刹车异响' } }, { now: T0 + 5 * MIN, actor: 'li' });
    expect(afterGreet.version).toBe(2);
    const quote = Object.values(afterGreet.state.tasks)[0]!;
    expect(quote).toMatchObject({ node: 'quote', assignee: 'li', status: 'claimed' });

    const afterQuote = await executeCommand(store, started.caseId, { type: 'complete', taskId: quote.id, by: 'li' }, { now: T0 + 20 * MIN, actor: 'li', expectedVersion: 2 });
    const approve = Object.values(afterQuote.state.tasks)[0]!;
    // Rotation was settled in the same transaction: the first manager on duty has it.
    expect(approve).toMatchObject({ node: 'approve', assignee: 'zhao', status: 'claimed' });

    const done = await executeCommand(store, started.caseId, { type: 'complete', taskId: approve.id, by: 'zhao' }, { now: T0 + 30 * MIN, actor: 'zhao' });
    expect(done.state).toMatchObject({ status: 'completed', outcome: 'approved' });

    const row = await getCase(store.db, started.caseId);
    expect(row).toMatchObject({ status: 'completed', version: 4, state: { status: 'completed', data: { words: '刹车异响' } } });
    const tasks = await caseTasks(store.db, started.caseId);
    expect(tasks.map((t) => [t.node, t.status, t.closedBy])).toEqual([
      ['greet', 'completed', 'li'],
      ['quote', 'completed', 'li'],
      ['approve', 'completed', 'zhao'],
    ]);
    expect(tasks[0]).toMatchObject({ closedAt: T0 + 5 * MIN, result: { form: { words: '刹车异响' } } });
    const trail = (await caseEvents(store.db, started.caseId)).map((e) => `${e.activity}:${e.lifecycle}`);
    expect(trail).toEqual([
      'reception:start',
      'greet:schedule',
      'greet:start',
      'greet:complete',
      'quote:schedule',
      'quote:assign',
      'quote:complete',
      'approve:schedule',
      'approve:assign',
      'approve:complete',
      'done:complete',
      'reception:complete',
    ]);
    const notices = (await store.db.query<{ to_staff: string; reason: string }>(`SELECT to_staff, reason FROM notifications ORDER BY id`)).rows;
    expect(notices).toEqual([
      { to_staff: 'li', reason: 'task.assigned' },
      { to_staff: 'zhao', reason: 'task.assigned' },
    ]);
  });

  it.each([
    ['optimistic', true],
    ['locking', false],
  ])('completes a task once when two people complete it at the same moment; the other gets a conflict (%s path)', async (_path, optimistic) => {
    const store = await seeded(await b.fresh(), { staff, processes: [reception], optimistic });
    const c = await startCase(store, { orgId: ORG, process: 'reception', storeId: SHOP }, { now: T0, actor: 'li' });
    const greet = Object.values(c.state.tasks)[0]!;
    const attempt = (who: string) =>
      executeCommand(store, c.caseId, { type: 'complete', taskId: greet.id, by: who, form: { words: who } }, { now: T0 + MIN, actor: who }).then(
        (r) => ({ ok: true as const, r }),
        (e: unknown) => ({ ok: false as const, e }),
      );
    const results = await Promise.all([attempt('li'), attempt('wang')]);
    const wins = results.filter((r) => r.ok);
    const losses = results.filter((r) => !r.ok);
    expect(wins).toHaveLength(1);
    expect(losses).toHaveLength(1);
    const err = (losses[0] as { e: unknown }).e;
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({ code: 'CONFLICT', conflict: true, reason: 'TASK_NOT_OPEN' });
    const events = await caseEvents(store.db, c.caseId);
    expect(events.filter((e) => e.activity === 'greet' && e.lifecycle === 'complete')).toHaveLength(1);
    expect((await getCase(store.db, c.caseId))!.version).toBe(2);
  });

  it.each([
    ['optimistic', true],
    ['locking', false],
  ])('applies both of two commands that race on one case without conflicting (%s path)', async (_path, optimistic) => {
    const split: ProcessNode = { kind: 'parallel', id: 'split', name: { en: 'split' }, to: ['wash', 'check'] };
    const join: ProcessNode = { kind: 'parallel', id: 'join', name: { en: 'join' } };
    const both = proc('both', [split, human('wash', 'advisor', { next: 'join' }), human('check', 'technician', { next: 'join' }), join, end()]);
    const store = await seeded(await b.fresh(), { staff, processes: [both], optimistic });
    const c = await startCase(store, { orgId: ORG, process: 'both', storeId: SHOP }, { now: T0, actor: 'li' });
    const tasks = Object.values(c.state.tasks);
    expect(tasks).toHaveLength(2);
    await Promise.all(tasks.map((t) => executeCommand(store, c.caseId, { type: 'complete', taskId: t.id, by: 'li' }, { now: T0 + MIN, actor: 'li' })));
    expect(await getCase(store.db, c.caseId)).toMatchObject({ status: 'completed', version: 3 });
    expect((await caseTasks(store.db, c.caseId)).map((t) => t.status)).toEqual(['completed', 'completed']);
  });

  it.each([
    ['optimistic', true],
    ['locking', false],
  ])('refuses a command made against a stale version (%s path)', async (_path, optimistic) => {
    const store = await seeded(await b.fresh(), { staff, processes: [reception], optimistic });
    const c = await startCase(store, { orgId: ORG, process: 'reception', storeId: SHOP }, { now: T0, actor: 'li' });
    const greet = Object.values(c.state.tasks)[0]!;
    await executeCommand(store, c.caseId, { type: 'claim', taskId: greet.id, by: 'li' }, { now: T0, actor: 'li', expectedVersion: 1 });
    await expect(executeCommand(store, c.caseId, { type: 'claim', taskId: greet.id, by: 'li' }, { now: T0, actor: 'li', expectedVersion: 1 })).rejects.toMatchObject({
      code: 'CONFLICT',
      reason: 'STALE_VERSION',
    });
  });

  it('writes nothing at all when a command fails after part of its work', async () => {
    const store = await seeded(await b.fresh(), { staff, processes: [withMissingChild] });
    const c = await startCase(store, { orgId: ORG, process: 'broken', storeId: SHOP }, { now: T0, actor: 'li' });
    const first = Object.values(c.state.tasks)[0]!;
    const before = { events: await caseEvents(store.db, c.caseId), tasks: await caseTasks(store.db, c.caseId) };
    // Completing the task writes the case and its events, then fails to start the sub-case.
    await expect(executeCommand(store, c.caseId, { type: 'complete', taskId: first.id, by: 'li' }, { now: T0 + MIN, actor: 'li' })).rejects.toMatchObject({
      code: 'DEFINITION_NOT_FOUND',
    });
    expect(await getCase(store.db, c.caseId)).toMatchObject({ version: 1, status: 'active' });
    expect(await caseEvents(store.db, c.caseId)).toEqual(before.events);
    expect(await caseTasks(store.db, c.caseId)).toEqual(before.tasks);
    expect((await store.db.query<{ n: number }>('SELECT count(*) AS n FROM cases')).rows[0]!.n).toBe(1);
  });

  it('passes engine refusals through with their code and saves nothing', async () => {
    const store = await seeded(await b.fresh(), { staff, processes: [reception] });
    const c = await startCase(store, { orgId: ORG, process: 'reception', storeId: SHOP }, { now: T0, actor: 'li' });
    const greet = Object.values(c.state.tasks)[0]!;
    await expect(executeCommand(store, c.caseId, { type: 'complete', taskId: greet.id, by: 'li', form: {} }, { now: T0, actor: 'li' })).rejects.toMatchObject({
      code: 'FORM_INVALID',
    });
    expect((await getCase(store.db, c.caseId))!.version).toBe(1);
  });

  it('hides cases of other organisations and reports unknown cases by code', async () => {
    const store = await seeded(await b.fresh(), { staff, processes: [reception] });
    const c = await startCase(store, { orgId: ORG, process: 'reception', storeId: SHOP }, { now: T0, actor: 'li' });
    const greet = Object.values(c.state.tasks)[0]!;
    const claim = { type: 'claim', taskId: greet.id, by: 'li' } as const;
    await expect(executeCommand(store, c.caseId, claim, { now: T0, actor: 'li', orgId: 'other-org' })).rejects.toMatchObject({ code: 'CASE_NOT_FOUND' });
    await expect(executeCommand(store, 'nope', claim, { now: T0, actor: 'li' })).rejects.toBeInstanceOf(StoreError);
    expect(await getCase(store.db, c.caseId, 'other-org')).toBeUndefined();
  });

  it('rotates duty among the managers and gives least-loaded work to the idlest person', async () => {
    const balanced = proc('triage', [human('look', 'advisor', { assignment: { strategy: 'leastLoaded' } }), end()]);
    const store = await seeded(await b.fresh(), { staff, processes: [reception, balanced] });
    const assignees: string[] = [];
    for (let i = 0; i < 4; i++) {
      let c = await startCase(store, { orgId: ORG, process: 'reception', storeId: SHOP }, { now: T0, actor: 'li' });
      for (const node of ['greet', 'quote']) {
        const t = Object.values(c.state.tasks).find((x) => x.node === node)!;
        c = await executeCommand(store, c.caseId, { type: 'complete', taskId: t.id, by: 'li', form: node === 'greet' ? { words: 'w' } : undefined }, { now: T0, actor: 'li' });
      }
      assignees.push(Object.values(c.state.tasks)[0]!.assignee!);
    }
    expect(assignees).toEqual(['zhao', 'qian', 'sun', 'zhao']);

    const loads: string[] = [];
    for (let i = 0; i < 3; i++) loads.push(Object.values((await startCase(store, { orgId: ORG, process: 'triage', storeId: SHOP }, { now: T0, actor: 'li' })).state.tasks)[0]!.assignee!);
    // li and wang start equal; each new task goes to whoever holds fewer.
    expect(loads).toEqual(['li', 'wang', 'li']);
  });

  it("gives a customer's task to their account manager, read from the customer record", async () => {
    const owned = proc('followup', [human('call', 'advisor', { assignment: { strategy: 'customerOwner' } }), end()]);
    const store = await seeded(await b.fresh(), { staff, processes: [owned] });
    await addCustomer(store.db, { id: 'cust-1', orgId: ORG, ownerStaffId: 'wang', tier: 'gold' }, { now: T0 });
    const c = await startCase(store, { orgId: ORG, process: 'followup', storeId: SHOP, customerId: 'cust-1' }, { now: T0, actor: 'system' });
    expect(c.state.customer).toEqual({ id: 'cust-1', ownerId: 'wang', tier: 'gold' });
    expect(Object.values(c.state.tasks)[0]).toMatchObject({ assignee: 'wang' });
  });

  it('starts a sub-case in the same transaction and cancels it with its parent', async () => {
    const store = await seeded(await b.fresh(), { staff, processes: [repair, withRepair] });
    const parent = await startCase(store, { orgId: ORG, process: 'visit', storeId: SHOP }, { now: T0, actor: 'li' });
    const childId = parent.state.tokens[0]!.childCaseId!;
    const child = await getCase(store.db, childId);
    expect(child).toMatchObject({ processKey: 'repair', parentCaseId: parent.caseId, status: 'active', storeId: SHOP });

    await executeCommand(store, parent.caseId, { type: 'cancelCase', by: 'li', reason: 'customer left' }, { now: T0 + MIN, actor: 'li' });
    expect(await getCase(store.db, childId)).toMatchObject({ status: 'cancelled' });
    expect((await caseTasks(store.db, childId)).map((t) => t.status)).toEqual(['cancelled']);
    // The child's end is delivered to the parent through a job (the parent already ended: harmless).
    expect(await caseJobs(store.db, parent.caseId)).toEqual([expect.objectContaining({ kind: 'deliver', status: 'pending' })]);
  });
});
