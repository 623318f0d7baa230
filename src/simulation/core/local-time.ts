const HOUR = 3_600_000;

/**
 * Local hour-of-week in a time zone, for arrival profiles. The UTC offset is looked up with
 * Intl once per UTC hour and cached (offsets change at most at a DST switch, on an hour or
 * half-hour), so the cost per arrival is a Map lookup.
 */
export class LocalClock {
  private readonly fmt: Intl.DateTimeFormat;
  private readonly cache = new Map<number, number>();

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
    const key = Math.floor(t / HOUR);
    let off = this.cache.get(key);
    if (off === undefined) {
      const whole = key * HOUR;
      const p: Record<string, number> = {};
      for (const part of this.fmt.formatToParts(whole)) if (part.type !== 'literal') p[part.type] = Number(part.value);
      off = Date.UTC(p['year']!, p['month']! - 1, p['day']!, p['hour']!, p['minute']!, p['second']!) - whole;
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
