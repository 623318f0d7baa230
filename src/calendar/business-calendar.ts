import { chinaHolidayDataCovers } from './china-holidays.ts';
import { DAY_MS, formatDate } from './civil-date.ts';
import { DayCache } from './day-cache.ts';
import { compileDayRules } from './day-rules.ts';
import { CalendarError } from './errors.ts';
import { calendarSpecSchema, type CalendarSpec, type ResolvedCalendarSpec } from './spec.ts';
import { TimeZone } from './time-zone.ts';
import { addDays, subtractDays } from './working-days.ts';
import {
  addOpenTime,
  isOpenAt,
  nextOpenAt,
  openIntervalsIn,
  openTimeBetween,
  subtractOpenTime,
  type OpenInterval,
} from './working-time.ts';

/**
 * A business calendar: opening hours in a time zone, with holidays, and the time arithmetic
 * SLAs and timers need. All instants are epoch ms (UTC); nothing here reads the clock.
 * Opening intervals are half-open: open at 09:00:00.000, closed at 18:00:00.000.
 */
export interface BusinessCalendar {
  /** The spec, defaults filled in. */
  readonly spec: ResolvedCalendarSpec;
  /** IANA time zone of the opening hours. */
  readonly timezone: string;
  /** Days with opening hours in an ordinary week: the length of one "working week". */
  readonly workingDaysPerWeek: number;
  /** True when open at `t`. */
  isOpen(t: number): boolean;
  /** `t` itself if open, else the next opening instant. */
  nextOpen(t: number): number;
  /** `t` plus `ms` of open time: the earliest instant by which that much open time has passed. */
  addWorkingTime(t: number, ms: number): number;
  /** `t` minus `ms` of open time: for warning points "2 working hours before the due time". */
  subtractWorkingTime(t: number, ms: number): number;
  /** `t` plus `n` working days (same wall-clock time, clamped into that day's hours; see working-days.ts). */
  addWorkingDays(t: number, n: number): number;
  /** `t` minus `n` working days (the mirror of addWorkingDays). */
  subtractWorkingDays(t: number, n: number): number;
  /** Open ms between `a` and `b` (0 when b ≤ a): SLA pauses and KPIs. */
  workingTimeBetween(a: number, b: number): number;
  /** Open intervals within [fromMs, toMs), clipped, merged across midnight: the simulator's shifts. */
  openIntervals(fromMs: number, toMs: number): readonly OpenInterval[];
  /** `t` plus `n` calendar days in the calendar's zone, keeping the wall-clock time across DST (n may be fractional or negative). */
  addCalendarDays(t: number, n: number): number;
  /** The local date 'YYYY-MM-DD' of `t` in the calendar's zone. */
  localDate(t: number): string;
  /** False when the calendar follows a holiday schedule ('CN') whose data does not cover the year of `t` (that year is treated as ordinary weeks). */
  holidayDataCovers(t: number): boolean;
}

class Calendar implements BusinessCalendar {
  readonly timezone: string;
  readonly workingDaysPerWeek: number;
  private readonly days: DayCache;

  constructor(readonly spec: ResolvedCalendarSpec) {
    this.timezone = spec.timezone;
    const rules = compileDayRules(spec);
    this.workingDaysPerWeek = rules.workingDaysPerWeek;
    this.days = new DayCache(new TimeZone(spec.timezone), rules);
  }

  isOpen(t: number): boolean {
    return isOpenAt(this.days, t);
  }
  nextOpen(t: number): number {
    return nextOpenAt(this.days, t);
  }
  addWorkingTime(t: number, ms: number): number {
    return addOpenTime(this.days, t, ms);
  }
  subtractWorkingTime(t: number, ms: number): number {
    return subtractOpenTime(this.days, t, ms);
  }
  addWorkingDays(t: number, n: number): number {
    return addDays(this.days, t, n);
  }
  subtractWorkingDays(t: number, n: number): number {
    return subtractDays(this.days, t, n);
  }
  workingTimeBetween(a: number, b: number): number {
    return openTimeBetween(this.days, a, b);
  }
  openIntervals(fromMs: number, toMs: number): readonly OpenInterval[] {
    return openIntervalsIn(this.days, fromMs, toMs);
  }
  addCalendarDays(t: number, n: number): number {
    if (!Number.isFinite(n) || !Number.isFinite(t)) throw new CalendarError('INVALID_TIME_LIMIT', `calendar days must be finite, got ${n} from ${t}`);
    const whole = Math.trunc(n);
    const c = this.days;
    const d = c.dayAt(t);
    // A fraction of a day is plain elapsed time (½ day = 12 h), added after the whole days.
    return c.atWallTime(c.day(d.index + whole), c.wallTime(d, t)) + (n - whole) * DAY_MS;
  }
  localDate(t: number): string {
    return formatDate(this.days.dayAt(t).index);
  }
  holidayDataCovers(t: number): boolean {
    if (this.spec.holidays === 'none') return true;
    return chinaHolidayDataCovers(Number(this.localDate(t).slice(0, 4)));
  }
}

/** Builds a calendar from a spec; validates it first (throws CalendarError INVALID_CALENDAR_SPEC). */
export function createCalendar(spec: CalendarSpec = {}): BusinessCalendar {
  const parsed = calendarSpecSchema.safeParse(spec);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(spec)'}: ${i.message}`);
    throw new CalendarError('INVALID_CALENDAR_SPEC', `invalid calendar spec: ${issues.join('; ')}`, issues);
  }
  return new Calendar(parsed.data);
}
