import { Buffer } from 'node:buffer';

/**
 * Decoding of XML attribute values from bytes, shared by the XES scanner and the PNML reader.
 * The fast path (no entity, no control character) is a single `Buffer#toString`; the slow path
 * applies XML's entity expansion and attribute-value normalisation (tab/CR/LF → space), as any
 * conforming parser (and so PM4Py's lxml) does.
 */

/** Thrown by `decodeXmlText` for an unknown or malformed entity; `at` is the byte offset. */
export class XmlTextError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Expands entities in already-decoded text; `base` is the text's byte offset for errors. */
export function expandEntities(text: string, base: number, normaliseWhitespace: boolean): string {
  let out = normaliseWhitespace ? text.replace(/[\t\n\r]/g, ' ') : text;
  if (out.indexOf('&') < 0) return out;
  out = out.replace(/&([^;&\s]{0,12});?/g, (whole, name: string, offset: number) => {
    if (!whole.endsWith(';')) throw new XmlTextError(`unterminated entity "&${name}"`, base + offset);
    if (name.startsWith('#x') || name.startsWith('#X')) {
      const code = Number.parseInt(name.slice(2), 16);
      if (/^[0-9a-fA-F]+$/.test(name.slice(2)) && code <= 0x10ffff) return String.fromCodePoint(code);
    } else if (name.startsWith('#')) {
      const code = Number.parseInt(name.slice(1), 10);
      if (/^[0-9]+$/.test(name.slice(1)) && code <= 0x10ffff) return String.fromCodePoint(code);
    } else {
      const named = NAMED[name];
      if (named !== undefined) return named;
    }
    throw new XmlTextError(`unknown entity "&${name};"`, base + offset);
  });
  return out;
}

/**
 * Decodes `b[start, end)` as XML attribute text. `special` says whether the scan saw `&` or a
 * control character (callers find that out while looking for the closing quote anyway).
 */
export function decodeXmlText(b: Buffer, start: number, end: number, special: boolean, latin1: boolean): string {
  const text = b.toString(latin1 ? 'latin1' : 'utf8', start, end);
  return special ? expandEntities(text, start, true) : text;
}
