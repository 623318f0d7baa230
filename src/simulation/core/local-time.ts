const HOUR = 3_600_000;

const DAY = 86_400_000;

/**
 * Local hour-of-week in a time zone, for arrival profiles. Intl is slow (~20 µs a lookup), so
 * offsets are cached per UTC day: when the offset at a day's start equals the one at its end,
 * the whole day has it (a zone changes its offset at most twice a year, never twice in a day);
 * only the day of a DST switch is looked up hour by hour.
 */
export class LocalClock {
  private readonly fmt: Intl.DateTimeFormat;
  private readonly cache = new Map<number, number>();
  private readonly days = new Map<number, number | null>();

  constructor(readonly timezone: string) {
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** UTC offset in ms at instant t. */
  offsetAt(t: number): number {
    const day = Math.floor(t / DAY);
    let whole = this.days.get(day);
    if (whole === undefined) {
      const a = this.hourOffset(day * 24);
      whole = a === this.hourOffset(day * 24 + 24) ? a : null;
      this.days.set(day, whole);
    }
    return whole ?? this.hourOffset(Math.floor(t / HOUR));
  }

  private hourOffset(key: number): number {
    let off = this.cache.get(key);
    if (off === undefined) {
      const whole = key * HOUR;
      const p: Record<string, number> = {};
      for (const part of this.fmt.formatToParts(whole)) if (part.type !== 'literal') p[part.type] = Number(part.value);
      off = Date.UTC(p['year']!, p['month']! - 1, p['day']!, p['hour']!, p['minute']!, p['second']!) - whole;
      // Only day boundaries and DST days are asked for: the cache stays small.
      this.cache.set(key, off);
    }
    return off;
  }

  /** Weekday (0 = Monday) and hour (0–23) of instant t, and the instant the local hour ends. */
  hourAt(t: number): { readonly weekday: number; readonly hour: number; readonly hourEnds: number } {
    const local = t + this.offsetAt(t);
    const day = Math.floor(local / 86_400_000);
    const hour = Math.floor((local - day * 86_400_000) / HOUR);
    // 1970-01-01 was a Thursday (index 3 with Monday = 0).
    const weekday = (((day + 3) % 7) + 7) % 7;
    const hourEnds = t + (HOUR - (((local % HOUR) + HOUR) % HOUR));
    return { weekday, hour, hourEnds };
  }
}
