import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTimeLimit, parseTimeLimit, TimeLimitError } from './time-limit.ts';
import type { TimeLimit } from './types.ts';

const t = (amount: number, unit: TimeLimit['unit'], basis: TimeLimit['basis'] = 'elapsed'): TimeLimit => ({ amount, unit, basis });

describe('parseTimeLimit', () => {
  it.each([
    ['48h', t(48, 'hours')],
    ['48 h', t(48, 'hours')],
    ['30 min', t(30, 'minutes')],
    ['2 hours', t(2, 'hours')],
    ['1 hour', t(1, 'hours')],
    ['90 s', t(90, 'seconds')],
    ['1.5 h', t(1.5, 'hours')],
    ['1 week', t(1, 'weeks')],
    ['3 working days', t(3, 'days', 'working')],
    ['1 working day', t(1, 'days', 'working')],
    ['2 working hours', t(2, 'hours', 'working')],
    ['5 business days', t(5, 'days', 'working')],
    ['3 workdays', t(3, 'days', 'working')],
    ['  3   Working   Days ', t(3, 'days', 'working')],
    ['P3D', t(3, 'days')],
    ['PT48H', t(48, 'hours')],
    ['PT30M', t(30, 'minutes')],
    ['P1W', t(1, 'weeks')],
    ['P1DT2H', t(26, 'hours')],
    ['PT1H30M', t(90, 'minutes')],
    ['3个工作日', t(3, 'days', 'working')],
    ['48小时', t(48, 'hours')],
    ['20分钟', t(20, 'minutes')],
    ['2个小时', t(2, 'hours')],
    ['30秒', t(30, 'seconds')],
    ['1天', t(1, 'days')],
    ['2周', t(2, 'weeks')],
    ['三个工作日', t(3, 'days', 'working')],
    ['二十四小时', t(24, 'hours')],
    ['两周', t(2, 'weeks')],
    ['4 工作小时', t(4, 'hours', 'working')],
  ])('reads %j', (text, expected) => {
    expect(parseTimeLimit(text)).toEqual(expected);
  });

  it('reads negative amounts only when asked (offsets such as "-1 day")', () => {
    expect(parseTimeLimit('-1 day', { signed: true })).toEqual(t(-1, 'days'));
    expect(parseTimeLimit('-PT2H', { signed: true })).toEqual(t(-2, 'hours'));
    expect(() => parseTimeLimit('-1 day')).toThrow(/negative/);
  });

  it.each([
    ['48', /has no unit; write e.g. "48 h"/],
    ['48 hrz', /unknown unit "hrz"/],
    ['P1M', /months and years have no fixed length/],
    ['P1Y', /months and years/],
    ['', /empty time limit/],
    ['soon', /is not a time limit/],
    ['P', /is not a time limit/],
  ])('rejects %j saying what to write instead', (text, message) => {
    expect(() => parseTimeLimit(text)).toThrow(message);
    expect(() => parseTimeLimit(text)).toThrow(TimeLimitError);
  });

  it('errors carry the stable code TIME_LIMIT_INVALID', () => {
    try {
      parseTimeLimit('x');
      expect.unreachable();
    } catch (e) {
      expect((e as TimeLimitError).code).toBe('TIME_LIMIT_INVALID');
    }
  });
});

describe('formatTimeLimit', () => {
  it('writes the short canonical forms', () => {
    expect(formatTimeLimit(t(48, 'hours'))).toBe('48 h');
    expect(formatTimeLimit(t(15, 'minutes'))).toBe('15 min');
    expect(formatTimeLimit(t(1, 'days'))).toBe('1 day');
    expect(formatTimeLimit(t(3, 'days', 'working'))).toBe('3 working days');
    expect(formatTimeLimit(t(1, 'hours', 'working'))).toBe('1 working hour');
    expect(formatTimeLimit(t(-1, 'days'))).toBe('-1 day');
  });

  it('is read back by parseTimeLimit to the same limit', () => {
    const limit = fc.record({
      amount: fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true })).filter((n) => !Object.is(n, -0)),
      unit: fc.constantFrom('seconds', 'minutes', 'hours', 'days', 'weeks') as fc.Arbitrary<TimeLimit['unit']>,
      basis: fc.constantFrom('elapsed', 'working') as fc.Arbitrary<TimeLimit['basis']>,
    });
    fc.assert(
      fc.property(limit, (l) => {
        expect(parseTimeLimit(formatTimeLimit(l), { signed: true })).toEqual(l);
      }),
    );
  });
});
