import { describe, expect, it } from 'vitest';
import type { TimeLimit } from '../model/types.ts';
import type { CalendarClock } from '../engine/types.ts';
import { addTimeLimit, calendarClock, createCalendar, subtractTimeLimit } from './index.ts';

const bj = (local: string): number => Date.parse(`${local.replace(' ', 'T')}:00+08:00`);
const H = 3_600_000;
const office = createCalendar({});
const limit = (amount: number, unit: TimeLimit['unit'], basis: TimeLimit['basis']): TimeLimit => ({ amount, unit, basis });

describe('addTimeLimit', () => {
  const friday = bj('2025-06-13 17:30');

  it('elapsed hours ignore opening hours', () => {
    expect(addTimeLimit(office, friday, limit(48, 'hours', 'elapsed'))).toBe(bj('2025-06-15 17:30'));
  });

  it('elapsed days and weeks are calendar days', () => {
    expect(addTimeLimit(office, friday, limit(2, 'days', 'elapsed'))).toBe(bj('2025-06-15 17:30'));
    expect(addTimeLimit(office, friday, limit(1, 'weeks', 'elapsed'))).toBe(bj('2025-06-20 17:30'));
    expect(addTimeLimit(office, friday, limit(0.5, 'days', 'elapsed'))).toBe(bj('2025-06-14 05:30'));
  });

  it('working minutes and hours are open time', () => {
    expect(addTimeLimit(office, friday, limit(90, 'minutes', 'working'))).toBe(bj('2025-06-16 10:00'));
    expect(addTimeLimit(office, friday, limit(4, 'hours', 'working'))).toBe(bj('2025-06-16 13:30'));
    expect(addTimeLimit(office, friday, limit(1800, 'seconds', 'working'))).toBe(bj('2025-06-13 18:00'));
  });

  it('working days follow the working-day rule', () => {
    expect(addTimeLimit(office, friday, limit(1, 'days', 'working'))).toBe(bj('2025-06-16 17:30'));
  });

  it("a working week is as many days as the calendar's ordinary week has hours", () => {
    expect(addTimeLimit(office, friday, limit(1, 'weeks', 'working'))).toBe(bj('2025-06-20 17:30'));
    const salon = createCalendar({ holidays: 'none', week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['10:00', '21:00']]])) });
    expect(salon.workingDaysPerWeek).toBe(7);
    expect(addTimeLimit(salon, friday, limit(1, 'weeks', 'working'))).toBe(bj('2025-06-20 17:30'));
    expect(addTimeLimit(salon, friday, limit(3, 'days', 'working'))).toBe(bj('2025-06-16 17:30'));
  });

  it('a negative amount counts backwards', () => {
    expect(addTimeLimit(office, bj('2025-06-16 10:00'), limit(-2, 'hours', 'working'))).toBe(bj('2025-06-13 17:00'));
  });

  it.each([
    ['half a working day', limit(0.5, 'days', 'working')],
    ['a third of a working week', limit(1 / 3, 'weeks', 'working')],
    ['an infinite amount', limit(Infinity, 'hours', 'working')],
    ['NaN', limit(Number.NaN, 'hours', 'elapsed')],
  ])('rejects %s with INVALID_TIME_LIMIT', (_what, l) => {
    expect(() => addTimeLimit(office, friday, l)).toThrow(expect.objectContaining({ code: 'INVALID_TIME_LIMIT' }));
  });

  it('accepts float noise in working weeks (1.2 weeks × 5 = 6 days)', () => {
    expect(addTimeLimit(office, bj('2025-06-09 10:00'), limit(1.2, 'weeks', 'working'))).toBe(bj('2025-06-17 10:00'));
  });
});

describe('subtractTimeLimit (warning points)', () => {
  const due = bj('2025-06-11 10:00'); // Wednesday

  it('2 working hours before Wednesday 10:00 is Tuesday 17:00', () => {
    expect(subtractTimeLimit(office, due, limit(2, 'hours', 'working'))).toBe(bj('2025-06-10 17:00'));
  });

  it('1 working day before is Tuesday 10:00; 2 elapsed hours before is 08:00', () => {
    expect(subtractTimeLimit(office, due, limit(1, 'days', 'working'))).toBe(bj('2025-06-10 10:00'));
    expect(subtractTimeLimit(office, due, limit(2, 'hours', 'elapsed'))).toBe(bj('2025-06-11 08:00'));
  });
});

describe("calendarClock (the engine's CalendarClock)", () => {
  const clock: CalendarClock = calendarClock(office);

  it('answers the four questions the engine asks', () => {
    const t = bj('2025-06-13 17:30');
    expect(clock.add(t, limit(1, 'hours', 'working'))).toBe(bj('2025-06-16 09:30'));
    expect(clock.subtract(bj('2025-06-16 09:30'), limit(1, 'hours', 'working'))).toBe(t);
    expect(clock.workingBetween(t, bj('2025-06-16 09:30'))).toBe(H);
    expect(clock.addWorking(t, H)).toBe(bj('2025-06-16 09:30'));
  });

  it('keeps a due time in place when resumed after a pause that covered no open time', () => {
    const due = bj('2025-06-13 18:00');
    expect(clock.addWorking(due, clock.workingBetween(bj('2025-06-13 19:00'), bj('2025-06-14 11:00')))).toBe(due);
  });
});
