import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { parseDate } from './civil-date.ts';

/**
 * China's statutory holiday schedule, read from the `chinese-days` package's published JSON
 * (`dist/chinese-days.json`, the file its README offers for direct use).
 *
 * Rejected: a hand-typed list (goes stale and nobody re-checks it against the State Council
 * notice), and calling the package's `isWorkday()` per day (it parses dates through its own
 * dayjs wrapper on every call, and cannot say which years its data covers).
 *
 * Coverage: chinese-days 1.5.7 holds the years 2004–2026 (`CHINA_HOLIDAY_YEARS`). The State
 * Council publishes the next year's schedule each November; until the package is updated, a
 * date in an uncovered year is treated as an ordinary week (no holidays, no adjusted days).
 * Ask `chinaHolidayDataCovers(year)` or `BusinessCalendar.holidayDataCovers(t)` to know.
 */

/** What China's schedule says about a civil day. */
export type ChinaDayStatus = 'holiday' | 'adjustedWorkday';

const status = new Map<number, ChinaDayStatus>();
const years = new Set<number>();

function load(dates: Record<string, string>, s: ChinaDayStatus): void {
  for (const d of Object.keys(dates)) {
    const day = parseDate(d);
    if (day === undefined) continue;
    status.set(day, s);
    years.add(Number(d.slice(0, 4)));
  }
}
load(data.holidays, 'holiday');
// Adjusted working days second: a date in both lists (none today) is a working day, as in the package's isWorkday().
load(data.workdays, 'adjustedWorkday');

/** The years for which the holiday data holds China's published schedule, ascending. */
export const CHINA_HOLIDAY_YEARS: readonly number[] = [...years].sort((a, b) => a - b);

/** Day numbers of every adjusted working day in the data, ascending. */
export const CHINA_ADJUSTED_WORKDAYS: readonly number[] = [...status].filter(([, s]) => s === 'adjustedWorkday').map(([d]) => d).sort((a, b) => a - b);

/** True when chinese-days holds the statutory schedule of `year`. */
export function chinaHolidayDataCovers(year: number): boolean {
  return years.has(year);
}

/** Statutory holiday or adjusted working day (调休上班) on day number `day`; undefined for an ordinary day. */
export function chinaDayStatus(day: number): ChinaDayStatus | undefined {
  return status.get(day);
}
