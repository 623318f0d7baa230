import type { EventLog } from '../objects/event-log.ts';
import { LogBuilder, type LogReadOptions } from '../objects/log-builder.ts';
import { MiningError } from '../errors.ts';
import { driveFile, driveScanner, fileChunks, inputChunks, lineColumnAt, type ByteInput, type ProgressListener } from './byte-source.ts';
import { XesScanner, XesSyntaxError, type XesScanOptions } from './xes-scanner.ts';

/** Options for reading XES. */
export interface XesReadOptions extends LogReadOptions, XesScanOptions {
  /** Called as bytes are read (file readers: over the file's bytes, compressed or not). */
  readonly onProgress?: ProgressListener;
}

/**
 * Reads an XES file (`.xes` or gzip-compressed `.xes.gz`, recognised by content) as a stream, so
 * files larger than memory allows for a string are fine. Errors name the line and column.
 */
export async function readXes(path: string, options: XesReadOptions = {}): Promise<EventLog> {
  const drive: Drive = async (scan) => {
    if (!(await driveFile(path, scan, options.onProgress))) await driveScanner(fileChunks(path, options.onProgress), scan);
  };
  return scanXes(drive, options, async (at) => ({ file: path, ...(await lineColumnAt(fileChunks(path), at)) }));
}

/**
 * Parses XES from memory (a string, bytes — gzip or not) or from any async iterable of byte
 * chunks. Errors name the line and column for in-memory input, the byte offset otherwise.
 */
export async function parseXes(input: ByteInput, options: XesReadOptions = {}): Promise<EventLog> {
  const replayable = typeof input === 'string' || input instanceof Uint8Array;
  return scanXes((scan) => driveScanner(inputChunks(input), scan), options, async (at) => (replayable ? await lineColumnAt(inputChunks(input), at) : { byte: at }));
}

type Drive = (scan: (b: import('node:buffer').Buffer, final: boolean) => number) => Promise<void>;

async function scanXes(
  drive: Drive,
  options: XesReadOptions,
  locate: (at: number) => Promise<{ file?: string; line?: number; column?: number; byte?: number }>,
): Promise<EventLog> {
  const builder = new LogBuilder({ offsets: options.offsets ?? 'keep', withStartTime: options.startTimestampKey !== undefined });
  const scanner = new XesScanner(builder, options);
  try {
    await drive((b, final) => scanner.feed(b, final));
  } catch (err) {
    if (err instanceof XesSyntaxError) {
      const where = await locate(err.at);
      throw new MiningError(err.kind, err.message, { ...where, byte: err.at });
    }
    throw err;
  }
  return builder.build();
}
