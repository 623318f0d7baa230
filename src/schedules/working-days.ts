import { createCalendar, type BusinessCalendar, type CalendarSpec } from '../calendar/index.ts';
import { DAY_MS } from '../calendar/civil-date.ts';
import { TimeZone } from '../calendar/time-zone.ts';
import type { Queryable } from '../store/db.ts';

/**
 * "Working days only" for schedules: an occurrence is kept when its date (in the store's time
 * zone) is a working day of the store's business calendar — a day with opening hours. So with
 * `holidays: CN` statutory holidays are skipped and adjusted working days (调休上班, e.g.
 * Saturday 2025-10-11) count; a store's own closed days are skipped too.
 *
 * The store's calendar is its own (`stores.calendar`), else the organisation's `default`
 * calendar, else the calendar module's default: a Chinese office (Monday to Friday, CN holidays)
 * — someone who asks to skip non-working days without having set a calendar means China's.
 */

/** Working-day test of a calendar by civil day number (cached per day: schedules ask the same days again and again). */
export function workingDayTest(calendar: BusinessCalendar): (day: number) => boolean {
  const tz = new TimeZone(calendar.timezone);
  const known = new Map<number, boolean>();
  return (day) => {
    let yes = known.get(day);
    if (yes === undefined) {
      // The date's own midnight-to-midnight in the calendar's zone: open at any time that day?
      const from = tz.toUtc(day * DAY_MS, 'shift');
      const to = tz.toUtc((day + 1) * DAY_MS, 'shift');
      yes = calendar.openIntervals(from, to).length > 0;
      known.set(day, yes);
    }
    return yes;
  };
}

/** The business calendar spec a store's schedules follow (see above). */
export async function storeCalendarSpec(q: Queryable, orgId: string, storeId: string): Promise<CalendarSpec> {
  const row = (
    await q.query<{ calendar: CalendarSpec | null; calendars: Record<string, CalendarSpec> | null }>(
      `SELECT s.calendar, o.calendars FROM orgs o LEFT JOIN stores s ON s.id = $2 AND s.org_id = o.id WHERE o.id = $1`,
      [orgId, storeId],
    )
  ).rows[0];
  return row?.calendar ?? row?.calendars?.default ?? {};
}

/** The store's working-day test (for `keepDay` of `occurrences`). */
export async function storeWorkingDays(q: Queryable, orgId: string, storeId: string): Promise<(day: number) => boolean> {
  return workingDayTest(createCalendar(await storeCalendarSpec(q, orgId, storeId)));
}
