import type { TimeLimit } from '../model/types.ts';
import type { BusinessCalendar } from './business-calendar.ts';
import { CalendarError } from './errors.ts';

/**
 * A `TimeLimit` ("48 h", "3 working days") applied to an instant on a calendar.
 *
 * - elapsed seconds/minutes/hours: plain ms.
 * - elapsed days/weeks: calendar days in the calendar's zone, so "1 day" after 10:00 is 10:00
 *   the next day even across a DST change (23 or 25 hours later); a fraction of a day is 24 h × fraction.
 * - working seconds/minutes/hours: open time (`addWorkingTime`).
 * - working days: `addWorkingDays` (same wall-clock time on the N-th working day, clamped).
 * - working weeks: working days × the days with hours in the calendar's ordinary week
 *   (5 for an office, 7 for a salon open every day), so "2 working weeks" means what the
 *   business's own week means. Rejected: 1 working week = 5 working days everywhere — wrong
 *   for the six- and seven-day businesses servflow serves.
 *
 * A negative amount counts the other way.
 */

const UNIT_MS = { seconds: 1_000, minutes: 60_000, hours: 3_600_000 } as const;

function workingDays(cal: BusinessCalendar, limit: TimeLimit, amount: number): number {
  const perUnit = limit.unit === 'weeks' ? cal.workingDaysPerWeek : 1;
  if (perUnit === 0) throw new CalendarError('INVALID_TIME_LIMIT', 'working weeks need a calendar whose ordinary week has opening hours');
  const n = amount * perUnit;
  const rounded = Math.round(n);
  // Tolerate float noise (1.2 weeks × 5 = 6.000000000000001), not real fractions of a day.
  if (Math.abs(n - rounded) > 1e-9) {
    throw new CalendarError('INVALID_TIME_LIMIT', `${limit.amount} working ${limit.unit} is ${n} working days: a working day cannot be split; use working hours`);
  }
  return rounded;
}

function apply(cal: BusinessCalendar, t: number, limit: TimeLimit, sign: 1 | -1): number {
  if (!Number.isFinite(limit.amount)) throw new CalendarError('INVALID_TIME_LIMIT', `time limit amount must be finite, got ${limit.amount}`);
  const amount = limit.amount * sign;
  if (limit.unit === 'days' || limit.unit === 'weeks') {
    if (limit.basis === 'working') return cal.addWorkingDays(t, workingDays(cal, limit, amount));
    return cal.addCalendarDays(t, limit.unit === 'weeks' ? amount * 7 : amount);
  }
  const ms = amount * UNIT_MS[limit.unit];
  return limit.basis === 'working' ? cal.addWorkingTime(t, ms) : t + ms;
}

/** The instant a time limit after `t` ends (an SLA due time, a timer's firing time). */
export function addTimeLimit(calendar: BusinessCalendar, t: number, limit: TimeLimit): number {
  return apply(calendar, t, limit, 1);
}

/** The instant a time limit before `t` starts (a warning point "2 working hours before due"). */
export function subtractTimeLimit(calendar: BusinessCalendar, t: number, limit: TimeLimit): number {
  return apply(calendar, t, limit, -1);
}
