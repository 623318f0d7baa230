export { execute } from './execute.ts';
export { EngineError, type EngineErrorCode, type FieldIssue } from './errors.ts';
export { evaluateChecklist } from './checklist.ts';
export { validateForm } from './form.ts';
export { feel, feelTrue } from './feel.ts';
export { counterIds } from './ids.ts';
export type * from './types.ts';
