import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN_SPEC, createCalendar } from './index.ts';

const bj = (local: string): number => Date.parse(`${local.replace(' ', 'T')}:00+08:00`);
const H = 3_600_000;
const office = createCalendar({}); // the default: Asia/Shanghai, CN holidays, Mon–Fri 09–12, 13–18

describe('open or not', () => {
  it('is open at 09:00 sharp and closed at 12:00 and 18:00 sharp (half-open intervals)', () => {
    expect(office.isOpen(bj('2025-06-09 09:00'))).toBe(true);
    expect(office.isOpen(bj('2025-06-09 12:00'))).toBe(false);
    expect(office.isOpen(bj('2025-06-09 17:59'))).toBe(true);
    expect(office.isOpen(bj('2025-06-09 18:00'))).toBe(false);
  });

  it('nextOpen is t itself when open, else the next opening', () => {
    expect(office.nextOpen(bj('2025-06-09 10:00'))).toBe(bj('2025-06-09 10:00'));
    expect(office.nextOpen(bj('2025-06-09 12:20'))).toBe(bj('2025-06-09 13:00'));
    expect(office.nextOpen(bj('2025-06-13 18:00'))).toBe(bj('2025-06-16 09:00'));
  });
});

describe('adding working time', () => {
  it('a request arriving in the lunch break starts its 2 working hours at 13:00', () => {
    expect(office.addWorkingTime(bj('2025-06-09 12:20'), 2 * H)).toBe(bj('2025-06-09 15:00'));
  });

  it('a request arriving after closing is due 2 working hours into the next morning', () => {
    expect(office.addWorkingTime(bj('2025-06-09 19:00'), 2 * H)).toBe(bj('2025-06-10 11:00'));
  });

  it('a request arriving on Saturday starts on Monday', () => {
    expect(office.addWorkingTime(bj('2025-06-14 10:00'), 1 * H)).toBe(bj('2025-06-16 10:00'));
  });

  it('ends at the lunch break, not after it, when the time runs out exactly at 12:00', () => {
    expect(office.addWorkingTime(bj('2025-06-09 11:00'), 1 * H)).toBe(bj('2025-06-09 12:00'));
  });

  it('20 working hours from Monday 10:00 span three days and end Wednesday 15:00', () => {
    // Mon 2 + 5 = 7, Tue 8 → 15, Wed 3 → 18, then 2 after lunch.
    expect(office.addWorkingTime(bj('2025-06-09 10:00'), 20 * H)).toBe(bj('2025-06-11 15:00'));
  });

  it('adding 0 leaves t alone even when closed (a pause that covered no open time moves nothing)', () => {
    expect(office.addWorkingTime(bj('2025-06-09 12:00'), 0)).toBe(bj('2025-06-09 12:00'));
  });

  it('a long stretch skips whole days, holidays included', () => {
    // 2025-09-26 Fri 09:00 + 5 × 8 h: Fri, Sun 9/28 (adjusted), Mon, Tue, then Golden Week, Thu 10/9.
    expect(office.addWorkingTime(bj('2025-09-26 09:00'), 40 * H)).toBe(bj('2025-10-09 18:00'));
  });
});

describe('subtracting working time (warning "2 working hours before due")', () => {
  it('crosses the lunch break', () => {
    expect(office.subtractWorkingTime(bj('2025-06-09 14:00'), 2 * H)).toBe(bj('2025-06-09 11:00'));
  });

  it('crosses the night and the weekend', () => {
    expect(office.subtractWorkingTime(bj('2025-06-16 10:00'), 2 * H)).toBe(bj('2025-06-13 17:00'));
  });

  it('from a closed instant, counts back from the last closing', () => {
    expect(office.subtractWorkingTime(bj('2025-06-14 11:00'), 1 * H)).toBe(bj('2025-06-13 17:00'));
  });

  it('ends on an opening instant when the time runs out exactly at 13:00', () => {
    expect(office.subtractWorkingTime(bj('2025-06-09 14:00'), 1 * H)).toBe(bj('2025-06-09 13:00'));
  });
});

