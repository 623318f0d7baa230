import { describe, expect, it } from 'vitest';
import { addTimeLimit, createCalendar } from './index.ts';
import { TimeZone } from './time-zone.ts';

/**
 * Europe/Amsterdam, 2025: clocks go 02:00 CET → 03:00 CEST on Sunday 30 March (the 02:xx hour
 * does not exist), and 03:00 CEST → 02:00 CET on Sunday 26 October (02:xx happens twice).
 */
const at = (iso: string): number => Date.parse(iso);
const H = 3_600_000;
const ALL_DAY = [['00:00', '24:00']] as const;
const allWeek = { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY };

describe('Europe/Amsterdam offsets from Intl', () => {
  const zone = new TimeZone('Europe/Amsterdam');

  it('reads +1 h before and +2 h after the spring change', () => {
    expect(zone.offsetAt(at('2025-03-30T00:59:59Z'))).toBe(1 * H);
    expect(zone.offsetAt(at('2025-03-30T01:00:00Z'))).toBe(2 * H);
  });

  it('places a skipped time either at the jump or an hour later, as asked', () => {
    const local0230 = Date.UTC(2025, 2, 30, 2, 30);
    expect(zone.toUtc(local0230, 'transition')).toBe(at('2025-03-30T01:00:00Z')); // 03:00 CEST
    expect(zone.toUtc(local0230, 'shift')).toBe(at('2025-03-30T01:30:00Z')); // 03:30 CEST
  });

  it('gives the earlier instant of a repeated time', () => {
    expect(zone.toUtc(Date.UTC(2025, 9, 26, 2, 30), 'shift')).toBe(at('2025-10-26T00:30:00Z')); // 02:30 CEST
  });
});

describe('a 24/7 calendar in Amsterdam on the nights of the change', () => {
  const always = createCalendar({ timezone: 'Europe/Amsterdam', holidays: 'none', week: allWeek });

  it('has a 23-hour Sunday in March and a 25-hour Sunday in October', () => {
    expect(always.workingTimeBetween(at('2025-03-30T00:00:00+01:00'), at('2025-03-31T00:00:00+02:00'))).toBe(23 * H);
    expect(always.workingTimeBetween(at('2025-10-26T00:00:00+02:00'), at('2025-10-27T00:00:00+01:00'))).toBe(25 * H);
  });

  it('adds working time as elapsed time straight through the change', () => {
    const t = at('2025-10-25T12:00:00+02:00');
    expect(always.addWorkingTime(t, 24 * H)).toBe(t + 24 * H); // Sunday 11:00 CET
  });

  it('keeps the wall-clock time for a working day, even in the repeated hour', () => {
    const t = at('2025-10-25T02:30:00+02:00');
    expect(always.addWorkingDays(t, 1)).toBe(at('2025-10-26T02:30:00+02:00')); // the first 02:30
    expect(always.addWorkingDays(t, 2)).toBe(at('2025-10-27T02:30:00+01:00'));
  });
});

