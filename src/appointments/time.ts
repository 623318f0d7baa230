import { createCalendar, type BusinessCalendar, type CalendarSpec } from '../calendar/index.ts';
import { DAY_MS, parseDate, parseTimeOfDay } from '../calendar/civil-date.ts';
import { TimeZone } from '../calendar/time-zone.ts';
import type { Queryable } from '../store/db.ts';

/**
 * A store's booking calendar and local-time arithmetic: which hours are bookable (the store's
 * opening hours, else the organisation's "default" calendar, else a Chinese office week in the
 * store's zone — never 24/7, nobody books a haircut at 3 a.m.), the instants of a local day,
 * and "the day before at 18:00".
 */

export interface StoreClock {
  readonly storeId: string;
  readonly timeZone: string;
  readonly calendar: BusinessCalendar;
}

/** The store's calendar, or undefined when the store is not the organisation's. */
export async function storeClock(q: Queryable, orgId: string, storeId: string): Promise<StoreClock | undefined> {
  const row = (
    await q.query<{ time_zone: string; calendar: CalendarSpec | null; calendars: Record<string, CalendarSpec> }>(
      `SELECT s.time_zone, s.calendar, o.calendars FROM stores s JOIN orgs o ON o.id = s.org_id WHERE s.org_id = $1 AND s.id = $2`,
      [orgId, storeId],
    )
  ).rows[0];
  if (row === undefined) return undefined;
  const spec: CalendarSpec = row.calendar ?? row.calendars.default ?? {};
  const calendar = createCalendar({ ...spec, timezone: spec.timezone ?? row.time_zone });
  return { storeId, timeZone: calendar.timezone, calendar };
}

/** [start, end) instants of the local date 'YYYY-MM-DD' in `zone`; undefined for a bad date. */
export function localDayBounds(zone: string, date: string): { start: number; end: number } | undefined {
  const day = parseDate(date);
  if (day === undefined) return undefined;
  const tz = new TimeZone(zone);
  return { start: tz.toUtc(day * DAY_MS, 'shift'), end: tz.toUtc((day + 1) * DAY_MS, 'shift') };
}

/** The local date of `t` in `zone`. */
export function localDateOf(zone: string, t: number): string {
  return new Date(new TimeZone(zone).toLocal(t)).toISOString().slice(0, 10);
}

/** The instant of local 'HH:MM' on the day before the local date of `t` (the reminder time). */
export function dayBeforeAt(zone: string, t: number, time: string): number {
  const minutes = parseTimeOfDay(time);
  if (minutes === undefined || minutes >= 1440) throw new Error(`"${time}" is not a time of day HH:MM`);
  const tz = new TimeZone(zone);
  const localDay = Math.floor(tz.toLocal(t) / DAY_MS);
  return tz.toUtc((localDay - 1) * DAY_MS + minutes * 60_000, 'shift');
}

/** The local wall-clock 'HH:MM' of `t` in `zone`. */
export function localTimeOf(zone: string, t: number): string {
  return new Date(new TimeZone(zone).toLocal(t)).toISOString().slice(11, 16);
}
