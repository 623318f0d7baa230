import { DAY_MS, weekdayOf } from '../calendar/civil-date.ts';
import { isValidTimeZone, TimeZone } from '../calendar/time-zone.ts';

/**
 * A subset of RFC 5545 recurrence rules, enough for SOP schedules: FREQ (DAILY, WEEKLY,
 * MONTHLY), INTERVAL, BYDAY (plain weekdays), BYMONTHDAY, BYHOUR, BYMINUTE, COUNT, UNTIL.
 * Occurrences are wall-clock times in a time zone (the store's): "9:00" stays 9:00 local
 * across a DST change; a time the clocks skip moves forward by the gap.
 *
 * DTSTART is not part of the rule text: it is the activation time passed as `anchor`. INTERVAL
 * counts days, weeks (starting Monday, WKST=MO) or months from the anchor's; COUNT counts
 * occurrences from the anchor. Without BYHOUR/BYMINUTE an occurrence is at 00:00 (not at the
 * anchor's time of day: an activation made at 14:37 should not make 14:37 the schedule).
 *
 * Rejected: the `rrule` package. It computes in UTC or "floating" time and needs a
 * Luxon-based shim for zones; the subset here is ~150 lines on the calendar module's
 * time-zone code, which already handles DST.
 */

export type Freq = 'DAILY' | 'WEEKLY' | 'MONTHLY';

export interface RRule {
  readonly freq: Freq;
  readonly interval: number;
  /** Weekdays 0 = Sunday … 6 = Saturday. */
  readonly byDay?: readonly number[];
  readonly byMonthDay?: readonly number[];
  readonly byHour: readonly number[];
  readonly byMinute: readonly number[];
  readonly count?: number;
  /** Inclusive end, an instant. */
  readonly until?: number;
}

export class RRuleError extends Error {
  override readonly name = 'RRuleError';
}

const DAYS: Readonly<Record<string, number>> = { SU: 0, MO: 1, TU: 2, WE: 3, TH: 4, FR: 5, SA: 6 };

function ints(key: string, text: string, min: number, max: number): number[] {
  const out = text.split(',').map((p) => {
    if (!/^-?\d+$/.test(p)) throw new RRuleError(`${key}=${text}: "${p}" is not a whole number`);
    const n = Number(p);
    if (n < min || n > max) throw new RRuleError(`${key}=${text}: ${n} is outside ${min}…${max}`);
    return n;
  });
  return [...new Set(out)].sort((a, b) => a - b);
}

function parseUntil(text: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z)?$/.exec(text);
  if (!m) throw new RRuleError(`UNTIL=${text}: write YYYYMMDD or YYYYMMDDTHHMMSSZ`);
  const [, y, mo, d, h, mi, s] = m;
  const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 23), Number(mi ?? 59), Number(s ?? 59));
  if (Number.isNaN(t) || new Date(t).getUTCDate() !== Number(d)) throw new RRuleError(`UNTIL=${text} is not a real date`);
  return t;
}

/** Parses a rule such as `FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=9;BYMINUTE=0`; throws RRuleError saying what is wrong. */
export function parseRRule(text: string): RRule {
  const parts = new Map<string, string>();
  for (const part of text.trim().replace(/^RRULE:/i, '').split(';')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw new RRuleError(`"${part}" is not KEY=VALUE`);
    const key = part.slice(0, eq).toUpperCase();
    if (parts.has(key)) throw new RRuleError(`${key} is given twice`);
    parts.set(key, part.slice(eq + 1).toUpperCase());
  }
  const known = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'BYHOUR', 'BYMINUTE', 'COUNT', 'UNTIL', 'WKST']);
  for (const k of parts.keys()) if (!known.has(k)) throw new RRuleError(`${k} is not supported (supported: ${[...known].join(', ')})`);
  const freq = parts.get('FREQ');
  if (freq !== 'DAILY' && freq !== 'WEEKLY' && freq !== 'MONTHLY') throw new RRuleError(`FREQ must be DAILY, WEEKLY or MONTHLY, not ${freq ?? 'missing'}`);
  if (parts.has('WKST') && parts.get('WKST') !== 'MO') throw new RRuleError('only WKST=MO is supported');
  if (parts.has('COUNT') && parts.has('UNTIL')) throw new RRuleError('COUNT and UNTIL cannot both be given');
  const interval = parts.has('INTERVAL') ? ints('INTERVAL', parts.get('INTERVAL')!, 1, 1000)[0]! : 1;
  const byDay = parts.has('BYDAY')
    ? [...new Set(
        parts
          .get('BYDAY')!
          .split(',')
          .map((d) => {
            const n = DAYS[d];
            if (n === undefined) throw new RRuleError(`BYDAY=${parts.get('BYDAY')}: "${d}" is not a weekday (MO…SU; numbered weekdays such as 1MO are not supported)`);
            return n;
          }),
      )].sort((a, b) => a - b)
    : undefined;
  const byMonthDay = parts.has('BYMONTHDAY') ? ints('BYMONTHDAY', parts.get('BYMONTHDAY')!, 1, 31) : undefined;
  if (byMonthDay !== undefined && freq !== 'MONTHLY') throw new RRuleError('BYMONTHDAY is only supported with FREQ=MONTHLY');
  return {
    freq,
    interval,
    byDay,
    byMonthDay,
    byHour: parts.has('BYHOUR') ? ints('BYHOUR', parts.get('BYHOUR')!, 0, 23) : [0],
    byMinute: parts.has('BYMINUTE') ? ints('BYMINUTE', parts.get('BYMINUTE')!, 0, 59) : [0],
    count: parts.has('COUNT') ? ints('COUNT', parts.get('COUNT')!, 1, 100_000)[0] : undefined,
    until: parts.has('UNTIL') ? parseUntil(parts.get('UNTIL')!) : undefined,
  };
}

