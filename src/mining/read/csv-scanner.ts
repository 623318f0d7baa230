import { Buffer } from 'node:buffer';
import type { LogBuilder } from '../objects/log-builder.ts';
import { parseIsoBytes, timestampSlot } from '../util/timestamp.ts';
import { ByteInterner } from '../util/byte-interner.ts';
import { DEFAULT_CSV_COLUMNS, type CsvColumns } from './csv-columns.ts';

/** A CSV problem at a data row (1-based, after the header) and physical line. */
export class CsvProblem extends Error {
  constructor(
    message: string,
    readonly code: 'CSV_MALFORMED' | 'CSV_MISSING_COLUMN' | 'BAD_TIMESTAMP',
    readonly line: number,
    readonly row?: number,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Options of the CSV scanner. */
export interface CsvScanOptions {
  /** Column names; unset ones fall back to DEFAULT_CSV_COLUMNS (optional ones only if present). */
  readonly columns?: Partial<CsvColumns>;
  /** Field separator; detected from the header (`,` `;` tab `|`) when not given. */
  readonly delimiter?: string;
}

const QUOTE = 34;

// Case ids are short: a JS loop beats the native Buffer#compare call.
function sameBytes(a: Buffer, b: Buffer, s: number, e: number): boolean {
  if (a.length !== e - s) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[s + i]) return false;
  return true;
}
const LF = 10;
const CR = 13;

/**
 * An incremental RFC 4180 scanner (quoted fields, doubled quotes, CRLF or LF, line breaks inside
 * quotes) that reads bytes and decodes only the mapped columns of each row. Rows of one case
 * need not be adjacent; the builder merges them in file order.
 */
export class CsvScanner {
  private header: string[] | null = null;
  private delimiter: number;
  private line = 1;
  private row = 0;
  private colCase = -1;
  private colActivity = -1;
  private colTime = -1;
  private colStart = -1;
  private colResource = -1;
  private colLifecycle = -1;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private quoted = new Uint8Array(64);
  private lastCase: Buffer | null = null;
  /** 1 for the bytes that end an unquoted field (delimiter, CR, LF): one load per byte. */
  private readonly stops = new Uint8Array(256);
  private lastCaseId = '';
  private readonly ts = timestampSlot();
  private readonly startSlot = timestampSlot();
  private readonly activities: ByteInterner;
  private readonly resources: ByteInterner;
  private readonly lifecycles: ByteInterner;

  constructor(
    private readonly builder: LogBuilder,
    private readonly options: CsvScanOptions = {},
  ) {
    this.delimiter = options.delimiter === undefined ? -1 : options.delimiter.charCodeAt(0);
    this.activities = new ByteInterner(builder.activities);
    this.resources = new ByteInterner(builder.resources);
    this.lifecycles = new ByteInterner(builder.lifecycles);
  }

  // Quoted fields may hold doubled quotes, so they go through the string path.
  private intern(target: ByteInterner, strings: { id(name: string): number }, b: Buffer, f: number): number {
    if (this.quoted[f]) return strings.id(this.field(b, f));
    const id = target.find(b, this.starts[f]!, this.ends[f]!);
    return id >= 0 ? id : target.add(b, this.starts[f]!, this.ends[f]!, this.field(b, f));
  }

  /** Whether the mapping found a start-timestamp column (known after the header). */
  get hasStartColumn(): boolean {
    return this.colStart >= 0;
  }

