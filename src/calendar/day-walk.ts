import type { Day, DayCache } from './day-cache.ts';
import { CalendarError } from './errors.ts';
import { formatDate } from './civil-date.ts';

/**
 * Stepping from one day to the next or previous, failing fast (instead of looping forever) on
 * a calendar whose open time runs out: one open only on listed dates, asked beyond the last.
 */

/** The day after `d`; throws NO_OPEN_TIME when no later day can be open. */
export function nextDay(c: DayCache, d: Day): Day {
  const span = c.rules.openSpan;
  if (span !== undefined && d.index >= span.last) {
    throw new CalendarError('NO_OPEN_TIME', `the calendar is never open after ${formatDate(d.index)}: its week has no hours and no later date is open`);
  }
  // Every day before the first possibly-open one is closed: jump over them.
  if (span !== undefined && d.index < span.first - 1) return c.day(span.first);
  return c.day(d.index + 1);
}

/** The day before `d`; throws NO_OPEN_TIME when no earlier day can be open. */
export function previousDay(c: DayCache, d: Day): Day {
  const span = c.rules.openSpan;
  if (span !== undefined && d.index <= span.first) {
    throw new CalendarError('NO_OPEN_TIME', `the calendar is never open before ${formatDate(d.index)}: its week has no hours and no earlier date is open`);
  }
  if (span !== undefined && d.index > span.last + 1) return c.day(span.last);
  return c.day(d.index - 1);
}