/** Day number → [year, month 0-11, day of month]. */
function ymd(day: number): [number, number, number] {
  const d = new Date(day * DAY_MS);
  return [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
}

/** Monday-based week number of a day number (day 4 = 1970-01-05 was a Monday). */
const weekOf = (day: number) => Math.floor((day - 4) / 7);

function dayMatches(rule: RRule, day: number, anchorDay: number): boolean {
  const wd = weekdayOf(day);
  const [y, m, dom] = ymd(day);
  const [ay, am, adom] = ymd(anchorDay);
  switch (rule.freq) {
    case 'DAILY':
      return (day - anchorDay) % rule.interval === 0 && (rule.byDay === undefined || rule.byDay.includes(wd));
    case 'WEEKLY':
      return (weekOf(day) - weekOf(anchorDay)) % rule.interval === 0 && (rule.byDay ?? [weekdayOf(anchorDay)]).includes(wd);
    case 'MONTHLY': {
      if (((y - ay) * 12 + (m - am)) % rule.interval !== 0) return false;
      if (rule.byMonthDay !== undefined) return rule.byMonthDay.includes(dom) && (rule.byDay === undefined || rule.byDay.includes(wd));
      if (rule.byDay !== undefined) return rule.byDay.includes(wd);
      return dom === adom;
    }
  }
}

export interface ExpandOptions {
  /** IANA zone the wall-clock times are in. */
  readonly zone: string;
  /** DTSTART: no occurrence before it; INTERVAL and COUNT count from it. */
  readonly anchor: number;
  /** Occurrences after this instant (exclusive)… */
  readonly after: number;
  /** …up to and including this one. */
  readonly through: number;
  /** Stop after this many (default 10 000). */
  readonly limit?: number;
  /**
   * Keep only occurrences on days this says yes to (civil day number in `zone`, 0 = 1970-01-01):
   * the store's working days. A dropped occurrence still counts towards COUNT, as an EXDATE
   * does in RFC 5545.
   */
  readonly keepDay?: (day: number) => boolean;
}

/** The rule's occurrences in (after, through], in order. */
export function occurrences(rule: RRule, opts: ExpandOptions): number[] {
  if (!isValidTimeZone(opts.zone)) throw new RRuleError(`unknown time zone "${opts.zone}"`);
  const tz = new TimeZone(opts.zone);
  const limit = opts.limit ?? 10_000;
  const anchorDay = Math.floor(tz.toLocal(opts.anchor) / DAY_MS);
  const end = Math.min(opts.through, rule.until ?? Infinity);
  const lastDay = Math.floor(tz.toLocal(end) / DAY_MS) + 1;
  // COUNT counts from the anchor, so we must walk from there; otherwise start near `after`.
  const firstDay = rule.count !== undefined ? anchorDay : Math.max(anchorDay, Math.floor(tz.toLocal(opts.after) / DAY_MS) - 1);
  const out: number[] = [];
  let counted = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    if (!dayMatches(rule, day, anchorDay)) continue;
    const keep = opts.keepDay === undefined || opts.keepDay(day);
    for (const h of rule.byHour) {
      for (const mi of rule.byMinute) {
        const t = tz.toUtc(day * DAY_MS + h * 3_600_000 + mi * 60_000, 'shift');
        if (t < opts.anchor) continue;
        if (t > end) return out;
        counted++;
        if (rule.count !== undefined && counted > rule.count) return out;
        if (keep && t > opts.after) {
          out.push(t);
          if (out.length >= limit) return out;
        }
      }
    }
  }
  return out;
}
