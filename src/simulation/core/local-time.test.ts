import { describe, expect, it } from 'vitest';
import { LocalClock } from './local-time.ts';

describe('local hour of the week', () => {
  it('reads Shanghai time (UTC+8, no DST)', () => {
    const c = new LocalClock('Asia/Shanghai');
    const monday9 = Date.UTC(2026, 0, 5, 1, 30); // 09:30 in Shanghai
    expect(c.hourAt(monday9)).toEqual({ weekday: 0, hour: 9, hourEnds: Date.UTC(2026, 0, 5, 2, 0) });
  });

  it('follows a DST switch hour by hour (Amsterdam, 29 March 2026, 02:00 → 03:00)', () => {
    const c = new LocalClock('Europe/Amsterdam');
    expect(c.hourAt(Date.UTC(2026, 2, 29, 0, 30)).hour).toBe(1); // 01:30 CET
    expect(c.hourAt(Date.UTC(2026, 2, 29, 1, 30)).hour).toBe(3); // 03:30 CEST
    expect(c.hourAt(Date.UTC(2026, 2, 30, 7, 0))).toMatchObject({ weekday: 0, hour: 9 });
  });
});
