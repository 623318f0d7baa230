/**
 * Business calendars: opening hours in a time zone, China's statutory holidays, and the SLA
 * time arithmetic on them (working time, working days, time limits). Pure: instants in, instants out.
 */
export { createCalendar, type BusinessCalendar } from './business-calendar.ts';
export { addTimeLimit, subtractTimeLimit } from './time-limit.ts';
export { calendarClock, type TimeLimitClock } from './clock.ts';
export type { OpenInterval } from './working-time.ts';
export {
  calendarSpecSchema,
  DEFAULT_WEEK,
  ALWAYS_OPEN_SPEC,
  WEEKDAYS,
  type CalendarSpec,
  type ResolvedCalendarSpec,
  type DayHours,
  type OpeningInterval,
  type Weekday,
} from './spec.ts';
export { CHINA_HOLIDAY_YEARS, chinaHolidayDataCovers } from './china-holidays.ts';
export { CalendarError, type CalendarErrorCode } from './errors.ts';
