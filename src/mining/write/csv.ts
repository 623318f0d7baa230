import type { Writable } from 'node:stream';
import { DEFAULT_CSV_COLUMNS } from '../read/csv-columns.ts';
import type { LogEvent } from '../objects/log-event.ts';
import { formatIso, NO_OFFSET } from '../util/timestamp.ts';
import { TextSink } from './sink.ts';

/** Options for `writeCsv`. */
export interface CsvWriteOptions {
  /** Add a start-timestamp column (for events that carry `startTime`). */
  readonly withStartTime?: boolean;
  readonly delimiter?: string;
  /** Event attributes to add as columns after the standard ones, in this order (absent → empty). */
  readonly attributeColumns?: readonly string[];
}

/** Quotes a CSV field when it holds the delimiter, a quote or a line break (RFC 4180). */
export function csvField(text: string, delimiter = ','): string {
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Writes events as CSV with servflow's default column names (those `readCsv` expects without a
 * mapping): case, activity, ISO 8601 timestamp with the event's offset, resource, lifecycle.
 * One row per event, in the order given. Resolves when all is handed to the stream.
 */
export async function writeCsv(events: AsyncIterable<LogEvent> | Iterable<LogEvent>, out: Writable, options: CsvWriteOptions = {}): Promise<void> {
  const d = options.delimiter ?? ',';
  const sink = new TextSink(out);
  const c = DEFAULT_CSV_COLUMNS;
  const extra = options.attributeColumns ?? [];
  const header = [c.case, c.activity, c.timestamp, ...(options.withStartTime ? [c.startTimestamp!] : []), c.resource!, c.lifecycle!, ...extra];
  await sink.write(header.map((h) => csvField(h, d)).join(d) + '\n');
  for await (const e of events) {
    const off = e.offsetMinutes ?? NO_OFFSET;
    const fields = [csvField(e.caseId, d), csvField(e.activity, d), Number.isNaN(e.time) ? '' : formatIso(e.time, off)];
    if (options.withStartTime) fields.push(e.startTime == null || Number.isNaN(e.startTime) ? '' : formatIso(e.startTime, off));
    fields.push(e.resource == null ? '' : csvField(e.resource, d), e.lifecycle == null ? '' : csvField(e.lifecycle, d));
    for (const key of extra) {
      const v = e.attributes?.[key];
      fields.push(v == null ? '' : csvField(String(v), d));
    }
    await sink.write(fields.join(d) + '\n');
  }
  await sink.flush();
}
