import { stat } from 'node:fs/promises';
import type { EventLog } from '../objects/event-log.ts';
import { LogBuilder, type LogReadOptions } from '../objects/log-builder.ts';
import { MiningError } from '../errors.ts';
import { driveFile, driveScanner, fileChunks, inputChunks, type ByteInput, type ProgressListener } from './byte-source.ts';
import { CsvProblem, CsvScanner, type CsvScanOptions } from './csv-scanner.ts';

/** Options for reading CSV. */
export interface CsvReadOptions extends LogReadOptions, CsvScanOptions {
  readonly onProgress?: ProgressListener;
}

/** Reads an event log from a CSV file (plain or gzip), streaming. Errors name the row and field. */
export async function readCsv(path: string, options: CsvReadOptions = {}): Promise<EventLog> {
  const size = await stat(path).then((s) => s.size, () => undefined);
  const drive: Drive = async (scan) => {
    if (!(await driveFile(path, scan, options.onProgress))) await driveScanner(fileChunks(path, options.onProgress), scan);
  };
  return scanCsv(drive, options, path, size);
}

/** Parses an event log from CSV text, bytes or a stream of byte chunks. */
export async function parseCsv(input: ByteInput, options: CsvReadOptions = {}): Promise<EventLog> {
  return scanCsv((scan) => driveScanner(inputChunks(input), scan), options, undefined);
}

type Drive = (scan: (b: import('node:buffer').Buffer, final: boolean) => number) => Promise<void>;

// Rows read before the size estimate is trusted.
const SAMPLE_ROWS = 1000;

async function scanCsv(drive: Drive, options: CsvReadOptions, file: string | undefined, size?: number): Promise<EventLog> {
  // The builder must know up front whether to keep a start-time column; the scanner decides
  // after the header, so a start column is allocated when one could be mapped and dropped later.
  const builder = new LogBuilder({ offsets: options.offsets ?? 'keep', withStartTime: true });
  const scanner = new CsvScanner(builder, options);
  try {
    // Once a sample of rows gives the bytes per row, the columns are sized for the whole file at
    // once instead of doubling (and copying) a dozen times. For a gzip file the estimate is low
    // and the columns simply keep growing.
    let consumed = 0;
    let reserved = size === undefined;
    await drive((b, final) => {
      const used = scanner.feed(b, final);
      consumed += used;
      if (!reserved && scanner.rows >= SAMPLE_ROWS) {
        reserved = true;
        builder.reserve(Math.ceil(((size ?? 0) * scanner.rows * 1.02) / consumed));
      }
      return used;
    });
    scanner.finish();
    scanner.close();
  } catch (err) {
    if (err instanceof CsvProblem) {
      throw new MiningError(err.code, err.message, {
        ...(file !== undefined ? { file } : {}),
        line: err.line,
        ...(err.row !== undefined ? { row: err.row } : {}),
        ...(err.field !== undefined ? { field: err.field } : {}),
      });
    }
    throw err;
  }
  const log = builder.build();
  return scanner.hasStartColumn ? log : { ...log, startTime: null };
}
