/**
 * Store errors carry a stable code; the API edge maps codes to HTTP statuses (CONFLICT → 409,
 * *_NOT_FOUND → 404…). `conflict` says the caller lost a race: reload and decide again.
 * Engine refusals (`EngineError`) pass through unchanged, except lost races, which become a
 * `ConflictError` so callers have one type to catch for 409.
 */
export type StoreErrorCode =
  | 'CONFLICT'
  | 'CASE_NOT_FOUND'
  | 'DEFINITION_NOT_FOUND'
  | 'DEFINITION_IMMUTABLE'
  | 'DEFINITION_INVALID'
  | 'NOT_FOUND'
  | 'SCHEMA_TOO_NEW'
  | 'DATA_DIR_LOCKED'
  | 'BAD_INPUT';

export class StoreError extends Error {
  readonly conflict: boolean;
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
    this.conflict = code === 'CONFLICT';
  }
}

/** The case moved on since the caller read it (stale `expectedVersion`, or the engine saw a lost race). */
export class ConflictError extends StoreError {
  constructor(
    message: string,
    readonly caseId: string,
    /** The engine's code when the engine detected the race (TASK_NOT_OPEN, ALREADY_CLAIMED…). */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super('CONFLICT', message, options);
    this.name = 'ConflictError';
  }
}

/** True for a PostgreSQL error with this SQLSTATE (both drivers expose `code`). */
export function hasSqlState(e: unknown, state: string): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === state;
}
