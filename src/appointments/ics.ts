/**
 * iCalendar (RFC 5545) for appointments: a VCALENDAR of VEVENTs with times in UTC, text
 * escaped (§3.3.11) and lines folded at 75 octets without splitting a UTF-8 character
 * (§3.1), CRLF line ends. Small enough to write here rather than pull in a library.
 */

export interface IcsEvent {
  /** Globally unique: `<appointment id>@<host>`. */
  readonly uid: string;
  readonly start: number;
  readonly end: number;
  readonly summary: string;
  readonly location?: string;
  readonly description?: string;
  readonly status: 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED';
  /** Bumped on every change, so calendar apps replace the old copy. */
  readonly sequence: number;
}

/** UTC date-time form 20260302T010000Z. */
export function icsTime(t: number): string {
  return new Date(t).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** TEXT value escaping: backslash, semicolon, comma, newline. */
export function icsText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line: at most 75 octets per line, continuation lines start with a space. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let cur = '';
  let bytes = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    const limit = parts.length === 0 ? 75 : 74; // continuation lines carry the leading space
    if (bytes + n > limit) {
      parts.push(cur);
      cur = '';
      bytes = 0;
    }
    cur += ch;
    bytes += n;
  }
  parts.push(cur);
  return parts.join('\r\n ');
}

/** A whole calendar file. `now` stamps DTSTAMP. */
export function icsCalendar(events: readonly IcsEvent[], opts: { readonly now: number; readonly name?: string }): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//servflow//appointments//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH'];
  if (opts.name !== undefined) lines.push(`X-WR-CALNAME:${icsText(opts.name)}`);
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${icsText(e.uid)}`,
      `DTSTAMP:${icsTime(opts.now)}`,
      `DTSTART:${icsTime(e.start)}`,
      `DTEND:${icsTime(e.end)}`,
      `SEQUENCE:${e.sequence}`,
      `STATUS:${e.status}`,
      `SUMMARY:${icsText(e.summary)}`,
    );
    if (e.location !== undefined) lines.push(`LOCATION:${icsText(e.location)}`);
    if (e.description !== undefined) lines.push(`DESCRIPTION:${icsText(e.description)}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
