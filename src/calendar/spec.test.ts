import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { calendarSpecSchema, createCalendar, DEFAULT_WEEK, type CalendarSpec } from './index.ts';

/** Building a calendar from data that skipped the type checker (as a parsed YAML file would). */
const building = (spec: unknown) => () => createCalendar(spec as CalendarSpec);

describe('calendar spec', () => {
  it('defaults to a Chinese office: Asia/Shanghai, CN holidays, Mon–Fri 09–12 and 13–18', () => {
    const spec = calendarSpecSchema.parse({});
    expect(spec).toEqual({ timezone: 'Asia/Shanghai', week: DEFAULT_WEEK, holidays: 'CN', closed: [], open: {} });
  });

  it('treats a weekday left out of `week` as closed', () => {
    expect(calendarSpecSchema.parse({ week: { sat: [['10:00', '16:00']] } }).week.mon).toEqual([]);
  });

  it('reads the YAML form used in SOP files and docs/calendars.md', () => {
    const yaml = `
timezone: Asia/Shanghai
holidays: CN
week:
  mon: [["09:00", "12:00"], ["13:00", "18:00"]]
  sat: [["10:00", "16:00"]]
adjustedDayHours: [["09:00", "17:00"]]
closed: ["2025-06-10"]
open:
  "2025-10-03": [["10:00", "16:00"]]
`;
    const spec = calendarSpecSchema.parse(parse(yaml));
    expect(spec.open['2025-10-03']).toEqual([['10:00', '16:00']]);
    expect(createCalendar(spec).isOpen(Date.parse('2025-10-03T11:00:00+08:00'))).toBe(true);
  });

  it('accepts the YAML example in docs/calendars.md', () => {
    const doc = readFileSync(new URL('../../docs/calendars.md', import.meta.url), 'utf8');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(yaml).toBeDefined();
    const cal = createCalendar(parse(yaml!) as CalendarSpec);
    expect(cal.isOpen(Date.parse('2025-06-14T15:00:00+08:00'))).toBe(true); // Saturday hours
    expect(cal.isOpen(Date.parse('2025-06-10T10:00:00+08:00'))).toBe(false); // closed for stocktaking
  });

  it.each([
    ['an unknown time zone', { timezone: 'Asia/Beijing' }],
    ['an interval that ends before it starts', { week: { mon: [['18:00', '09:00']] } }],
    ['overlapping intervals', { week: { mon: [['09:00', '13:00'], ['12:00', '18:00']] } }],
    ['a malformed time', { week: { mon: [['9:00', '18:00']] } }],
    ['24:00 as a start', { week: { mon: [['24:00', '24:00']] } }],
    ['an impossible date', { closed: ['2025-02-30'] }],
    ['a date both closed and open', { closed: ['2025-06-10'], open: { '2025-06-10': [['09:00', '12:00']] } }],
    ['a misspelt key', { holiday: 'CN' }],
    ['an unknown weekday', { week: { monday: [['09:00', '18:00']] } }],
    ['an unknown holiday schedule', { holidays: 'US' }],
  ])('rejects %s with INVALID_CALENDAR_SPEC', (_what, spec) => {
    expect(building(spec)).toThrow(expect.objectContaining({ code: 'INVALID_CALENDAR_SPEC' }));
  });

  it('names the offending field in the error', () => {
    try {
      createCalendar({ week: { tue: [['18:00', '09:00']] } });
      expect.unreachable();
    } catch (e) {
      expect((e as { issues: string[] }).issues[0]).toMatch(/^week\.tue\.0: /);
    }
  });

  it('merges touching intervals, so 09–12 + 12–18 has no break at noon', () => {
    const cal = createCalendar({ holidays: 'none', week: { mon: [['12:00', '18:00'], ['09:00', '12:00']] } });
    expect(cal.openIntervals(Date.parse('2025-06-09T00:00:00+08:00'), Date.parse('2025-06-10T00:00:00+08:00'))).toHaveLength(1);
  });
});
