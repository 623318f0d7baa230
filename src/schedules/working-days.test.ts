import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeBackends } from '../store/testing/backends.ts';
import { makeWorld } from '../api/testing/world.ts';
import { parseSop } from '../model/yaml/read.ts';
import { publishDefinition } from '../store/definitions.ts';
import { createCalendar } from '../calendar/index.ts';
import { DAY_MS } from '../calendar/civil-date.ts';
import { occurrences, parseRRule } from './rrule.ts';
import { runSchedules } from './run.ts';
import { workingDayTest } from './working-days.ts';

/**
 * Schedules on working days only, over October 2025: National Day and Mid-Autumn (10/1–10/8)
 * are statutory holidays and Saturday 10/11 is an adjusted working day (调休上班), per
 * chinese-days. Each store's rounds follow its own time zone and business calendar.
 */

const HOUR = 3_600_000;
const iso = (t: number) => new Date(t).toISOString();
const at = (date: string, zone: '+06:00' | '+08:00') => Date.parse(`${date}T09:00${zone}`);
const civilDay = (date: string) => Date.parse(`${date}T00:00Z`) / DAY_MS;

/** October 2025's days as "DD" from a list of ranges. */
const days = (...ranges: [number, number][]) => ranges.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => String(a + i).padStart(2, '0')));

/** The S12 inspection round as a plain daily 9:00 rule: the working days come from the store's calendar. */
async function publishDailyRound(db: import('../store/db.ts').Db, now: number): Promise<void> {
  const path = 'utilities/hot-water-inspection.yaml';
  const source = readFileSync(new URL(`../../templates/${path}`, import.meta.url), 'utf8').replace('FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0', 'FREQ=DAILY;BYHOUR=9;BYMINUTE=0');
  expect(source).toContain("'FREQ=DAILY;BYHOUR=9;BYMINUTE=0'");
  await publishDefinition(db, { orgId: 'org-a', definition: parseSop(source, path), source, format: 'yaml' }, { now });
}

it('keeps occurrences on working days only; dropped ones still count towards COUNT', () => {
  const office = workingDayTest(createCalendar({}));
  expect(['2025-10-01', '2025-10-08', '2025-10-09', '2025-10-11', '2025-10-12'].map((d) => office(civilDay(d)))).toEqual([false, false, true, true, false]);
  const rule = parseRRule('FREQ=DAILY;BYHOUR=9;COUNT=5');
  const got = occurrences(rule, { zone: 'Asia/Shanghai', anchor: Date.parse('2025-10-06T00:00+08:00'), after: 0, through: Date.parse('2025-12-31T00:00+08:00'), keepDay: office });
  // 10/6, 10/7 and 10/8 are holidays: five occurrences counted, two kept.
  expect(got.map(iso)).toEqual([at('2025-10-09', '+08:00'), at('2025-10-10', '+08:00')].map(iso));
});

describeBackends('schedules on working days', (b) => {
  it("the S12 daily 9:00 round skips the National Day holidays and runs on the adjusted Saturday, in each store's zone and calendar", async () => {
    const w = await makeWorld(await b.fresh());
    await publishDailyRound(w.db, w.clock.now);
    // s1 in Urumqi with no calendar of its own: China's office calendar (Monday–Friday, CN holidays).
    await w.db.query(`UPDATE stores SET time_zone = 'Asia/Urumqi' WHERE id = 's1'`);
    // s2 a shop open every day, following CN holidays, closed for stocktaking on 10/20.
    const everyDay = [['09:00', '21:00']];
    await w.db.query(`UPDATE stores SET calendar = $1::jsonb, calendar_rev = calendar_rev + 1 WHERE id = 's2'`, [
      JSON.stringify({ holidays: 'CN', week: { mon: everyDay, tue: everyDay, wed: everyDay, thu: everyDay, fri: everyDay, sat: everyDay, sun: everyDay }, closed: ['2025-10-20'] }),
    ]);

    w.clock.now = Date.parse('2025-09-30T12:00+08:00');
    const s1 = await w.as('gm').put('/api/schedules/hot-water-inspection/stores/s1', { skipNonWorkingDays: true });
    expect(s1.status, s1.text).toBe(200);
    expect([s1.body.timeZone, s1.body.skipNonWorkingDays]).toEqual(['Asia/Urumqi', true]);
    expect(s1.body.rules[0].next).toEqual(['2025-10-09', '2025-10-10', '2025-10-11'].map((d) => iso(at(d, '+06:00'))));
    const s2 = await w.as('gm').put('/api/schedules/hot-water-inspection/stores/s2', { skipNonWorkingDays: true });
    expect(s2.body.rules[0].next).toEqual(['2025-10-09', '2025-10-10', '2025-10-11'].map((d) => iso(at(d, '+08:00'))));
    // Switching on again without the option keeps it.
    expect((await w.as('gm').put('/api/schedules/hot-water-inspection/stores/s2', {})).body.skipNonWorkingDays).toBe(true);

    // The worker ticks every 6 hours through the month (each round starts on the first tick after 9:00).
    for (let t = w.clock.now; t <= Date.parse('2025-11-01T00:00+08:00'); t += 6 * HOUR) await runSchedules(w.store, t);

    const rounds = async (store: string) =>
      (await w.db.query<{ s: string }>(`SELECT state->'data'->>'scheduledFor' AS s FROM cases WHERE process_key = 'hot-water-inspection' AND store_id = $1 ORDER BY started_at`, [store])).rows.map((r) => r.s);
    const officeDays = days([9, 11], [13, 17], [20, 24], [27, 31]);
    expect(await rounds('s1')).toEqual(officeDays.map((d) => iso(at(`2025-10-${d}`, '+06:00'))));
    const shopDays = days([9, 19], [21, 31]);
    expect(await rounds('s2')).toEqual(shopDays.map((d) => iso(at(`2025-10-${d}`, '+08:00'))));
    // A holiday is not a missed round: nothing is recorded as skipped.
    const runs = await w.db.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM schedule_runs GROUP BY status`);
    expect(runs.rows).toEqual([{ status: 'started', n: officeDays.length + shopDays.length }]);
  }, 180_000);

  it('without the option every day of the rule runs, holidays included', async () => {
    const w = await makeWorld(await b.fresh());
    await publishDailyRound(w.db, w.clock.now);
    w.clock.now = Date.parse('2025-09-30T12:00+08:00');
    const on = await w.as('gm').put('/api/schedules/hot-water-inspection/stores/s1', {});
    expect(on.body.skipNonWorkingDays).toBe(false);
    expect(on.body.rules[0].next).toEqual(['2025-10-01', '2025-10-02', '2025-10-03'].map((d) => iso(at(d, '+08:00'))));
    expect(await runSchedules(w.store, Date.parse('2025-10-01T09:30+08:00'))).toEqual({ started: 1, skipped: 0, failed: 0 });
  });
});