  /** Scans complete rows of `b`; returns the index where the first incomplete row begins. */
  feed(b: Buffer, final: boolean): number {
    const n = b.length;
    let p = 0;
    if (this.header === null && this.row === 0 && n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) p = 3;
    if (this.delimiter < 0) {
      const detected = this.detectDelimiter(b, p, n, final);
      if (detected < 0) return p;
      this.delimiter = detected;
    }
    const d = this.delimiter;
    const stops = this.stops;
    stops[d] = 1;
    stops[LF] = 1;
    stops[CR] = 1;
    while (p < n) {
      // One row: fields into starts/ends; stop (and retry later) when the row is incomplete.
      const rowStart = p;
      const rowLine = this.line;
      let nf = 0;
      let lines = 0;
      let complete = false;
      let q = p;
      for (;;) {
        if (nf === this.starts.length) this.growFields();
        if (q < n && b[q] === QUOTE) {
          let r = q + 1;
          let closed = false;
          while (r < n) {
            const c = b[r];
            if (c === QUOTE) {
              if (r + 1 < n && b[r + 1] === QUOTE) {
                r += 2;
                continue;
              }
              if (r + 1 >= n && !final) break;
              closed = true;
              break;
            }
            if (c === LF) lines++;
            r++;
          }
          if (!closed) {
            if (final) throw new CsvProblem('a quoted field is not closed before the end of the file', 'CSV_MALFORMED', rowLine, this.header ? this.row + 1 : undefined);
            break;
          }
          this.starts[nf] = q + 1;
          this.ends[nf] = r;
          this.quoted[nf] = 1;
          nf++;
          q = r + 1;
          if (q >= n && !final) break;
          const c = b[q];
          if (q >= n || c === LF || c === CR) {
            complete = true;
          } else if (c !== d) {
            throw new CsvProblem(`unexpected character after a closing quote in field ${nf}`, 'CSV_MALFORMED', rowLine + lines, this.header ? this.row + 1 : undefined);
          } else {
            q++;
            continue;
          }
        } else {
          let r = q;
          while (r < n && stops[b[r]!] === 0) r++;
          if (r >= n && !final) break;
          this.starts[nf] = q;
          this.ends[nf] = r;
          this.quoted[nf] = 0;
          nf++;
          if (r < n && b[r] === d) {
            q = r + 1;
            continue;
          }
          q = r;
          complete = true;
        }
        break;
      }
      if (!complete) {
        if (final && q >= n && nf > 0) complete = true;
        else return rowStart;
      }
      // End of line: CRLF, LF or a lone CR.
      if (q < n && b[q] === CR) {
        if (q + 1 >= n && !final) return rowStart;
        q++;
        if (q < n && b[q] === LF) q++;
        lines++;
      } else if (q < n && b[q] === LF) {
        q++;
        lines++;
      }
      this.line += lines;
      p = q;
      if (nf === 1 && this.ends[0] === this.starts[0] && !this.quoted[0]) continue; // blank line
      if (this.header === null) this.readHeader(b, nf, rowLine);
      else this.readRow(b, nf, rowLine);
    }
    return p;
  }

  /** Called after the last chunk: a file with no header is an error. */
  finish(): void {
    if (this.header === null) throw new CsvProblem('the file is empty: no header row', 'CSV_MALFORMED', 1);
  }

  private growFields(): void {
    const size = this.starts.length * 2;
    const s = new Int32Array(size);
    s.set(this.starts);
    this.starts = s;
    const e = new Int32Array(size);
    e.set(this.ends);
    this.ends = e;
    const q = new Uint8Array(size);
    q.set(this.quoted);
    this.quoted = q;
  }

  private detectDelimiter(b: Buffer, p: number, n: number, final: boolean): number {
    let end = p;
    let inQuote = false;
    while (end < n) {
      const c = b[end];
      if (c === QUOTE) inQuote = !inQuote;
      else if (!inQuote && (c === LF || c === CR)) break;
      end++;
    }
    if (end >= n && !final) return -1;
    const counts = new Map<number, number>([[44, 0], [59, 0], [9, 0], [124, 0]]);
    inQuote = false;
    for (let i = p; i < end; i++) {
      const c = b[i]!;
      if (c === QUOTE) inQuote = !inQuote;
      else if (!inQuote && counts.has(c)) counts.set(c, counts.get(c)! + 1);
    }
    let best = 44;
    for (const [c, k] of counts) if (k > counts.get(best)!) best = c;
    return best;
  }

  private field(b: Buffer, f: number): string {
    const text = b.toString('utf8', this.starts[f]!, this.ends[f]!);
    return this.quoted[f] ? text.replace(/""/g, '"') : text;
  }

