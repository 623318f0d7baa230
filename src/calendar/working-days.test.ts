import { describe, expect, it } from 'vitest';
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { createCalendar } from './index.ts';

/** An instant given as Beijing wall-clock time. */
const bj = (local: string): number => Date.parse(`${local.replace(' ', 'T')}:00+08:00`);
const office = createCalendar({ timezone: 'Asia/Shanghai', holidays: 'CN' }); // Mon–Fri 09–12, 13–18

describe('N working days across National Day 2025 (CN schedule)', () => {
  it('reads the schedule from chinese-days: Sun 9/28 is an adjusted working day, 10/1–10/8 are holidays, Sat 10/11 is worked', () => {
    expect(Object.keys(data.workdays)).toEqual(expect.arrayContaining(['2025-09-28', '2025-10-11']));
    for (let d = 1; d <= 8; d++) expect(data.holidays).toHaveProperty(`2025-10-0${d}`);
    expect(data.holidays).not.toHaveProperty('2025-10-09');
  });

  it('3 working days from Friday 2025-09-26 17:30 is Tuesday 9/30 17:30 (the adjusted Sunday counts)', () => {
    expect(office.addWorkingDays(bj('2025-09-26 17:30'), 3)).toBe(bj('2025-09-30 17:30'));
  });

  it('the 4th working day jumps the whole Golden Week to Thursday 10/9', () => {
    expect(office.addWorkingDays(bj('2025-09-26 17:30'), 4)).toBe(bj('2025-10-09 17:30'));
  });

  it('the adjusted Saturday 10/11 is the 6th working day', () => {
    expect(office.addWorkingDays(bj('2025-09-26 17:30'), 6)).toBe(bj('2025-10-11 17:30'));
  });

  it('a request during the holiday counts from the first opening after it (Thu 10/9 09:00)', () => {
    expect(office.addWorkingDays(bj('2025-10-03 11:00'), 0)).toBe(bj('2025-10-09 09:00'));
    expect(office.addWorkingDays(bj('2025-10-03 11:00'), 1)).toBe(bj('2025-10-10 09:00'));
  });
});

describe('N working days across Spring Festival 2026 (2/15–2/23 off; Sat 2/14 and Sat 2/28 worked)', () => {
  it('3 working days from Friday 2/13 17:30 is Wednesday 2/25 17:30', () => {
    // 2/14 (adjusted Saturday) = 1, 2/24 Tue = 2, 2/25 Wed = 3.
    expect(office.addWorkingDays(bj('2026-02-13 17:30'), 3)).toBe(bj('2026-02-25 17:30'));
  });

  it('the adjusted Saturday uses Monday hours by default, or adjustedDayHours when given', () => {
    expect(office.nextOpen(bj('2026-02-14 08:00'))).toBe(bj('2026-02-14 09:00'));
    expect(office.isOpen(bj('2026-02-14 12:30'))).toBe(false);
    const short = createCalendar({ adjustedDayHours: [['10:00', '16:00']] });
    expect(short.nextOpen(bj('2026-02-14 08:00'))).toBe(bj('2026-02-14 10:00'));
    expect(short.isOpen(bj('2026-02-14 12:30'))).toBe(true);
    // Sat 17:30 clamps to the adjusted day's 16:00 close.
    expect(short.addWorkingDays(bj('2026-02-13 17:30'), 1)).toBe(bj('2026-02-14 16:00'));
  });

  it('a request on Spring Festival eve (2/16) waits for Tuesday 2/24 09:00', () => {
    expect(office.nextOpen(bj('2026-02-16 10:00'))).toBe(bj('2026-02-24 09:00'));
  });

  it('counts 7 working days (56 h) in the second half of February 2026', () => {
    // 2/13 Fri, 2/14 Sat (adjusted), 2/24–2/27 Tue–Fri, 2/28 Sat (adjusted).
    expect(office.workingTimeBetween(bj('2026-02-13 00:00'), bj('2026-03-01 00:00'))).toBe(56 * 3_600_000);
  });

  it('subtracting 1 working day from Tue 2/24 10:00 lands on the adjusted Saturday 2/14 10:00', () => {
    expect(office.subtractWorkingDays(bj('2026-02-24 10:00'), 1)).toBe(bj('2026-02-14 10:00'));
  });
});

