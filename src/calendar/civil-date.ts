/**
 * Civil (wall-calendar) dates as day numbers: day 0 is 1970-01-01 of the local calendar.
 * A day number says nothing about a time zone; `time-zone.ts` maps it to instants.
 * Day numbers instead of `Date` objects so the hot paths compare integers and key maps by them.
 */

/** Milliseconds in a civil day (a local day can be 23 or 25 hours long; this is the nominal one). */
export const DAY_MS = 86_400_000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

/** The day number of a 'YYYY-MM-DD' date, or undefined when the text is not a real date. */
export function parseDate(text: string): number | undefined {
  const m = DATE_RE.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC rolls 2025-02-30 over to March: a real date survives the round trip.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return ms / DAY_MS;
}

/** 'YYYY-MM-DD' of a day number. */
export function formatDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Weekday of a day number: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Minutes after midnight of an 'HH:MM' time ('24:00' = 1440), or undefined when malformed. */
export function parseTimeOfDay(text: string): number | undefined {
  const m = TIME_RE.exec(text);
  if (!m) return undefined;
  if (m[1] === undefined) return 1440;
  return Number(m[1]) * 60 + Number(m[2]);
}
