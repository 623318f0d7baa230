import { EngineError, type EngineErrorCode } from '../engine/errors.ts';
import { CompileError } from '../model/compile.ts';
import { ValidationError } from '../model/yaml/validation-error.ts';
import { ConflictError, StoreError, type StoreErrorCode } from '../store/errors.ts';
import { ApiProblem } from './problem.ts';

/**
 * The one place where engine and store error codes become HTTP statuses (the core never knows
 * about HTTP). The tables are exhaustive over the code unions, so a new code is a compile error
 * here until someone decides its status.
 */

const ENGINE_STATUS = {
  // The state moved on (another person was faster): reload and decide again.
  CASE_NOT_ACTIVE: 409,
  TASK_NOT_OPEN: 409,
  ALREADY_CLAIMED: 409,
  TOKEN_NOT_FOUND: 409,
  // Someone else holds the task: a conflict with the current state, not a missing permission.
  NOT_ASSIGNEE: 409,
  // The request itself cannot be accepted by this SOP.
  FORM_INVALID: 422,
  CHECKLIST_FAILED: 422,
  VARIABLES_INVALID: 422,
  FEEL_ERROR: 422,
  LOOP_LIMIT: 422,
  BAD_COMMAND: 422,
} as const satisfies Record<EngineErrorCode, number>;

const STORE_STATUS = {
  CONFLICT: 409,
  CASE_NOT_FOUND: 404,
  DEFINITION_NOT_FOUND: 404,
  NOT_FOUND: 404,
  DEFINITION_IMMUTABLE: 409,
  DEFINITION_INVALID: 422,
  BAD_INPUT: 422,
  SCHEMA_TOO_NEW: 503,
  DATA_DIR_LOCKED: 503,
} as const satisfies Record<StoreErrorCode, number>;

/** The HTTP status of an engine error code. */
export function engineStatus(code: EngineErrorCode): number {
  return ENGINE_STATUS[code];
}

/** The HTTP status of a store error code (unknown codes from a newer store: 500, logged). */
export function storeStatus(code: StoreErrorCode): number {
  return (STORE_STATUS as Record<string, number>)[code] ?? 500;
}

/**
 * Turns anything thrown below the edge into a problem, or undefined when it is a bug (the
 * caller logs it and answers 500 without details).
 */
export function toProblem(e: unknown): ApiProblem | undefined {
  if (e instanceof ApiProblem) return e;
  if (e instanceof EngineError) {
    const issues = e.issues.map((i) => ({ path: i.field, message: i.message }));
    return new ApiProblem(engineStatus(e.code), e.code, e.message, { issues });
  }
  if (e instanceof ConflictError) return new ApiProblem(409, e.reason === '' ? 'CONFLICT' : e.reason, e.message);
  if (e instanceof StoreError) {
    const status = storeStatus(e.code);
    return status === 500 ? undefined : new ApiProblem(status, e.code, e.message);
  }
  if (e instanceof ValidationError) {
    const issues = e.issues.map((i) => ({ path: `${i.line}:${i.column}${i.path === '' ? '' : ` ${i.path}`}`, message: i.message }));
    return new ApiProblem(422, 'SOP_INVALID', `the SOP has ${e.issues.length} problem(s); each issue names line:column and the place in the document`, { issues });
  }
  if (e instanceof CompileError) {
    const issues = e.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return new ApiProblem(422, 'SOP_INVALID', `the SOP does not compile: ${e.message}`, { issues });
  }
  return undefined;
}