describe('where a working-day count starts', () => {
  // Mon 2025-06-09 is an ordinary Monday (the Dragon Boat holiday ended on 6/2).
  it('a request in the lunch break counts from 13:00', () => {
    expect(office.addWorkingDays(bj('2025-06-09 12:20'), 1)).toBe(bj('2025-06-10 13:00'));
  });

  it('a request after closing counts from the next morning', () => {
    expect(office.addWorkingDays(bj('2025-06-09 19:00'), 1)).toBe(bj('2025-06-11 09:00'));
  });

  it('a request at 18:00 sharp is after closing (intervals are half-open)', () => {
    expect(office.addWorkingDays(bj('2025-06-09 18:00'), 1)).toBe(bj('2025-06-11 09:00'));
  });

  it('a request on Saturday counts from Monday 09:00', () => {
    expect(office.addWorkingDays(bj('2025-06-14 10:00'), 1)).toBe(bj('2025-06-17 09:00'));
  });

  it('0 working days is the normalised start', () => {
    expect(office.addWorkingDays(bj('2025-06-09 10:15'), 0)).toBe(bj('2025-06-09 10:15'));
    expect(office.addWorkingDays(bj('2025-06-14 10:00'), 0)).toBe(bj('2025-06-16 09:00'));
  });
});

describe('clamping the deadline into the target day', () => {
  const shop = createCalendar({
    holidays: 'none',
    week: {
      mon: [['09:00', '12:00'], ['13:00', '18:00']],
      thu: [['09:00', '18:00']],
      fri: [['09:00', '15:00']],
      sat: [['10:00', '17:00']],
    },
  });

  it('a day that closes earlier gives its closing time (Thu 16:00 + 1 = Fri 15:00)', () => {
    expect(shop.addWorkingDays(bj('2025-06-12 16:00'), 1)).toBe(bj('2025-06-13 15:00'));
  });

  it('a day that opens later gives its opening time (Fri 09:30 + 1 = Sat 10:00)', () => {
    expect(shop.addWorkingDays(bj('2025-06-13 09:30'), 1)).toBe(bj('2025-06-14 10:00'));
  });

  it("a time in the target day's break gives the end of the interval before it (Sat 12:30 + 1 = Mon 12:00)", () => {
    expect(shop.addWorkingDays(bj('2025-06-14 12:30'), 1)).toBe(bj('2025-06-16 12:00'));
  });

  it('days without hours are not working days (Mon + 1 = Thu)', () => {
    expect(shop.addWorkingDays(bj('2025-06-16 10:00'), 1)).toBe(bj('2025-06-19 10:00'));
  });
});

describe('subtracting working days (warning points)', () => {
  it('keeps the wall-clock time: Wed 10:00 − 1 = Tue 10:00', () => {
    expect(office.subtractWorkingDays(bj('2025-06-11 10:00'), 1)).toBe(bj('2025-06-10 10:00'));
  });

  it('a closing time stays a closing time: Mon 18:00 − 1 = previous Fri 18:00', () => {
    expect(office.subtractWorkingDays(bj('2025-06-16 18:00'), 1)).toBe(bj('2025-06-13 18:00'));
  });

  it('a closed start moves back to the last closing first: Sat 10:00 − 1 = Thu 18:00', () => {
    expect(office.subtractWorkingDays(bj('2025-06-14 10:00'), 1)).toBe(bj('2025-06-12 18:00'));
  });

  it('negative counts go the other way', () => {
    expect(office.addWorkingDays(bj('2025-06-11 10:00'), -1)).toBe(bj('2025-06-10 10:00'));
    expect(office.subtractWorkingDays(bj('2025-06-10 10:00'), -1)).toBe(bj('2025-06-11 10:00'));
  });

  it('rejects a fraction of a working day', () => {
    expect(() => office.addWorkingDays(bj('2025-06-11 10:00'), 1.5)).toThrow(expect.objectContaining({ code: 'INVALID_TIME_LIMIT' }));
  });
});
