/**
 * The model folder's door: the SOP types, the YAML reader and writer, and the graph compiler.
 */
export type * from './types.ts';
export { compile, CompileError, type ModelIssue } from './compile.ts';
export { checkDefinition } from './checks.ts';
export { checkFeelSyntax, type FeelProblem } from './feel-syntax.ts';
export { parseTimeLimit, formatTimeLimit, TimeLimitError } from './time-limit.ts';
export { parseSop, loadSopFile } from './yaml/read.ts';
export { ValidationError, formatIssue, type ValidationIssue } from './yaml/validation-error.ts';
export { toYaml } from './yaml/write.ts';
export { sopJsonSchema } from './yaml/json-schema.ts';
