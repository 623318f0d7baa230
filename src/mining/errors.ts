/**
 * Mining errors carry a stable `code` and, for bad input, the place it was found, so a caller
 * (the CLI, later the web app) can show "line 12, column 4" without parsing the message.
 */
export type MiningErrorCode =
  | 'XES_MALFORMED'
  | 'CSV_MALFORMED'
  | 'CSV_MISSING_COLUMN'
  | 'BAD_TIMESTAMP'
  | 'PNML_MALFORMED'
  | 'NET_INVALID'
  | 'IO_ERROR'
  | 'BAD_ARGUMENT';

/** Where in the input a problem was found; every field is 1-based and optional. */
export interface InputLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** Absolute byte offset (0-based) in the (decompressed) input. */
  readonly byte?: number;
  /** CSV: the data row (1 = the first row after the header) and the field's column name. */
  readonly row?: number;
  readonly field?: string;
}

/** An error from reading, checking or mining a log or model, with a stable code and the input location. */
export class MiningError extends Error {
  constructor(
    readonly code: MiningErrorCode,
    message: string,
    readonly location: InputLocation = {},
  ) {
    super(withLocation(message, location));
    this.name = 'MiningError';
  }
}

function withLocation(message: string, at: InputLocation): string {
  const parts: string[] = [];
  if (at.file !== undefined) parts.push(at.file);
  if (at.row !== undefined) parts.push(`row ${at.row}`);
  if (at.field !== undefined) parts.push(`field "${at.field}"`);
  if (at.line !== undefined) parts.push(`line ${at.line}`);
  if (at.column !== undefined) parts.push(`column ${at.column}`);
  if (at.line === undefined && at.byte !== undefined) parts.push(`byte ${at.byte}`);
  return parts.length === 0 ? message : `${parts.join(', ')}: ${message}`;
}
