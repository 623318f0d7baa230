import { describe, expect, it } from 'vitest';
import { foldLine, icsCalendar, icsText, icsTime } from './ics.ts';
import { freeSlots, peakLoad } from './slots.ts';
import { dayBeforeAt, localDateOf, localDayBounds, localTimeOf } from './time.ts';

const H = 3600_000;
const M = 60_000;

describe('iCalendar writer', () => {
  it('writes UTC times, escapes text and ends lines with CRLF', () => {
    expect(icsTime(Date.UTC(2026, 2, 3, 2, 0))).toBe('20260303T020000Z');
    expect(icsText('a;b,c\\d\ne')).toBe('a\\;b\\,c\\\\d\\ne');
    const cal = icsCalendar([{ uid: 'a1@x', start: 0, end: H, summary: '洗车, wash', status: 'CONFIRMED', sequence: 2 }], { now: 0 });
    expect(cal.split('\r\n').slice(0, 3)).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//servflow//appointments//EN']);
    expect(cal).toContain('SUMMARY:洗车\\, wash\r\n');
    expect(cal).toContain('SEQUENCE:2\r\nSTATUS:CONFIRMED');
    expect(cal.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(cal.replace(/\r\n/g, '')).not.toContain('\n');
  });
  it('folds at 75 octets without splitting a UTF-8 character', () => {
    const line = `SUMMARY:${'预约'.repeat(40)}`;
    const folded = foldLine(line).split('\r\n');
    expect(folded.length).toBeGreaterThan(1);
    for (const [i, part] of folded.entries()) {
      expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
      if (i > 0) expect(part.startsWith(' ')).toBe(true);
    }
    expect(folded.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
    expect(foldLine('short')).toBe('short');
  });
});

describe('free slots', () => {
  const open = [
    { start: 9 * H, end: 12 * H },
    { start: 13 * H, end: 18 * H },
  ];
  it('fit inside one open interval and skip busy staff and past times', () => {
    const slots = freeSlots({ open, durationMs: H, stepMs: 30 * M, staff: [{ id: 'a', busy: [{ start: 10 * H, end: 11 * H }] }, { id: 'b', busy: [] }], notBefore: 9 * H + 1 });
    expect(slots[0]).toEqual({ start: 9.5 * H, end: 10.5 * H, staffIds: ['b'] });
    expect(slots.map((s) => s.start)).not.toContain(11.5 * H);
    expect(slots.find((s) => s.start === 11 * H)?.staffIds).toEqual(['a', 'b']);
    expect(slots.at(-1)?.start).toBe(17 * H);
  });
  it('respect a room capacity at every instant, not by counting overlaps', () => {
    const busy = [
      { start: 9 * H, end: 10 * H },
      { start: 10 * H, end: 11 * H },
    ];
    expect(peakLoad(busy, 9 * H, 11 * H)).toBe(1);
    expect(peakLoad([...busy, { start: 9.5 * H, end: 10.5 * H }], 9 * H, 11 * H)).toBe(2);
    const slots = freeSlots({ open, durationMs: 2 * H, stepMs: H, staff: [{ id: 'a', busy: [] }], resource: { capacity: 2, busy: [...busy, { start: 9.5 * H, end: 10.5 * H }] }, notBefore: 0 });
    expect(slots.map((s) => s.start / H)).toEqual([13, 14, 15, 16]);
    expect(() => freeSlots({ open, durationMs: 0, stepMs: H, staff: [], notBefore: 0 })).toThrow(/positive/);
  });
});

describe('store-local time', () => {
  it('finds a local day and the day before at 18:00 in Shanghai and across a DST change in New York', () => {
    expect(localDayBounds('Asia/Shanghai', '2026-03-03')).toEqual({ start: Date.UTC(2026, 2, 2, 16), end: Date.UTC(2026, 2, 3, 16) });
    expect(localDayBounds('Asia/Shanghai', '2026-02-30')).toBeUndefined();
    expect(dayBeforeAt('Asia/Shanghai', Date.UTC(2026, 2, 4, 2, 30), '18:00')).toBe(Date.UTC(2026, 2, 3, 10));
    // 8 March 2026 is the US spring-forward day: the day before (7 March) is still EST (UTC−5)
    expect(dayBeforeAt('America/New_York', Date.UTC(2026, 2, 8, 14), '18:00')).toBe(Date.UTC(2026, 2, 7, 23));
    expect(localDateOf('Asia/Shanghai', Date.UTC(2026, 2, 2, 16))).toBe('2026-03-03');
    expect(localTimeOf('Asia/Shanghai', Date.UTC(2026, 2, 3, 2, 30))).toBe('10:30');
    expect(() => dayBeforeAt('Asia/Shanghai', 0, '25:00')).toThrow(/time of day/);
  });
});