describe('opening hours on the nights of the change', () => {
  it('a 00:00–06:00 night desk is open 5 hours on the spring night and 7 on the autumn night', () => {
    const night = createCalendar({ timezone: 'Europe/Amsterdam', holidays: 'none', week: { sun: [['00:00', '06:00']] } });
    expect(night.openIntervals(at('2025-03-29T12:00:00Z'), at('2025-03-31T00:00:00Z'))).toEqual([
      { start: at('2025-03-30T00:00:00+01:00'), end: at('2025-03-30T06:00:00+02:00') },
    ]);
    expect(night.workingTimeBetween(at('2025-03-29T12:00:00Z'), at('2025-03-31T00:00:00Z'))).toBe(5 * H);
    expect(night.workingTimeBetween(at('2025-10-25T12:00:00Z'), at('2025-10-27T00:00:00Z'))).toBe(7 * H);
  });

  it('hours that fall entirely in the skipped hour are no hours that night', () => {
    const odd = createCalendar({ timezone: 'Europe/Amsterdam', holidays: 'none', week: { sun: [['02:00', '02:30']] } });
    expect(odd.nextOpen(at('2025-03-29T12:00:00Z'))).toBe(at('2025-04-06T02:00:00+02:00'));
    expect(odd.nextOpen(at('2025-03-22T12:00:00Z'))).toBe(at('2025-03-23T02:00:00+01:00'));
  });

  it('hours that start in the skipped hour open when the clocks land (03:00 CEST)', () => {
    const early = createCalendar({ timezone: 'Europe/Amsterdam', holidays: 'none', week: { sun: [['02:30', '05:00']] } });
    expect(early.openIntervals(at('2025-03-29T12:00:00Z'), at('2025-03-31T00:00:00Z'))).toEqual([
      { start: at('2025-03-30T03:00:00+02:00'), end: at('2025-03-30T05:00:00+02:00') },
    ]);
  });

  it('a shop open Mon–Sat 09–18 keeps 10:00 as 10:00 across the change for working days', () => {
    const shop = createCalendar({
      timezone: 'Europe/Amsterdam',
      holidays: 'none',
      week: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']], wed: [['09:00', '18:00']], thu: [['09:00', '18:00']], fri: [['09:00', '18:00']], sat: [['09:00', '18:00']] },
    });
    expect(shop.addWorkingDays(at('2025-03-29T10:00:00+01:00'), 1)).toBe(at('2025-03-31T10:00:00+02:00'));
    expect(shop.addWorkingDays(at('2025-10-24T17:00:00+02:00'), 2)).toBe(at('2025-10-27T17:00:00+01:00'));
    expect(shop.subtractWorkingDays(at('2025-03-31T10:00:00+02:00'), 1)).toBe(at('2025-03-29T10:00:00+01:00'));
  });
});

describe('elapsed days are calendar days in the zone', () => {
  const cal = createCalendar({ timezone: 'Europe/Amsterdam', holidays: 'none' });
  const day = { amount: 1, unit: 'days', basis: 'elapsed' } as const;

  it('1 day across the spring change is 23 hours, and the clock still reads 10:00', () => {
    const t = at('2025-03-29T10:00:00+01:00');
    expect(addTimeLimit(cal, t, day)).toBe(at('2025-03-30T10:00:00+02:00'));
    expect(addTimeLimit(cal, t, day) - t).toBe(23 * H);
  });

  it('1 day across the autumn change is 25 hours', () => {
    const t = at('2025-10-25T10:00:00+02:00');
    expect(addTimeLimit(cal, t, day) - t).toBe(25 * H);
  });

  it('a day landing in the skipped hour moves forward by the gap (02:30 → 03:30 CEST), like Temporal', () => {
    expect(addTimeLimit(cal, at('2025-03-29T02:30:00+01:00'), day)).toBe(at('2025-03-30T03:30:00+02:00'));
  });

  it('24 elapsed hours stay 24 hours', () => {
    const t = at('2025-03-29T10:00:00+01:00');
    expect(addTimeLimit(cal, t, { amount: 24, unit: 'hours', basis: 'elapsed' })).toBe(t + 24 * H);
  });
});

describe('a zone whose clocks change at midnight (America/Santiago, 2025-09-07 00:00 → 01:00)', () => {
  const desk = createCalendar({ timezone: 'America/Santiago', holidays: 'none', week: { ...allWeek, sun: [['00:00', '12:00']] } });

  it('starts the day when the clocks land, so that Sunday has 11 open hours', () => {
    expect(desk.localDate(at('2025-09-07T01:00:00-03:00'))).toBe('2025-09-07');
    expect(desk.openIntervals(at('2025-09-06T12:00:00-04:00'), at('2025-09-07T18:00:00-03:00'))).toEqual([
      { start: at('2025-09-06T12:00:00-04:00'), end: at('2025-09-07T12:00:00-03:00') },
    ]);
    expect(desk.workingTimeBetween(at('2025-09-07T01:00:00-03:00'), at('2025-09-08T00:00:00-03:00'))).toBe(11 * H);
  });

  it('keeps the wall-clock time for working days around it', () => {
    expect(desk.addWorkingDays(at('2025-09-06T10:00:00-04:00'), 1)).toBe(at('2025-09-07T10:00:00-03:00'));
  });
});
