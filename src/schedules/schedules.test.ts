import { expect, it } from 'vitest';
import { describeBackends } from '../store/testing/backends.ts';
import { addCustomer } from '../store/directory.ts';
import { fingerprint, makeWorld, type World } from '../api/testing/world.ts';
import { occurrences, parseRRule, RRuleError } from './rrule.ts';
import { runSchedules } from './run.ts';
import { publishTemplate, useTemplateCalendars } from './testing.ts';

const HOUR = 3_600_000;
const sh = (local: string) => Date.parse(`${local}+08:00`);
const iso = (t: number) => new Date(t).toISOString();

it('expands the RRULE subset in a time zone', () => {
  const rule = parseRRule('FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0');
  const got = occurrences(rule, { zone: 'Asia/Shanghai', anchor: sh('2026-03-01T00:00'), after: sh('2026-03-01T00:00'), through: sh('2026-03-08T23:00') });
  expect(got.map(iso)).toEqual(['02', '03', '04', '05', '06'].map((d) => iso(sh(`2026-03-${d}T09:00`))));
  // DST: 9:00 stays 9:00 local in New York across the March change.
  const ny = occurrences(parseRRule('FREQ=DAILY;BYHOUR=9'), { zone: 'America/New_York', anchor: Date.UTC(2026, 2, 7), after: Date.UTC(2026, 2, 7), through: Date.UTC(2026, 2, 10) });
  expect(ny.map(iso)).toEqual(['2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z', '2026-03-09T13:00:00.000Z']);
  // COUNT counts from the anchor; UNTIL is inclusive.
  expect(occurrences(parseRRule('FREQ=WEEKLY;BYDAY=MO,TH;COUNT=3'), { zone: 'UTC', anchor: Date.UTC(2026, 2, 2), after: Date.UTC(2026, 2, 4), through: Date.UTC(2026, 5, 1) }).map(iso)).toEqual([
    '2026-03-05T00:00:00.000Z',
    '2026-03-09T00:00:00.000Z',
  ]);
  expect(occurrences(parseRRule('FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=31;UNTIL=20260731'), { zone: 'UTC', anchor: Date.UTC(2026, 0, 1), after: 0, through: Date.UTC(2027, 0, 1) }).map(iso)).toEqual(
    ['2026-01-31', '2026-03-31', '2026-05-31', '2026-07-31'].map((d) => `${d}T00:00:00.000Z`),
  );
  for (const bad of ['FREQ=YEARLY', 'FREQ=DAILY;BYDAY=1MO', 'FREQ=DAILY;BYHOUR=24', 'FREQ=DAILY;COUNT=2;UNTIL=20260101', 'FREQ=DAILY;BYSETPOS=1', 'BYHOUR=9'])
    expect(() => parseRRule(bad), bad).toThrow(RRuleError);
});

async function world(b: { fresh(): Promise<import('../store/db.ts').Db> }): Promise<World> {
  const w = await makeWorld(await b.fresh());
  await useTemplateCalendars(w.db, 'org-a');
  return w;
}

