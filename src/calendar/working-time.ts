import type { Day, DayCache } from './day-cache.ts';
import { nextDay, previousDay } from './day-walk.ts';
import { CalendarError } from './errors.ts';

/**
 * Open-time arithmetic over a calendar's cached days. Intervals are half-open [start, end):
 * the closing instant itself is closed, so a request at 18:00 sharp waits for the next opening.
 *
 * Results of adding are the EARLIEST instant at which enough open time has passed: 1 working
 * hour from 11:00 before a 12:00 lunch break is 12:00 (not 13:00). So every result of adding
 * ms > 0 is an open instant or an interval's end, and adding 0 returns `t` unchanged — which
 * keeps an SLA due time where it was when a pause covered no open time.
 */

/** One open stretch of time, UTC ms, half-open [start, end). */
export interface OpenInterval {
  readonly start: number;
  readonly end: number;
}

function checkFinite(what: string, x: number): void {
  if (!Number.isFinite(x)) throw new CalendarError('INVALID_TIME_LIMIT', `${what} must be a finite number of ms, got ${x}`);
}

/** True when the calendar is open at `t`. */
export function isOpenAt(c: DayCache, t: number): boolean {
  const o = c.dayAt(t).open;
  for (let i = 0; i < o.length; i += 2) {
    if (t < o[i]!) return false;
    if (t < o[i + 1]!) return true;
  }
  return false;
}

/** `t` if open, else the next opening instant. */
export function nextOpenAt(c: DayCache, t: number): number {
  checkFinite('t', t);
  let d = c.dayAt(t);
  for (;;) {
    const o = d.open;
    for (let i = 0; i < o.length; i += 2) {
      if (t < o[i + 1]!) return t >= o[i]! ? t : o[i]!;
    }
    d = nextDay(c, d);
  }
}

/** `t` plus `ms` of open time (negative `ms` subtracts). */
export function addOpenTime(c: DayCache, t: number, ms: number): number {
  checkFinite('t', t);
  checkFinite('ms', ms);
  if (ms === 0) return t;
  if (ms < 0) return subtractOpenTime(c, t, -ms);
  let d = c.dayAt(t);
  let cur = t;
  let left = ms;
  for (;;) {
    if (cur === d.start && left > d.openMs) {
      left -= d.openMs; // a whole day passes: skip its intervals
    } else {
      const o = d.open;
      for (let i = 0; i < o.length; i += 2) {
        const e = o[i + 1]!;
        if (e <= cur) continue;
        const s = o[i]! > cur ? o[i]! : cur;
        if (left <= e - s) return s + left;
        left -= e - s;
      }
    }
    d = nextDay(c, d);
    cur = d.start;
  }
}

/** `t` minus `ms` of open time: the latest instant from which `ms` of open time reaches `t`. */
export function subtractOpenTime(c: DayCache, t: number, ms: number): number {
  checkFinite('t', t);
  checkFinite('ms', ms);
  if (ms === 0) return t;
  if (ms < 0) return addOpenTime(c, t, -ms);
  let d = c.dayAt(t);
  let cur = t;
  let left = ms;
  for (;;) {
    if (cur === d.end && left > d.openMs) {
      left -= d.openMs;
    } else {
      const o = d.open;
      for (let i = o.length - 2; i >= 0; i -= 2) {
        const s = o[i]!;
        if (s >= cur) continue;
        const e = o[i + 1]! < cur ? o[i + 1]! : cur;
        if (left <= e - s) return e - left;
        left -= e - s;
      }
    }
    d = previousDay(c, d);
    cur = d.end;
  }
}

/** Open ms in [a, b); 0 when b ≤ a. */
export function openTimeBetween(c: DayCache, a: number, b: number): number {
  checkFinite('a', a);
  checkFinite('b', b);
  if (!(b > a)) return 0;
  let d = c.dayAt(a);
  let total = 0;
  for (;;) {
    if (a <= d.start && d.end <= b) total += d.openMs;
    else {
      const o = d.open;
      for (let i = 0; i < o.length; i += 2) {
        const lo = o[i]! > a ? o[i]! : a;
        const hi = o[i + 1]! < b ? o[i + 1]! : b;
        if (hi > lo) total += hi - lo;
      }
    }
    if (d.end >= b) return total;
    d = c.day(d.index + 1);
  }
}

/** The open intervals within [from, to), clipped to it; touching intervals (across midnight) merged. */
export function openIntervalsIn(c: DayCache, from: number, to: number): OpenInterval[] {
  checkFinite('from', from);
  checkFinite('to', to);
  const out: { start: number; end: number }[] = [];
  if (!(to > from)) return out;
  let d = c.dayAt(from);
  for (;;) {
    const o = d.open;
    for (let i = 0; i < o.length; i += 2) {
      const lo = o[i]! > from ? o[i]! : from;
      const hi = o[i + 1]! < to ? o[i + 1]! : to;
      if (hi <= lo) continue;
      const prev = out[out.length - 1];
      if (prev !== undefined && prev.end === lo) prev.end = hi;
      else out.push({ start: lo, end: hi });
    }
    if (d.end >= to) return out;
    d = c.day(d.index + 1);
  }
}

/** The latest instant ≤ t that is open or an interval's end, with the day it belongs to. */
export function previousOpenOrEnd(c: DayCache, t: number): { readonly at: number; readonly day: Day } {
  checkFinite('t', t);
  let d = c.dayAt(t);
  for (;;) {
    const o = d.open;
    for (let i = o.length - 2; i >= 0; i -= 2) {
      if (o[i]! <= t) return { at: t < o[i + 1]! ? t : o[i + 1]!, day: d };
    }
    d = previousDay(c, d);
  }
}
