/**
 * ISO 8601 timestamps as XES (xs:dateTime) and CSV exports write them, parsed straight from
 * bytes: the XES and CSV scanners call this for every event, and going through a JS string and
 * `Date.parse` costs more than the rest of the event together. `Date.parse` was also rejected
 * because it drops the written offset, which servflow keeps (docs/mining.md, "time zones").
 */

/** Marks "no offset was written" in an offset column (a real offset is within ±18 h). */
export const NO_OFFSET = -32768;

/** Result slot reused by the parser to avoid allocating per event. */
export interface ParsedTimestamp {
  /** The wall-clock time as written, read as if it were UTC, in epoch milliseconds. */
  wallMs: number;
  /** Minutes east of UTC as written (`+02:00` → 120), or NO_OFFSET. */
  offsetMin: number;
}

/** Creates a reusable result slot for `parseIsoBytes`. */
export function timestampSlot(): ParsedTimestamp {
  return { wallMs: 0, offsetMin: NO_OFFSET };
}

// Howard Hinnant's days_from_civil: proleptic Gregorian date → days since 1970-01-01.
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(b: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = (b[at + i] ?? 0) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Parses `YYYY-MM-DD[(T| )hh:mm[:ss[.fraction]]][Z|±hh[:mm]]` in `b[start, end)` into `out`.
 * Returns false (leaving `out` undefined) when the text is not such a timestamp.
 */
export function parseIsoBytes(b: Uint8Array, start: number, end: number, out: ParsedTimestamp): boolean {
  // Leading/trailing blanks are common in hand-made CSV files; they carry no meaning.
  while (start < end && b[start] === 32) start++;
  while (end > start && b[end - 1] === 32) end--;
  if (end - start < 10 || b[start + 4] !== 45 || b[start + 7] !== 45) return false;
  const year = digits(b, start, 4);
  const month = digits(b, start + 5, 2);
  const day = digits(b, start + 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > (DAYS_IN_MONTH[month - 1] ?? 0)) return false;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return false;
  let ms = daysFromCivil(year, month, day) * 86_400_000;
  let p = start + 10;
  if (p < end && (b[p] === 84 || b[p] === 32 || b[p] === 116)) {
    p++;
    const hh = digits(b, p, 2);
    if (hh < 0 || hh > 24 || b[p + 2] !== 58) return false;
    const mi = digits(b, p + 3, 2);
    if (mi < 0 || mi > 59) return false;
    p += 5;
    let ss = 0;
    if (p < end && b[p] === 58) {
      ss = digits(b, p + 1, 2);
      if (ss < 0 || ss > 60) return false;
      p += 3;
    }
    ms += hh * 3_600_000 + mi * 60_000 + ss * 1000;
    if (p < end && (b[p] === 46 || b[p] === 44)) {
      // Fraction of a second: keep sub-millisecond digits as a fraction of a millisecond.
      p++;
      let scale = 100;
      let frac = 0;
      const from = p;
      while (p < end) {
        const c = (b[p] ?? 0) - 48;
        if (c < 0 || c > 9) break;
        frac += c * scale;
        scale /= 10;
        p++;
      }
      if (p === from) return false;
      ms += frac;
    }
  } else if (p < end && b[p] !== 90 && b[p] !== 43 && b[p] !== 45) {
    return false;
  }
  out.offsetMin = NO_OFFSET;
  if (p < end) {
    const c = b[p];
    if (c === 90 || c === 122) {
      out.offsetMin = 0;
      p++;
    } else if (c === 43 || c === 45) {
      const oh = digits(b, p + 1, 2);
      if (oh < 0 || oh > 18) return false;
      p += 3;
      let om = 0;
      if (p < end && b[p] === 58) p++;
      if (p < end) {
        om = digits(b, p, 2);
        if (om < 0 || om > 59) return false;
        p += 2;
      }
      out.offsetMin = (c === 45 ? -1 : 1) * (oh * 60 + om);
    }
    if (p !== end) return false;
  }
  out.wallMs = ms;
  return true;
}

const encoder = new TextEncoder();

/** Parses an ISO 8601 string (see `parseIsoBytes`); returns null when it is not one. */
export function parseIsoString(text: string): ParsedTimestamp | null {
  const out = timestampSlot();
  const bytes = encoder.encode(text);
  return parseIsoBytes(bytes, 0, bytes.length, out) ? out : null;
}

/** The instant a parsed timestamp denotes, in epoch ms (a missing offset is read as UTC). */
export function instantOf(t: ParsedTimestamp): number {
  return t.offsetMin === NO_OFFSET ? t.wallMs : t.wallMs - t.offsetMin * 60_000;
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

/**
 * Formats an instant as ISO 8601 in the given offset (`2011-01-06T12:18:00.000+01:00`);
 * without an offset the time is written in UTC with no suffix, as it was read.
 * Sub-millisecond fractions are kept (up to microseconds) so a round trip is exact.
 */
export function formatIso(instantMs: number, offsetMin: number = NO_OFFSET): string {
  const hasOffset = offsetMin !== NO_OFFSET;
  const wall = hasOffset ? instantMs + offsetMin * 60_000 : instantMs;
  const whole = Math.floor(wall);
  const d = new Date(whole);
  const y = d.getUTCFullYear();
  const year = y >= 0 && y <= 9999 ? pad(y, 4) : (y < 0 ? '-' : '+') + pad(Math.abs(y), 6);
  let frac = pad(d.getUTCMilliseconds(), 3);
  const sub = Math.round((wall - whole) * 1000);
  if (sub > 0 && sub < 1000) frac += pad(sub, 3).replace(/0+$/, '');
  let text = `${year}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${frac}`;
  if (hasOffset) {
    const sign = offsetMin < 0 ? '-' : '+';
    const abs = Math.abs(offsetMin);
    text += `${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
  }
  return text;
}
