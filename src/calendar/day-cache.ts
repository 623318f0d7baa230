import { DAY_MS } from './civil-date.ts';
import type { DayRules } from './day-rules.ts';
import type { TimeZone } from './time-zone.ts';

/**
 * Each civil day of a calendar resolved once to UTC instants and kept: the simulator asks
 * millions of questions about the same few hundred days, so every later question is a Map hit
 * (or, most often, the same day as the previous question) plus a scan of two or three numbers.
 *
 * Rejected: evicting old days (an LRU) — a day is ~100 bytes, a century is 36,525 of them, and
 * eviction would cost time on exactly the paths that must be fast.
 */
export interface Day {
  /** Civil day number (0 = 1970-01-01 local). */
  readonly index: number;
  /** UTC ms of the day's local midnight. */
  readonly start: number;
  /** UTC ms of the next local midnight (23 or 25 hours later on a DST day). */
  readonly end: number;
  /** Opening intervals as UTC ms, flat `[s0, e0, s1, e1, …]`, sorted, disjoint, within [start, end]. */
  readonly open: readonly number[];
  /** Total open ms of the day. */
  readonly openMs: number;
}

/** Days of one calendar, built on demand and cached. */
export class DayCache {
  private readonly days = new Map<number, Day>();
  private last: Day | undefined;

  constructor(
    readonly zone: TimeZone,
    readonly rules: DayRules,
  ) {}

  /** The day with number `index`. */
  day(index: number): Day {
    let d = this.days.get(index);
    if (!d) {
      d = this.build(index);
      this.days.set(index, d);
    }
    return d;
  }

  /** The day containing instant `t` (local midnight ≤ t < next local midnight). */
  dayAt(t: number): Day {
    const last = this.last;
    if (last !== undefined && t >= last.start && t < last.end) return last;
    // Guess with the offset of the last day seen (or the zone's, the first time); off by one at most.
    const offset = last !== undefined ? last.index * DAY_MS - last.start : this.zone.offsetAt(t);
    let d = this.day(Math.floor((t + offset) / DAY_MS));
    while (t < d.start) d = this.day(d.index - 1);
    while (t >= d.end) d = this.day(d.index + 1);
    this.last = d;
    return d;
  }

  /** Local wall-clock ms since midnight of instant `t` within day `d` (may be 24 h for `d.end`). */
  wallTime(d: Day, t: number): number {
    if (d.end - d.start === DAY_MS) return t - d.start;
    return this.zone.toLocal(t) - d.index * DAY_MS;
  }

  /** The instant of wall-clock time `wall` on day `d`; a skipped time moves forward by the gap. */
  atWallTime(d: Day, wall: number): number {
    if (d.end - d.start === DAY_MS) return d.start + wall;
    return this.zone.toUtc(d.index * DAY_MS + wall, 'shift');
  }

  private build(index: number): Day {
    const local0 = index * DAY_MS;
    const zone = this.zone;
    // One offset either side of the day: equal means no DST change, so every boundary is
    // local - offset without further Intl calls (the common case, and the only one in China).
    const before = zone.offsetAt(local0 - DAY_MS);
    const after = zone.offsetAt(local0 + 2 * DAY_MS);
    const toUtc = before === after ? (local: number) => local - before : (local: number) => zone.toUtc(local, 'transition');
    const start = toUtc(local0);
    const end = toUtc(local0 + DAY_MS);
    const hours = this.rules.hoursOf(index);
    const open: number[] = [];
    let openMs = 0;
    for (let i = 0; i < hours.length; i += 2) {
      const s = Math.max(start, toUtc(local0 + hours[i]! * 60_000));
      const e = Math.min(end, toUtc(local0 + hours[i + 1]! * 60_000));
      // An interval inside the skipped hour is empty; after the repeated hour, one may touch the previous.
      if (e <= s) continue;
      const prevEnd = open.length > 0 ? open[open.length - 1]! : -Infinity;
      if (s <= prevEnd) {
        if (e > prevEnd) {
          openMs += e - prevEnd;
          open[open.length - 1] = e;
        }
        continue;
      }
      open.push(s, e);
      openMs += e - s;
    }
    return { index, start, end, open, openMs };
  }
}
