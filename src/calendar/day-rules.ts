import { CHINA_ADJUSTED_WORKDAYS, chinaDayStatus } from './china-holidays.ts';
import { parseDate, parseTimeOfDay, weekdayOf } from './civil-date.ts';
import { WEEKDAYS, type DayHours, type ResolvedCalendarSpec } from './spec.ts';

/**
 * The local opening hours of each civil day, from a resolved spec (no time zone involved yet).
 * Hours are flat minute pairs `[s0, e0, s1, e1, …]`, sorted, e.g. [540, 720, 780, 1080].
 */
export interface DayRules {
  /** Opening minutes of day number `day`. */
  hoursOf(day: number): readonly number[];
  /**
   * Day numbers outside which the calendar is never open, or undefined when the ordinary week
   * has hours (then open time never runs out). Lets searches fail fast instead of scanning forever.
   */
  readonly openSpan: { readonly first: number; readonly last: number } | undefined;
  /** Working days in an ordinary week (how many days a "working week" is). */
  readonly workingDaysPerWeek: number;
}

function minutes(hours: DayHours): readonly number[] {
  const pairs = hours.map(([s, e]) => [parseTimeOfDay(s) ?? 0, parseTimeOfDay(e) ?? 0] as const).sort((a, b) => a[0] - b[0]);
  const flat: number[] = [];
  for (const [s, e] of pairs) {
    // Touching intervals ('09:00–12:00', '12:00–18:00') merge, so a break is always a real gap.
    if (flat.length > 0 && flat[flat.length - 1] === s) flat[flat.length - 1] = e;
    else flat.push(s, e);
  }
  return flat;
}

const CLOSED: readonly number[] = [];

/** Compiles a resolved spec's precedence rules (open > closed > CN schedule > week) into a lookup. */
export function compileDayRules(spec: ResolvedCalendarSpec): DayRules {
  // Sunday first, to index by weekdayOf() (0 = Sunday).
  const week = [spec.week.sun, ...WEEKDAYS.slice(0, 6).map((d) => spec.week[d])].map(minutes);
  const adjusted = minutes(spec.adjustedDayHours ?? spec.week.mon);
  const open = new Map<number, readonly number[]>();
  for (const [d, h] of Object.entries(spec.open)) open.set(parseDate(d)!, minutes(h));
  const closed = new Set(spec.closed.map((d) => parseDate(d)!));
  const cn = spec.holidays === 'CN';

  const hoursOf = (day: number): readonly number[] => {
    const extra = open.get(day);
    if (extra) return extra;
    if (closed.has(day)) return CLOSED;
    if (cn) {
      const s = chinaDayStatus(day);
      if (s === 'holiday') return CLOSED;
      if (s === 'adjustedWorkday') return adjusted;
    }
    return week[weekdayOf(day)]!;
  };

  const workingDaysPerWeek = week.filter((h) => h.length > 0).length;
  let openSpan: DayRules['openSpan'];
  if (workingDaysPerWeek === 0) {
    // Only listed dates (and, with CN, adjusted working days) can be open: a finite set of days.
    const candidates = [...open].filter(([, h]) => h.length > 0).map(([d]) => d);
    if (cn && adjusted.length > 0) candidates.push(...CHINA_ADJUSTED_WORKDAYS.filter((d) => !closed.has(d) && !open.has(d)));
    openSpan = candidates.length === 0 ? { first: 0, last: -1 } : { first: Math.min(...candidates), last: Math.max(...candidates) };
  }
  return { hoursOf, openSpan, workingDaysPerWeek };
}