describe('working time between two instants', () => {
  it('counts only open time', () => {
    expect(office.workingTimeBetween(bj('2025-06-09 11:00'), bj('2025-06-09 14:00'))).toBe(2 * H);
    expect(office.workingTimeBetween(bj('2025-06-13 17:00'), bj('2025-06-16 10:00'))).toBe(2 * H);
  });

  it('is 0 for an empty or reversed range', () => {
    expect(office.workingTimeBetween(bj('2025-06-09 14:00'), bj('2025-06-09 11:00'))).toBe(0);
    expect(office.workingTimeBetween(bj('2025-06-14 10:00'), bj('2025-06-15 10:00'))).toBe(0);
  });

  it('sums a whole year of days (2025: 248 CN working days of 8 h)', () => {
    expect(office.workingTimeBetween(bj('2025-01-01 00:00'), bj('2026-01-01 00:00'))).toBe(248 * 8 * H);
  });
});

describe('open intervals (staff shifts for the simulator)', () => {
  it('lists the intervals clipped to the range', () => {
    expect(office.openIntervals(bj('2025-06-13 10:00'), bj('2025-06-16 12:30'))).toEqual([
      { start: bj('2025-06-13 10:00'), end: bj('2025-06-13 12:00') },
      { start: bj('2025-06-13 13:00'), end: bj('2025-06-13 18:00') },
      { start: bj('2025-06-16 09:00'), end: bj('2025-06-16 12:00') },
    ]);
  });

  it('merges a night shift across midnight into one interval', () => {
    const night = createCalendar({ holidays: 'none', week: { mon: [['22:00', '24:00']], tue: [['00:00', '06:00']] } });
    expect(night.openIntervals(bj('2025-06-09 00:00'), bj('2025-06-11 00:00'))).toEqual([{ start: bj('2025-06-09 22:00'), end: bj('2025-06-10 06:00') }]);
    expect(night.addWorkingTime(bj('2025-06-09 23:00'), 2 * H)).toBe(bj('2025-06-10 01:00'));
  });
});

describe('extra closed and open store days', () => {
  const store = createCalendar({ closed: ['2025-06-10'], open: { '2025-10-03': [['10:00', '16:00']] } });

  it('skips a closed store day for working days and working time', () => {
    expect(store.addWorkingDays(bj('2025-06-09 17:00'), 1)).toBe(bj('2025-06-11 17:00'));
    expect(store.addWorkingTime(bj('2025-06-09 17:00'), 2 * H)).toBe(bj('2025-06-11 10:00'));
    expect(store.isOpen(bj('2025-06-10 10:00'))).toBe(false);
  });

  it('opens on an extra open date even inside the National Day holiday', () => {
    expect(store.nextOpen(bj('2025-10-02 12:00'))).toBe(bj('2025-10-03 10:00'));
    expect(store.addWorkingDays(bj('2025-09-30 11:00'), 1)).toBe(bj('2025-10-03 11:00'));
  });
});

describe('a 24/7 calendar', () => {
  const always = createCalendar(ALWAYS_OPEN_SPEC);
  const t = Date.parse('2025-03-29T21:17:00Z');

  it('makes working time equal to elapsed time', () => {
    expect(always.addWorkingTime(t, 50 * H)).toBe(t + 50 * H);
    expect(always.subtractWorkingTime(t, 50 * H)).toBe(t - 50 * H);
    expect(always.workingTimeBetween(t, t + 50 * H)).toBe(50 * H);
    expect(always.nextOpen(t)).toBe(t);
  });

  it('has one open interval, whatever the range', () => {
    expect(always.openIntervals(t, t + 100 * H)).toEqual([{ start: t, end: t + 100 * H }]);
  });

  it('makes a working day a calendar day', () => {
    expect(always.addWorkingDays(t, 3)).toBe(t + 72 * H);
    expect(always.subtractWorkingDays(t, 3)).toBe(t - 72 * H);
  });
});

describe('a calendar open only on listed dates', () => {
  const fair = createCalendar({ holidays: 'none', week: {}, open: { '2025-05-10': [['09:00', '17:00']] } });

  it('finds the listed date from before it', () => {
    expect(fair.nextOpen(bj('2025-01-01 00:00'))).toBe(bj('2025-05-10 09:00'));
  });

  it('fails with NO_OPEN_TIME instead of searching forever after it', () => {
    expect(() => fair.nextOpen(bj('2025-05-11 00:00'))).toThrow(expect.objectContaining({ code: 'NO_OPEN_TIME' }));
    expect(() => fair.addWorkingTime(bj('2025-05-10 16:00'), 2 * H)).toThrow(expect.objectContaining({ code: 'NO_OPEN_TIME' }));
    expect(() => fair.subtractWorkingTime(bj('2025-05-10 10:00'), 2 * H)).toThrow(expect.objectContaining({ code: 'NO_OPEN_TIME' }));
  });
});
