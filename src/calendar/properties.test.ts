import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ALWAYS_OPEN_SPEC, createCalendar, type BusinessCalendar } from './index.ts';

/**
 * Laws every calendar obeys, checked on calendars chosen to be awkward: lunch breaks and CN
 * holidays, DST nights, a 24/7 desk, a night shift across midnight, a salon with a closed day.
 * Instants are whole ms in 2024–2027 (inside and just outside the CN data).
 */
const calendars: Record<string, BusinessCalendar> = {
  'Shanghai office, CN holidays': createCalendar({}),
  'Amsterdam shop with a break': createCalendar({
    timezone: 'Europe/Amsterdam',
    holidays: 'none',
    week: { mon: [['08:30', '12:15'], ['13:00', '17:45']], wed: [['01:00', '03:30']], sat: [['02:15', '02:45'], ['10:00', '24:00']], sun: [['00:00', '04:00']] },
    closed: ['2025-03-31'],
  }),
  '24/7': createCalendar(ALWAYS_OPEN_SPEC),
  'night shift across midnight': createCalendar({ holidays: 'none', week: { mon: [['22:00', '24:00']], tue: [['00:00', '06:00'], ['22:00', '24:00']], wed: [['00:00', '06:00']] } }),
  'salon closed on Tuesdays': createCalendar({
    timezone: 'Asia/Shanghai',
    holidays: 'none',
    week: { mon: [['10:00', '21:00']], wed: [['10:00', '21:00']], thu: [['10:00', '21:00']], fri: [['10:00', '22:00']], sat: [['09:30', '22:00']], sun: [['09:30', '20:00']] },
  }),
};

// Half the instants land within 3 days of a European DST change or of China's Golden Week /
// Spring Festival, where the awkward cases live; uniform instants alone would seldom hit them.
const HOTSPOTS = ['2025-03-30T01:00:00Z', '2025-10-26T01:00:00Z', '2026-03-29T01:00:00Z', '2024-10-27T01:00:00Z', '2025-10-01T00:00:00Z', '2026-02-15T00:00:00Z'].map(Date.parse);
const instant = fc.oneof(
  fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 11, 31) }),
  fc.tuple(fc.constantFrom(...HOTSPOTS), fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 })).map(([h, d]) => h + d),
);
const duration = fc.integer({ min: 0, max: 30 * 86_400_000 });
const params = { numRuns: 300 };

/** Open, or the end of an open interval (all boundaries are whole ms). */
const openOrEnd = (cal: BusinessCalendar, t: number): boolean => cal.isOpen(t) || cal.isOpen(t - 1);

describe.each(Object.entries(calendars))('%s', (_name, cal) => {
  it('adding working time then measuring it gives the same amount back', () => {
    fc.assert(fc.property(instant, duration, (t, ms) => cal.workingTimeBetween(t, cal.addWorkingTime(t, ms)) === ms), params);
  });

  it('subtracting working time then measuring it gives the same amount back', () => {
    fc.assert(fc.property(instant, duration, (t, ms) => cal.workingTimeBetween(cal.subtractWorkingTime(t, ms), t) === ms), params);
  });

  it('addWorkingTime is monotonic in the start and in the amount', () => {
    fc.assert(
      fc.property(instant, instant, duration, duration, (a, b, m, n) => {
        const [t1, t2] = a <= b ? [a, b] : [b, a];
        const [ms1, ms2] = m <= n ? [m, n] : [n, m];
        return cal.addWorkingTime(t1, ms1) <= cal.addWorkingTime(t2, ms1) && cal.addWorkingTime(t1, ms1) <= cal.addWorkingTime(t1, ms2);
      }),
      params,
    );
  });

  it('results of adding are open instants or interval ends; of subtracting, open instants', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 30 * 86_400_000 }), (t, ms) => openOrEnd(cal, cal.addWorkingTime(t, ms)) && cal.isOpen(cal.subtractWorkingTime(t, ms))),
      params,
    );
  });

  it('adding gives the earliest such instant, subtracting the latest (due at 12:00, not after lunch)', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 30 * 86_400_000 }), (t, ms) => {
        const later = cal.addWorkingTime(t, ms);
        const earlier = cal.subtractWorkingTime(t, ms);
        return cal.workingTimeBetween(t, later - 1) === ms - 1 && cal.workingTimeBetween(earlier + 1, t) === ms - 1;
      }),
      params,
    );
  });

  it('nextOpen is open, not before t, and no open time lies between', () => {
    fc.assert(
      fc.property(instant, (t) => {
        const n = cal.nextOpen(t);
        return n >= t && cal.isOpen(n) && cal.workingTimeBetween(t, n) === 0;
      }),
      params,
    );
  });

  it('working days: the result is open or an interval end, later for each extra day, monotonic in the start', () => {
    fc.assert(
      fc.property(instant, instant, fc.integer({ min: 0, max: 15 }), (a, b, n) => {
        const [t1, t2] = a <= b ? [a, b] : [b, a];
        const r = cal.addWorkingDays(t1, n);
        return openOrEnd(cal, r) && cal.addWorkingDays(t1, n + 1) > r && r <= cal.addWorkingDays(t2, n);
      }),
      params,
    );
  });

  it('subtracting working days: open or an interval end, earlier for each extra day, monotonic in the start', () => {
    fc.assert(
      fc.property(instant, instant, fc.integer({ min: 1, max: 15 }), (a, b, n) => {
        const [t1, t2] = a <= b ? [a, b] : [b, a];
        const r = cal.subtractWorkingDays(t1, n);
        return openOrEnd(cal, r) && cal.subtractWorkingDays(t1, n + 1) < r && r <= t1 && r <= cal.subtractWorkingDays(t2, n);
      }),
      params,
    );
  });

  it('open intervals are sorted, disjoint, not touching, and add up to the working time', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 10 * 86_400_000 }), (from, len) => {
        const iv = cal.openIntervals(from, from + len);
        let total = 0;
        for (let i = 0; i < iv.length; i++) {
          const x = iv[i]!;
          if (!(x.start < x.end) || x.start < from || x.end > from + len) return false;
          if (i > 0 && !(iv[i - 1]!.end < x.start)) return false;
          total += x.end - x.start;
        }
        return total === cal.workingTimeBetween(from, from + len);
      }),
      params,
    );
  });
});

describe('Shanghai office (same hours every working day)', () => {
  const cal = calendars['Shanghai office, CN holidays']!;

  it('going n working days forward and back returns to the normalised start', () => {
    fc.assert(fc.property(instant, fc.integer({ min: 0, max: 20 }), (t, n) => cal.subtractWorkingDays(cal.addWorkingDays(t, n), n) === cal.nextOpen(t)), params);
  });
});
