import { expect, it } from 'vitest';
import { end, HOUR, hours, human, MIN, proc } from '../engine/testing/build.ts';
import { caseEvents, caseJobs, caseTasks, executeCommand, getCase, setStoreCalendar, startCase } from '../store/index.ts';
import { describeBackends } from '../store/testing/backends.ts';
import { ORG, SHOP, T0, seeded } from '../store/testing/fixtures.ts';
import { deliverNotifications, type NotificationChannel } from './notifications.ts';
import { runDueJobs } from './run-due-jobs.ts';
import type { OutboxNotification } from '../store/index.ts';
import type { ProcessNode } from '../model/types.ts';

const quiet: NotificationChannel = { deliver: async () => {} };

// The follow-up call 48 h after delivery (S09 car after-sales).
const followup = proc('followup', [human('deliver', 'advisor'), { kind: 'timer', id: 'wait48h', name: { zh: '等待48小时' }, wait: { duration: hours(48) } }, human('call', 'advisor'), end()]);

// A repair with a 4 h SLA, warned at 3 h, escalated to the manager's queue at the breach.
const repair = proc(
  'repair',
  [
    human('fix', 'plumber', {
      sla: { due: hours(4), warning: { fraction: 0.75 }, escalations: [{ actions: [{ kind: 'notify', role: 'manager' }, { kind: 'reassign', role: 'manager' }] }] },
    }),
    end(),
  ],
  { roles: [{ id: 'manager', name: { en: 'manager' } }] },
);

const call = (id: string, process: string): ProcessNode => ({ kind: 'call', id, name: { en: id }, process });
const child = proc('inspection', [human('inspect', 'technician'), end('ok', 'passed')]);
const parent = proc('visit', [call('inspection', 'inspection'), human('handover', 'advisor'), end()]);

const staff = { advisor: ['li'], plumber: ['wu'], manager: ['zhao'], technician: ['zhou'] };

