import { z } from 'zod';
import { parseDate, parseTimeOfDay } from './civil-date.ts';
import { isValidTimeZone } from './time-zone.ts';

/**
 * A business calendar as plain JSON-able data: what stores and SOP files carry.
 * `createCalendar(spec)` turns it into a `BusinessCalendar` that does the arithmetic.
 *
 * Which hours apply on a date, first rule that matches:
 *   1. `open[date]`            — extra open date with its own hours (a Sunday sale day)
 *   2. `closed` lists the date — store closed (stocktaking, renovation)
 *   3. `holidays: 'CN'`        — a statutory holiday is closed; an adjusted working day (调休)
 *                                is open with `adjustedDayHours` (default: Monday's hours)
 *   4. `week[weekday]`         — the ordinary week
 */

/** Weekday keys of `week`, Monday first as on a Chinese or European wall calendar. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One opening interval, local wall-clock 'HH:MM' to 'HH:MM' ('24:00' allowed as an end). */
export type OpeningInterval = readonly [start: string, end: string];
/** A day's opening intervals; breaks are the gaps between them; empty = closed all day. */
export type DayHours = readonly OpeningInterval[];

/** Calendar spec as authored; every field is optional (see the defaults below). */
export interface CalendarSpec {
  /** IANA time zone; default 'Asia/Shanghai'. */
  readonly timezone?: string;
  /** Opening hours per weekday; a weekday left out is closed. Default: Mon–Fri 09:00–12:00, 13:00–18:00. */
  readonly week?: Readonly<Partial<Record<Weekday, DayHours>>>;
  /** Public-holiday schedule: 'CN' (China's statutory schedule, from `chinese-days`) or 'none'. Default 'CN'. */
  readonly holidays?: 'CN' | 'none';
  /** Hours on a CN adjusted working day (调休上班); default: Monday's hours. */
  readonly adjustedDayHours?: DayHours;
  /** Extra closed dates 'YYYY-MM-DD' (this store only). */
  readonly closed?: readonly string[];
  /** Extra open dates 'YYYY-MM-DD' with their hours; wins over every other rule. */
  readonly open?: Readonly<Record<string, DayHours>>;
}

/** A spec with every default filled in: what `calendarSpecSchema` produces. */
export interface ResolvedCalendarSpec {
  readonly timezone: string;
  readonly week: Readonly<Record<Weekday, DayHours>>;
  readonly holidays: 'CN' | 'none';
  readonly adjustedDayHours?: DayHours;
  readonly closed: readonly string[];
  readonly open: Readonly<Record<string, DayHours>>;
}

const OFFICE_DAY: DayHours = [
  ['09:00', '12:00'],
  ['13:00', '18:00'],
];

/** The default week: a Chinese office, Monday to Friday, with a lunch break. */
export const DEFAULT_WEEK: Readonly<Record<Weekday, DayHours>> = {
  mon: OFFICE_DAY,
  tue: OFFICE_DAY,
  wed: OFFICE_DAY,
  thu: OFFICE_DAY,
  fri: OFFICE_DAY,
  sat: [],
  sun: [],
};

const ALL_DAY: DayHours = [['00:00', '24:00']];

/** A calendar that never closes (24/7 hotlines, hotels' front desks, plain elapsed time). */
export const ALWAYS_OPEN_SPEC: CalendarSpec = {
  timezone: 'UTC',
  holidays: 'none',
  week: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
};

const timeOfDay = z.string().refine((s) => parseTimeOfDay(s) !== undefined, { message: "expected a time 'HH:MM' (00:00–24:00)" });

const interval = z
  .tuple([timeOfDay, timeOfDay])
  .refine(([s, e]) => (parseTimeOfDay(s) ?? 0) < (parseTimeOfDay(e) ?? 0), { message: 'an opening interval must end after it starts' })
  .readonly();

// Overlaps are rejected rather than merged: in hand-written hours they are almost always a typo.
const dayHours = z
  .array(interval)
  .superRefine((hours, ctx) => {
    const sorted = hours.map(([s, e]) => [parseTimeOfDay(s) ?? 0, parseTimeOfDay(e) ?? 0] as const).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]![0] < sorted[i - 1]![1]) ctx.addIssue({ code: 'custom', message: 'opening intervals of one day overlap' });
    }
  })
  .readonly();

const date = z.string().refine((s) => parseDate(s) !== undefined, { message: "expected a date 'YYYY-MM-DD'" });

const week = z.strictObject({
  mon: dayHours.default([]),
  tue: dayHours.default([]),
  wed: dayHours.default([]),
  thu: dayHours.default([]),
  fri: dayHours.default([]),
  sat: dayHours.default([]),
  sun: dayHours.default([]),
});

/** Validates a calendar spec (from a store row or an SOP file) and fills in the defaults. */
export const calendarSpecSchema = z
  .strictObject({
    timezone: z
      .string()
      .refine(isValidTimeZone, { message: 'unknown IANA time zone' })
      .default('Asia/Shanghai'),
    week: week.default(DEFAULT_WEEK),
    holidays: z.enum(['CN', 'none']).default('CN'),
    adjustedDayHours: dayHours.optional(),
    closed: z.array(date).readonly().default([]),
    open: z.record(date, dayHours).default({}),
  })
  .superRefine((spec, ctx) => {
    for (const d of spec.closed) {
      if (d in spec.open) ctx.addIssue({ code: 'custom', path: ['closed'], message: `${d} is listed both as closed and as open` });
    }
  });

// Compile-time check that the schema's output is the resolved spec and its input the authored one.
type Assert<T extends true> = T;
type _SchemaMatches = Assert<z.output<typeof calendarSpecSchema> extends ResolvedCalendarSpec ? true : false>;
type _InputMatches = Assert<CalendarSpec extends z.input<typeof calendarSpecSchema> ? true : false>;
