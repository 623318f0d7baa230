import { describe, expect, it } from 'vitest';
import chineseDays from 'chinese-days';
import { CHINA_HOLIDAY_YEARS, chinaHolidayDataCovers, createCalendar } from './index.ts';

const bj = (local: string): number => Date.parse(`${local.replace(' ', 'T')}:00+08:00`);
const office = createCalendar({ timezone: 'Asia/Shanghai', holidays: 'CN' });

describe('China statutory schedule (chinese-days data)', () => {
  it('covers 2004–2026 with chinese-days 1.5.7, every year in between', () => {
    expect(CHINA_HOLIDAY_YEARS[0]).toBe(2004);
    expect(CHINA_HOLIDAY_YEARS.at(-1)).toBeGreaterThanOrEqual(2026);
    expect(CHINA_HOLIDAY_YEARS.length).toBe(CHINA_HOLIDAY_YEARS.at(-1)! - 2004 + 1);
    expect(chinaHolidayDataCovers(2003)).toBe(false);
  });

  it('agrees with the package’s own isWorkday() on every day of every covered year', () => {
    const mismatches: string[] = [];
    for (const year of CHINA_HOLIDAY_YEARS) {
      for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
        const date = new Date(t).toISOString().slice(0, 10);
        if (office.isOpen(bj(`${date} 10:00`)) !== chineseDays.isWorkday(date)) mismatches.push(date);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('treats a year the data does not cover as ordinary weeks, and says so', () => {
    const t = bj('2030-10-01 10:00'); // a Tuesday; National Day, but 2030 is not in the data
    expect(office.holidayDataCovers(t)).toBe(false);
    expect(office.isOpen(t)).toBe(true);
    expect(office.holidayDataCovers(bj('2025-10-01 10:00'))).toBe(true);
  });

  it("asks nothing of the data when holidays are 'none'", () => {
    const salon = createCalendar({ holidays: 'none', week: { mon: [['10:00', '21:00']] } });
    expect(salon.holidayDataCovers(bj('2030-10-01 10:00'))).toBe(true);
    expect(salon.isOpen(bj('2025-10-06 12:00'))).toBe(true); // a Monday in Golden Week
  });

  it('judges coverage by the local date: 00:30 on 1 January in Beijing is the new year, though UTC is still in the old one', () => {
    expect(office.localDate(bj('2027-01-01 00:30'))).toBe('2027-01-01');
    expect(office.holidayDataCovers(bj('2027-01-01 00:30'))).toBe(chinaHolidayDataCovers(2027));
    expect(office.holidayDataCovers(bj('2026-12-31 23:30'))).toBe(true);
  });
});