describeBackends('schedules', (b) => {
  it('starts the S12 daily 9:00 inspection round on working days over a simulated week, once per occurrence', async () => {
    const w = await world(b);
    await publishTemplate(w.db, 'org-a', 'utilities/hot-water-inspection.yaml', w.clock.now);
    w.clock.now = sh('2026-03-01T12:00'); // a Sunday
    const on = await w.as('mgr1').put('/api/schedules/hot-water-inspection/stores/s1', {});
    expect(on.status, on.text).toBe(200);
    expect(on.body.timeZone).toBe('Asia/Shanghai');
    expect(on.body.rules[0].next).toEqual([sh('2026-03-02T09:00'), sh('2026-03-03T09:00'), sh('2026-03-04T09:00')].map(iso));
    // The worker ticks every hour for a week; two "workers" run every tick.
    const started: number[] = [];
    for (let t = sh('2026-03-01T12:00'); t <= sh('2026-03-08T12:00'); t += HOUR) {
      const [r1, r2] = [await runSchedules(w.store, t), await runSchedules(w.store, t)];
      expect(r2.started).toBe(0);
      for (let i = 0; i < r1.started; i++) started.push(t);
    }
    const cases = (await w.db.query<{ started_at: Date; data: { project: string; scheduledFor: string } }>(`SELECT started_at, state->'data' AS data FROM cases WHERE process_key = 'hot-water-inspection' ORDER BY started_at`)).rows;
    expect(cases.map((c) => c.data.scheduledFor)).toEqual(['02', '03', '04', '05', '06'].map((d) => iso(sh(`2026-03-${d}T09:00`))));
    // Started on the first tick at or after 9:00, for the project the rule names.
    expect(cases.map((c) => c.started_at.getTime())).toEqual(['02', '03', '04', '05', '06'].map((d) => sh(`2026-03-${d}T09:00`)));
    expect(cases.every((c) => c.data.project === '南航科院')).toBe(true);
    const runs = await w.as('mgr1').get('/api/schedules/hot-water-inspection/stores/s1/runs');
    expect(runs.body.items.map((r: { status: string }) => r.status)).toEqual(['started', 'started', 'started', 'started', 'started']);
  });

  it('after downtime starts only the latest missed round and records the others as skipped', async () => {
    const w = await world(b);
    await publishTemplate(w.db, 'org-a', 'utilities/hot-water-inspection.yaml', w.clock.now);
    w.clock.now = sh('2026-03-01T12:00');
    expect((await w.as('gm').put('/api/schedules/hot-water-inspection/stores/s2', {})).status).toBe(200);
    expect(await runSchedules(w.store, sh('2026-03-02T09:05'))).toEqual({ started: 1, skipped: 0, failed: 0 });
    // Down from Monday 9:05 to Thursday 10:00.
    expect(await runSchedules(w.store, sh('2026-03-05T10:00'))).toEqual({ started: 1, skipped: 2, failed: 0 });
    const runs = (await w.as('gm').get('/api/schedules/hot-water-inspection/stores/s2/runs')).body.items as { occurrence: string; status: string; caseId: string | null }[];
    expect(runs.map((r) => [r.occurrence, r.status])).toEqual([
      [iso(sh('2026-03-05T09:00')), 'started'],
      [iso(sh('2026-03-04T09:00')), 'skipped'],
      [iso(sh('2026-03-03T09:00')), 'skipped'],
      [iso(sh('2026-03-02T09:00')), 'started'],
    ]);
    expect(runs.filter((r) => r.status === 'skipped').every((r) => r.caseId === null)).toBe(true);
    expect(await runSchedules(w.store, sh('2026-03-05T10:00'))).toEqual({ started: 0, skipped: 0, failed: 0 });
  });

  it('S29 visit plans: core customers every two weeks, important ones monthly, over a simulated quarter', async () => {
    const w = await world(b);
    await publishTemplate(w.db, 'org-a', 'tobacco/account-manager-visit.yaml', w.clock.now);
    for (const [id, tier] of [['ret-core', 'core'], ['ret-imp', 'important'], ['ret-other', 'other']] as const)
      await addCustomer(w.db, { id, orgId: 'org-a', tier, ownerStaffId: 'adv1' }, { now: w.clock.now });
    await addCustomer(w.db, { id: 'rb-core', orgId: 'org-b', tier: 'core' }, { now: w.clock.now });
    w.clock.now = sh('2026-01-01T00:00');
    expect((await w.as('admin').put('/api/schedules/account-manager-visit/stores/s1', {})).status).toBe(200);
    // Ticks every 3 hours for a quarter.
    for (let t = sh('2026-01-01T00:00'); t <= sh('2026-04-01T10:00'); t += 3 * HOUR) await runSchedules(w.store, t);
    const cases = (
      await w.db.query<{ customer_id: string; started_at: Date; org_id: string; assignee: string | null; cls: string }>(
        `SELECT c.customer_id, c.started_at, c.org_id, c.state->'data'->>'customerClass' AS cls,
                (SELECT t.assignee FROM tasks t WHERE t.case_id = c.id ORDER BY t.created_at LIMIT 1) AS assignee
           FROM cases c WHERE c.process_key = 'account-manager-visit' ORDER BY c.started_at, c.customer_id`,
      )
    ).rows;
    const dates = (who: string) => cases.filter((c) => c.customer_id === who).map((c) => iso(c.started_at.getTime()));
    // 2026-01-01 is a Thursday: the first Monday is 5 January (the week of the anchor counts as week 0,
    // so the fortnight runs from the anchor's week: 29 Dec–4 Jan is week 0, 12 Jan is week 2).
    expect(dates('ret-core')).toEqual(['2026-01-12', '2026-01-26', '2026-02-09', '2026-02-23', '2026-03-09', '2026-03-23'].map((d) => iso(sh(`${d}T09:00`))));
    expect(dates('ret-imp')).toEqual(['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01'].map((d) => iso(sh(`${d}T09:00`))));
    expect(dates('ret-other')).toEqual([]);
    expect(cases.every((c) => c.org_id === 'org-a')).toBe(true);
    // The visit is planned by the customer's own account manager.
    expect(new Set(cases.map((c) => c.assignee))).toEqual(new Set(['adv1']));
    expect(cases.filter((c) => c.customer_id === 'ret-core').every((c) => c.cls === 'core')).toBe(true);
  });

  it('only store managers switch schedules on or off; refusals change nothing; changes are audited; other organisations get 404', async () => {
    const w = await world(b);
    await publishTemplate(w.db, 'org-a', 'utilities/hot-water-inspection.yaml', w.clock.now);
    const path = '/api/schedules/hot-water-inspection/stores/s1';
    const who = ['admin', 'gm', 'auditor', 'mgr1', 'aud1', 'adv1', 'tech1', 'adv2', 'adminB', 'advB'] as const;
    const expectPut: Record<(typeof who)[number], number> = { admin: 200, gm: 200, auditor: 403, mgr1: 200, aud1: 403, adv1: 403, tech1: 403, adv2: 404, adminB: 404, advB: 404 };
    expect((await w.anon.put(path, {})).status).toBe(401);
    for (const p of who) {
      const before = await fingerprint(w.db);
      const auditBefore = (await w.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'schedule.activate'`)).rows[0]!.n;
      const r = await w.as(p).put(path, {});
      expect(r.status, `${p}: ${r.text}`).toBe(expectPut[p]);
      const auditAfter = (await w.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'schedule.activate'`)).rows[0]!.n;
      if (r.status === 200) expect(auditAfter).toBe(auditBefore + 1);
      else expect(await fingerprint(w.db)).toBe(before);
    }
    const expectDelete: Record<(typeof who)[number], number> = { admin: 204, gm: 204, auditor: 403, mgr1: 204, aud1: 403, adv1: 403, tech1: 403, adv2: 404, adminB: 404, advB: 404 };
    for (const p of who) {
      await w.as('admin').put(path, {});
      const before = await fingerprint(w.db);
      const r = await w.as(p).delete(path);
      expect(r.status, `${p}: ${r.text}`).toBe(expectDelete[p]);
      if (r.status !== 204) expect(await fingerprint(w.db)).toBe(before);
    }
    expect((await w.db.query(`SELECT 1 FROM audit_log WHERE action = 'schedule.deactivate'`)).rows).toHaveLength(3);
    expect((await w.as('admin').delete(path)).status).toBe(204);
    expect((await w.as('admin').delete(path)).status).toBe(404);
    // Bad input: an SOP without schedules, an unknown SOP.
    expect((await w.as('admin').put('/api/schedules/repair/stores/s1', {})).body.code).toBe('NO_SCHEDULES');
    expect((await w.as('admin').put('/api/schedules/nope/stores/s1', {})).status).toBe(422);
    // Lists show only visible stores.
    await w.as('admin').put(path, {});
    expect((await w.as('adv2').get('/api/schedules')).body.items).toEqual([]);
    expect((await w.as('adv1').get('/api/schedules')).body.items).toHaveLength(1);
    expect((await w.as('advB').get('/api/schedules')).body.items).toEqual([]);
    expect((await w.as('advB').get(`${path}/runs`)).status).toBe(404);
  });
});
