import { calendarClock, createCalendar } from '../calendar/index.ts';
import { ALWAYS_OPEN } from '../engine/calendar-clock.ts';
import type { Queryable } from './db.ts';
import type { CachedCalendars, Store } from './store.ts';
import type { CalendarSpec } from '../calendar/spec.ts';
import type { CalendarClock } from '../engine/types.ts';

/**
 * Calendar specs from the database → the engine's `CalendarClock`.
 *
 * The one switch point to the calendar module: a stored spec becomes a business calendar
 * (opening hours, time zone, China's holidays) adapted to the engine's clock interface.
 */
export function clockFromSpec(spec: CalendarSpec): CalendarClock {
  return calendarClock(createCalendar(spec));
}

/**
 * How the engine's calendar names resolve for a case: "default" (and any name the organisation
 * does not define) is the store's opening hours, else the organisation's "default", else 24/7;
 * other names are the organisation's named calendars.
 */
export function calendarResolver(store: Store, orgCalendars: Readonly<Record<string, CalendarSpec>>, storeCalendar: CalendarSpec | null): (name: string) => CalendarClock {
  const clocks = new Map<string, CalendarClock>();
  const fallback = storeCalendar ?? orgCalendars.default;
  return (name) => {
    let c = clocks.get(name);
    if (c === undefined) {
      const spec = name !== 'default' ? (orgCalendars[name] ?? fallback) : fallback;
      c = spec === undefined ? ALWAYS_OPEN : store.calendarClock(spec);
      clocks.set(name, c);
    }
    return c;
  };
}

/**
 * The calendars of a case's organisation and store, from cache when the revisions read with the
 * case row still match (one extra query only after a calendar changed).
 */
export async function calendarsFor(q: Queryable, store: Store, orgId: string, storeId: string | null, orgRev: number, storeRev: number): Promise<(name: string) => CalendarClock> {
  const key = `${orgId}/${storeId ?? '*'}`;
  const hit = store.calendars.get(key);
  if (hit !== undefined && hit.orgRev === orgRev && hit.storeRev === storeRev) return hit.resolve;
  const row = (
    await q.query<{ calendars: Record<string, CalendarSpec>; calendars_rev: number; calendar: CalendarSpec | null; calendar_rev: number | null }>(
      `SELECT o.calendars, o.calendars_rev, s.calendar, s.calendar_rev
         FROM orgs o LEFT JOIN stores s ON s.id = $2 AND s.org_id = o.id
        WHERE o.id = $1`,
      [orgId, storeId],
    )
  ).rows[0];
  const entry: CachedCalendars = {
    orgRev: row?.calendars_rev ?? 0,
    storeRev: row?.calendar_rev ?? 0,
    resolve: calendarResolver(store, row?.calendars ?? {}, row?.calendar ?? null),
  };
  store.calendars.set(key, entry);
  return entry.resolve;
}
