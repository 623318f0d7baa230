import { describe, expect, it } from 'vitest';
import { formatIso, instantOf, NO_OFFSET, parseIsoString } from './timestamp.ts';

describe('ISO 8601 timestamps', () => {
  it('keeps the written offset and computes the instant from it', () => {
    const t = parseIsoString('2011-10-30T02:30:00.000+02:00')!;
    expect(t.offsetMin).toBe(120);
    expect(instantOf(t)).toBe(Date.parse('2011-10-30T00:30:00Z'));
    expect(parseIsoString('2012-10-09T14:50:17-05:30')!.offsetMin).toBe(-330);
    expect(parseIsoString('2012-10-09T14:50:17Z')!.offsetMin).toBe(0);
    expect(parseIsoString('2012-10-09T14:50:17+0100')!.offsetMin).toBe(60);
  });

  it('reads a timestamp without offset as UTC and says so', () => {
    const t = parseIsoString('2006-07-24T00:00:00')!;
    expect(t.offsetMin).toBe(NO_OFFSET);
    expect(instantOf(t)).toBe(Date.UTC(2006, 6, 24));
    expect(instantOf(parseIsoString('2006-07-24')!)).toBe(Date.UTC(2006, 6, 24));
    expect(instantOf(parseIsoString('2006-07-24 10:11:12')!)).toBe(Date.UTC(2006, 6, 24, 10, 11, 12));
  });

  it('keeps fractions below the millisecond', () => {
    expect(parseIsoString('2020-01-01T00:00:00.1234+00:00')!.wallMs).toBeCloseTo(Date.UTC(2020, 0, 1) + 123.4, 6);
    expect(parseIsoString('2020-01-01T00:00:12.51Z')!.wallMs).toBe(Date.UTC(2020, 0, 1) + 12_510);
  });

  it('rejects what is not a timestamp', () => {
    for (const bad of ['', 'yesterday', '2020-13-01', '2021-02-29T00:00:00', '2020-01-01T25:00:00', '2020-01-01T10:00:00+2', '2020-01-01T10:00:00 junk', '1/2/2020']) {
      expect(parseIsoString(bad), bad).toBeNull();
    }
    expect(parseIsoString('2020-02-29T00:00:00')).not.toBeNull();
  });

  it('formats an instant back in its offset, exactly', () => {
    const text = '2011-01-06T12:18:00.000+01:00';
    const t = parseIsoString(text)!;
    expect(formatIso(instantOf(t), t.offsetMin)).toBe(text);
    expect(formatIso(Date.UTC(2006, 6, 24))).toBe('2006-07-24T00:00:00.000');
    const fine = parseIsoString('2020-01-01T00:00:00.123456Z')!;
    expect(formatIso(instantOf(fine), 0)).toBe('2020-01-01T00:00:00.123456+00:00');
  });
});
