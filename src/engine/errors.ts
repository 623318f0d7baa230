/**
 * Engine errors carry a stable code; the API edge maps codes to HTTP statuses.
 * `conflict` errors are what a second, concurrent caller gets (HTTP 409): the state moved on.
 */
export type EngineErrorCode =
  | 'CASE_NOT_ACTIVE'
  | 'TASK_NOT_OPEN'
  | 'NOT_ASSIGNEE'
  | 'ALREADY_CLAIMED'
  | 'FORM_INVALID'
  | 'CHECKLIST_FAILED'
  | 'VARIABLES_INVALID'
  | 'TOKEN_NOT_FOUND'
  | 'FEEL_ERROR'
  | 'LOOP_LIMIT'
  | 'BAD_COMMAND';

export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

const CONFLICTS: ReadonlySet<EngineErrorCode> = new Set(['CASE_NOT_ACTIVE', 'TASK_NOT_OPEN', 'ALREADY_CLAIMED', 'TOKEN_NOT_FOUND']);

export class EngineError extends Error {
  /** True when the command lost a race with another one: the caller should reload and decide again. */
  readonly conflict: boolean;
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'EngineError';
    this.conflict = CONFLICTS.has(code);
  }
}