  private readHeader(b: Buffer, nf: number, line: number): void {
    const names: string[] = [];
    for (let f = 0; f < nf; f++) names.push(this.field(b, f).trim());
    this.header = names;
    const wanted = { ...DEFAULT_CSV_COLUMNS, ...this.options.columns };
    const find = (name: string | undefined, required: boolean, role: string): number => {
      if (name === undefined) return -1;
      const i = names.indexOf(name);
      if (i < 0 && required) {
        throw new CsvProblem(`no column "${name}" for the ${role} (columns: ${names.map((x) => `"${x}"`).join(', ')})`, 'CSV_MISSING_COLUMN', line, undefined, name);
      }
      return i;
    };
    const given = this.options.columns ?? {};
    this.colCase = find(wanted.case, true, 'case id');
    this.colActivity = find(wanted.activity, true, 'activity');
    this.colTime = find(wanted.timestamp, true, 'timestamp');
    // Optional columns are required only when the caller named them explicitly.
    this.colStart = find(wanted.startTimestamp, given.startTimestamp !== undefined, 'start timestamp');
    this.colResource = find(wanted.resource, given.resource !== undefined, 'resource');
    this.colLifecycle = find(wanted.lifecycle, given.lifecycle !== undefined, 'lifecycle transition');
    if (this.colStart < 0) this.builder.dropStartTime();
  }

  /** Data rows read so far. */
  get rows(): number {
    return this.row;
  }

  private readRow(b: Buffer, nf: number, line: number): void {
    const row = ++this.row;
    const header = this.header!;
    if (nf !== header.length) {
      throw new CsvProblem(`the row has ${nf} fields but the header has ${header.length}`, 'CSV_MALFORMED', line, row);
    }
    const builder = this.builder;
    // Case id: rows of a case are usually adjacent, so compare bytes with the previous one first.
    const cs = this.starts[this.colCase]!;
    const ce = this.ends[this.colCase]!;
    if (ce === cs) throw new CsvProblem('empty case id', 'CSV_MALFORMED', line, row, header[this.colCase]);
    const last = this.lastCase;
    if (this.quoted[this.colCase]) {
      const id = this.field(b, this.colCase);
      if (last === null || id !== this.lastCaseId) {
        if (last !== null) builder.endSegment(this.lastCaseId);
        this.lastCaseId = id;
        this.lastCase = Buffer.from(b.subarray(cs, ce));
      }
    } else if (last === null || !sameBytes(last, b, cs, ce)) {
      if (last !== null) builder.endSegment(this.lastCaseId);
      this.lastCaseId = this.field(b, this.colCase);
      this.lastCase = Buffer.from(b.subarray(cs, ce));
    }
    const activity = this.intern(this.activities, builder.activities, b, this.colActivity);
    const tf = this.colTime;
    if (!parseIsoBytes(b, this.starts[tf]!, this.ends[tf]!, this.ts)) {
      throw new CsvProblem(`bad timestamp "${this.field(b, tf)}" (expected ISO 8601, e.g. 2011-01-06 12:18:00+01:00)`, 'BAD_TIMESTAMP', line, row, header[tf]);
    }
    let start = Number.NaN;
    const sf = this.colStart;
    if (sf >= 0 && this.ends[sf]! > this.starts[sf]!) {
      if (!parseIsoBytes(b, this.starts[sf]!, this.ends[sf]!, this.startSlot)) {
        throw new CsvProblem(`bad timestamp "${this.field(b, sf)}"`, 'BAD_TIMESTAMP', line, row, header[sf]);
      }
      start = builder.instant(this.startSlot);
    }
    const rf = this.colResource;
    const resource = rf >= 0 && this.ends[rf]! > this.starts[rf]! ? this.intern(this.resources, builder.resources, b, rf) : -1;
    const lf = this.colLifecycle;
    const lifecycle = lf >= 0 && this.ends[lf]! > this.starts[lf]! ? this.intern(this.lifecycles, builder.lifecycles, b, lf) : -1;
    builder.addEvent(activity, this.ts, start, resource, lifecycle);
  }

  /** Closes the last case (call after the final feed). */
  close(): void {
    if (this.lastCase !== null) this.builder.endSegment(this.lastCaseId);
  }
}
