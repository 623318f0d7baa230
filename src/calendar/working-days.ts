import type { Day, DayCache } from './day-cache.ts';
import { nextDay, previousDay } from './day-walk.ts';
import { CalendarError } from './errors.ts';
import { nextOpenAt, previousOpenOrEnd } from './working-time.ts';

/**
 * "N working days" — the rule, in the words the business uses:
 *
 *   1. If the start is not open, move it to the next opening instant (a request at 20:00 on
 *      Friday counts from Monday 09:00; one in the lunch break from 13:00).
 *   2. The deadline is the same wall-clock time of day on the N-th following working day
 *      (a day with any opening hours; holidays and closed store days are skipped, CN adjusted
 *      working days 调休 count).
 *   3. Clamped into that day's hours: if the day closes before that time, its closing time;
 *      if it opens after it, its opening time; if the time falls in a break, the end of the
 *      interval before the break (the deadline never moves later than the wall-clock time,
 *      except to the day's first opening).
 *   4. 0 working days = the normalised start.
 *
 * Subtracting (a warning "1 working day before the due time") mirrors it: a start that is not
 * open and not an interval's end moves back to the latest closing; then the same wall-clock
 * time on the N-th preceding working day, clamped by the same rule 3.
 *
 * Rejected: N × (open hours per day) of working time — a request at 17:30 due "in 1 working
 * day" would then be due at 17:30 only when every day is as long as the first; businesses
 * promise "same time tomorrow", so the wall-clock time is what is kept.
 */

function checkDays(n: number): void {
  if (!Number.isInteger(n)) throw new CalendarError('INVALID_TIME_LIMIT', `working days must be a whole number, got ${n}`);
}

/** Rule 3: `x` moved into day `d`'s opening hours (d has some). */
function clampIntoDay(d: Day, x: number): number {
  const o = d.open;
  let best = o[0]!;
  for (let i = 0; i < o.length; i += 2) {
    if (x < o[i]!) break;
    if (x <= o[i + 1]!) return x;
    best = o[i + 1]!;
  }
  return best;
}

/** `t` plus `n` working days (negative `n` subtracts). */
export function addDays(c: DayCache, t: number, n: number): number {
  checkDays(n);
  if (n < 0) return subtractDays(c, t, -n);
  const start = nextOpenAt(c, t);
  if (n === 0) return start;
  let d = c.dayAt(start);
  const wall = c.wallTime(d, start);
  for (let k = n; k > 0; ) {
    d = nextDay(c, d);
    if (d.open.length > 0) k--;
  }
  return clampIntoDay(d, c.atWallTime(d, wall));
}

/** `t` minus `n` working days (negative `n` adds). */
export function subtractDays(c: DayCache, t: number, n: number): number {
  checkDays(n);
  if (n < 0) return addDays(c, t, -n);
  const end = previousOpenOrEnd(c, t);
  if (n === 0) return end.at;
  let d = end.day;
  const wall = c.wallTime(d, end.at);
  for (let k = n; k > 0; ) {
    d = previousDay(c, d);
    if (d.open.length > 0) k--;
  }
  return clampIntoDay(d, c.atWallTime(d, wall));
}
