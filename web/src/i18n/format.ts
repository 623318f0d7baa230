import type { Locale } from './locale.ts';

/**
 * Dates, numbers and durations in the reader's language. Times are shown in the time zone of
 * the store the work belongs to (a task in the Ürümqi branch shows Ürümqi's clock, whoever
 * reads it), so every date formatter takes the zone explicitly instead of using the browser's.
 */

const cache = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: Locale, timeZone: string | undefined, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone ?? ''}|${JSON.stringify(opts)}`;
  let f = cache.get(key);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat(locale, { ...opts, ...(timeZone ? { timeZone } : {}) });
    } catch {
      // An unknown zone name in the data must not break the page: fall back to the browser's zone.
      f = new Intl.DateTimeFormat(locale, opts);
    }
    cache.set(key, f);
  }
  return f;
}

const DATE_TIME: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
const DATE: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' };
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/** Date and time of an instant (ms or ISO string) in a time zone, in the reader's language. */
export function formatDateTime(at: number | string | undefined | null, locale: Locale, timeZone?: string): string {
  if (at === undefined || at === null) return '';
  const t = typeof at === 'number' ? at : Date.parse(at);
  if (Number.isNaN(t)) return '';
  return dateFormat(locale, timeZone, DATE_TIME).format(t);
}

/** The calendar date of an instant in a time zone. */
export function formatDate(at: number | string | undefined | null, locale: Locale, timeZone?: string): string {
  if (at === undefined || at === null) return '';
  const t = typeof at === 'number' ? at : Date.parse(at);
  if (Number.isNaN(t)) return '';
  return dateFormat(locale, timeZone, DATE).format(t);
}

/** The clock time of an instant in a time zone. */
export function formatTime(at: number | string, locale: Locale, timeZone?: string): string {
  const t = typeof at === 'number' ? at : Date.parse(at);
  return dateFormat(locale, timeZone, TIME).format(t);
}

const numberCache = new Map<string, Intl.NumberFormat>();

/** A number with the reader's digit grouping (12,345.6). */
export function formatNumber(n: number, locale: Locale, opts: Intl.NumberFormatOptions = {}): string {
  const key = `${locale}|${JSON.stringify(opts)}`;
  let f = numberCache.get(key);
  if (f === undefined) {
    f = new Intl.NumberFormat(locale, opts);
    numberCache.set(key, f);
  }
  return f.format(n);
}

/** A share (0.934) as a percentage in the reader's format (93.4%). */
export function formatPercent(share: number, locale: Locale): string {
  return formatNumber(share, locale, { style: 'percent', maximumFractionDigits: 1 });
}

/** Money in yuan. */
export function formatMoney(amount: number, locale: Locale): string {
  return formatNumber(amount, locale, { style: 'currency', currency: 'CNY' });
}

/** Units for `formatDuration`, taken from the message catalogue so both languages stay complete. */
export interface DurationUnits {
  readonly d: string;
  readonly h: string;
  readonly m: string;
  readonly s: string;
}

/**
 * A length of time in at most two units ("2 h 05 min", "3 天 4 小时"). Rejected: Intl.DurationFormat,
 * which is not yet in every browser the staff carry (older Android WebViews).
 */
export function formatDuration(ms: number, units: DurationUnits): string {
  const abs = Math.abs(ms);
  const s = Math.floor(abs / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return h > 0 ? `${d}${units.d} ${h}${units.h}` : `${d}${units.d}`;
  if (h > 0) return m > 0 ? `${h}${units.h} ${m}${units.m}` : `${h}${units.h}`;
  if (m > 0) return m < 10 && sec > 0 ? `${m}${units.m} ${sec}${units.s}` : `${m}${units.m}`;
  return `${sec}${units.s}`;
}