describeBackends('runtime: timers, SLA points and deliveries', (b) => {
  it('fires a timer when the fake clock reaches it, exactly once however often the step runs', async () => {
    const store = await seeded(await b.fresh(), { staff, processes: [followup] });
    const c = await startCase(store, { orgId: ORG, process: 'followup', storeId: SHOP }, { now: T0, actor: 'li' });
    const deliver = Object.values(c.state.tasks)[0]!;
    await executeCommand(store, c.caseId, { type: 'complete', taskId: deliver.id, by: 'li' }, { now: T0, actor: 'li' });

    expect((await runDueJobs(store, T0 + 48 * HOUR - 1, { channel: quiet })).fired).toBe(0);
    expect((await caseTasks(store.db, c.caseId)).filter((t) => t.status === 'open')).toEqual([]);

    expect((await runDueJobs(store, T0 + 48 * HOUR, { channel: quiet })).fired).toBe(1);
    expect((await runDueJobs(store, T0 + 49 * HOUR, { channel: quiet })).fired).toBe(0);
    const open = (await caseTasks(store.db, c.caseId)).filter((t) => t.status === 'open');
    expect(open.map((t) => [t.node, t.createdAt])).toEqual([['call', T0 + 48 * HOUR]]);
    const timerEvents = (await caseEvents(store.db, c.caseId)).filter((e) => e.activity === 'wait48h').map((e) => e.lifecycle);
    expect(timerEvents).toEqual(['schedule', 'complete']);
    expect(await caseJobs(store.db, c.caseId)).toEqual([expect.objectContaining({ kind: 'timer', status: 'done', attempts: 1 })]);
  });

  it('warns, breaches and escalates an SLA on the fake clock, notifying through the outbox', async () => {
    const store = await seeded(await b.fresh(), { staff, processes: [repair] });
    const c = await startCase(store, { orgId: ORG, process: 'repair', storeId: SHOP }, { now: T0, actor: 'system' });
    await runDueJobs(store, T0 + 3 * HOUR - 1, { channel: quiet });
    expect((await caseTasks(store.db, c.caseId))[0]).toMatchObject({ slaState: 'ok', dueAt: T0 + 4 * HOUR });

    const seen: OutboxNotification[] = [];
    const channel: NotificationChannel = { deliver: async (n) => void seen.push(n) };
    await runDueJobs(store, T0 + 3 * HOUR, { channel });
    expect((await caseTasks(store.db, c.caseId))[0]).toMatchObject({ slaState: 'warning' });
    await runDueJobs(store, T0 + 4 * HOUR, { channel });
    const task = (await caseTasks(store.db, c.caseId))[0]!;
    expect(task).toMatchObject({ slaState: 'breached', role: 'manager', status: 'open' });
    expect(seen.map((n) => [n.reason, n.to])).toEqual([
      ['sla.warning', { role: 'plumber' }],
      ['sla.breach', { role: 'plumber' }],
      ['escalation', { role: 'manager' }],
      ['escalation', { role: 'manager' }],
    ]);
    const sla = (await caseEvents(store.db, c.caseId)).filter((e) => e.scope === 'sla').map((e) => e.lifecycle);
    expect(sla).toEqual(['warning', 'breach', 'escalation']);
    const statuses = (await store.db.query<{ status: string }>(`SELECT DISTINCT status FROM notifications`)).rows.map((r) => r.status);
    expect(statuses).toEqual(['delivered']);
  });

  it('cancels the SLA points of a step done in time: nothing fires later', async () => {
    const store = await seeded(await b.fresh(), { staff, processes: [repair] });
    const c = await startCase(store, { orgId: ORG, process: 'repair', storeId: SHOP }, { now: T0, actor: 'system' });
    const fix = Object.values(c.state.tasks)[0]!;
    await executeCommand(store, c.caseId, { type: 'complete', taskId: fix.id, by: 'wu' }, { now: T0 + HOUR, actor: 'wu' });
    expect((await caseJobs(store.db, c.caseId)).map((j) => j.status)).toEqual(['cancelled', 'cancelled']);
    expect((await runDueJobs(store, T0 + 10 * HOUR, { channel: quiet })).fired).toBe(0);
    expect((await caseEvents(store.db, c.caseId)).filter((e) => e.scope === 'sla')).toEqual([]);
  });

  it("delivers a sub-case's end to its parent, which moves on", async () => {
    const store = await seeded(await b.fresh(), { staff, processes: [child, parent] });
    const p = await startCase(store, { orgId: ORG, process: 'visit', storeId: SHOP }, { now: T0, actor: 'li' });
    const childId = p.state.tokens[0]!.childCaseId!;
    const inspect = (await caseTasks(store.db, childId))[0]!;
    await executeCommand(store, childId, { type: 'complete', taskId: inspect.id, by: 'zhou' }, { now: T0 + 30 * MIN, actor: 'zhou' });
    expect((await getCase(store.db, p.caseId))!.state.tokens[0]!.node).toBe('inspection');
    expect((await runDueJobs(store, T0 + 30 * MIN, { channel: quiet })).fired).toBe(1);
    const after = (await getCase(store.db, p.caseId))!;
    expect(after.state.tasks).not.toEqual({});
    expect(Object.values(after.state.tasks)[0]).toMatchObject({ node: 'handover' });
  });

  it('marks a job failed with its reason when its command can never succeed, and goes on with the rest', async () => {
    const store = await seeded(await b.fresh(), { staff, processes: [followup] });
    const cases = [];
    for (let i = 0; i < 3; i++) {
      const c = await startCase(store, { orgId: ORG, process: 'followup', storeId: SHOP }, { now: T0, actor: 'li' });
      await executeCommand(store, c.caseId, { type: 'complete', taskId: Object.values(c.state.tasks)[0]!.id, by: 'li' }, { now: T0, actor: 'li' });
      cases.push(c.caseId);
    }
    // Corrupt one timer's command: the engine refuses it for good.
    await store.db.query(`UPDATE jobs SET payload = jsonb_set(payload, '{command}', '{"type":"claim","taskId":"nope","by":"x"}') WHERE case_id = $1`, [cases[1]]);
    const r = await runDueJobs(store, T0 + 48 * HOUR, { channel: quiet });
    expect(r).toMatchObject({ fired: 2, failed: 1 });
    expect((await caseJobs(store.db, cases[1]!))[0]).toMatchObject({ status: 'failed', lastError: expect.stringContaining('nope') });
    for (const id of [cases[0]!, cases[2]!]) expect((await caseTasks(store.db, id)).map((t) => t.node)).toEqual(['deliver', 'call']);
  });

  it("counts a working-hours SLA on the store's opening hours, and follows a change of them", async () => {
    const workingRepair = proc('working-repair', [human('fix', 'plumber', { sla: { due: hours(4, 'working') } }), end()]);
    const store = await seeded(await b.fresh(), { staff, processes: [workingRepair] });
    const weekdays: [string, string][] = [['09:00', '18:00']];
    await setStoreCalendar(store.db, SHOP, { timezone: 'Asia/Shanghai', holidays: 'none', week: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays } });
    // Monday 17:00 in Shanghai: one working hour today, three more from Tuesday 09:00.
    const mondayFive = Date.UTC(2026, 0, 5, 9, 0);
    const c = await startCase(store, { orgId: ORG, process: 'working-repair', storeId: SHOP }, { now: mondayFive, actor: 'system' });
    expect(Object.values(c.state.tasks)[0]!.sla!.dueAt).toBe(Date.UTC(2026, 0, 6, 4, 0));
    await runDueJobs(store, Date.UTC(2026, 0, 6, 3, 59), { channel: quiet });
    expect((await caseTasks(store.db, c.caseId))[0]).toMatchObject({ slaState: 'ok' });
    await runDueJobs(store, Date.UTC(2026, 0, 6, 4, 0), { channel: quiet });
    expect((await caseTasks(store.db, c.caseId))[0]).toMatchObject({ slaState: 'breached' });

    // Open around the clock from now on: the cached calendar is dropped by the revision bump.
    const allDay: [string, string][] = [['00:00', '24:00']];
    await setStoreCalendar(store.db, SHOP, { timezone: 'Asia/Shanghai', holidays: 'none', week: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay } });
    const d = await startCase(store, { orgId: ORG, process: 'working-repair', storeId: SHOP }, { now: mondayFive, actor: 'system' });
    expect(Object.values(d.state.tasks)[0]!.sla!.dueAt).toBe(mondayFive + 4 * HOUR);
  });

  it('retries a notification whose channel failed, later', async () => {
    const store = await seeded(await b.fresh(), { staff, processes: [repair] });
    await startCase(store, { orgId: ORG, process: 'repair', storeId: SHOP }, { now: T0, actor: 'system' });
    await runDueJobs(store, T0 + 3 * HOUR, { channel: { deliver: async () => Promise.reject(new Error('SMS gateway down')) } });
    const row = (await store.db.query<{ status: string; attempts: number; last_error: string }>(`SELECT status, attempts, last_error FROM notifications`)).rows[0];
    expect(row).toEqual({ status: 'pending', attempts: 1, last_error: 'SMS gateway down' });
    const delivered: number[] = [];
    await deliverNotifications(store, T0 + 3 * HOUR + 5 * MIN, { channel: { deliver: async (n) => void delivered.push(n.id) } });
    expect(delivered).toHaveLength(1);
  });
});
