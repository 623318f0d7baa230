import { DAY_MS } from './civil-date.ts';

/**
 * Wall-clock time in an IANA zone, computed with `Intl` only.
 *
 * Rejected: a tz library (Luxon, date-fns-tz) — `Intl` already carries the tz database in Node,
 * and this module needs just two operations: the UTC offset at an instant, and the instant of a
 * local wall-clock time. `Intl.DateTimeFormat` construction is expensive (tens of µs), so one
 * formatter per zone is cached for the life of the process; and callers (the day cache) ask
 * for each civil day once, so Intl stays off the hot paths.
 *
 * A local time is written as "local ms": the wall-clock fields read as if they were UTC
 * (`Date.UTC(y, m, d, h, mi)`), so that `utc = local - offset`.
 */

/** How to place a wall-clock time that does not exist (the hour skipped when DST starts). */
export type GapPolicy =
  /** Like Temporal's 'compatible': move forward by the gap (02:30 → 03:30 on a spring-forward night). */
  | 'shift'
  /** The instant the clocks jump (02:30 → 03:00): for opening-hour boundaries, so a range inside the gap is empty. */
  | 'transition';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True when `zone` is an IANA time-zone name this runtime knows. */
export function isValidTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** A time zone's offset arithmetic (offsets in ms, positive east of Greenwich). */
export class TimeZone {
  private readonly fmt: Intl.DateTimeFormat;

  constructor(readonly name: string) {
    this.fmt = formatter(name);
  }

  /** UTC offset in ms at instant `t` (local = t + offset). */
  offsetAt(t: number): number {
    // Intl has whole-second resolution; offsets are whole seconds too (even historical LMT ones).
    const whole = Math.floor(t / 1000) * 1000;
    let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    for (const p of this.fmt.formatToParts(whole)) {
      switch (p.type) {
        case 'year': y = Number(p.value); break;
        case 'month': mo = Number(p.value); break;
        case 'day': d = Number(p.value); break;
        case 'hour': h = Number(p.value); break;
        case 'minute': mi = Number(p.value); break;
        case 'second': s = Number(p.value); break;
        default: break;
      }
    }
    return Date.UTC(y, mo - 1, d, h, mi, s) - whole;
  }

  /** Local ms (wall clock read as UTC) of instant `t`. */
  toLocal(t: number): number {
    return t + this.offsetAt(t);
  }

  /**
   * The instant of local time `local`. An ambiguous time (the repeated hour when DST ends)
   * gives its earlier instant; a skipped time follows `gap`.
   * Assumes at most one offset change within a day either side, true of every zone in use.
   */
  toUtc(local: number, gap: GapPolicy): number {
    const before = this.offsetAt(local - DAY_MS);
    const after = this.offsetAt(local + DAY_MS);
    if (before === after) return local - before;
    const t1 = local - before;
    const t2 = local - after;
    const ok1 = this.offsetAt(t1) === before;
    const ok2 = this.offsetAt(t2) === after;
    if (ok1 && ok2) return Math.min(t1, t2);
    if (ok1) return t1;
    if (ok2) return t2;
    if (gap === 'shift') return t1;
    // Skipped time: find the transition between t2 (old offset) and t1 (new offset), to the second.
    let lo = Math.floor(Math.min(t1, t2) / 1000);
    let hi = Math.ceil(Math.max(t1, t2) / 1000);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.offsetAt(mid * 1000) === after) hi = mid;
      else lo = mid;
    }
    return hi * 1000;
  }
}
