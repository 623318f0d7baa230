/** One problem in an SOP file, placed where an editor can jump to it (1-based line and column). */
export interface ValidationIssue {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Where in the document, as people read it: nodes[3].sla.due ("" for the file as a whole). */
  readonly path: string;
  readonly message: string;
}

/** An SOP file that cannot be used, with every problem found; `message` lists them as file:line:col: text. */
export class ValidationError extends Error {
  readonly code = 'SOP_INVALID';
  constructor(readonly issues: readonly ValidationIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ValidationError';
  }
}

/** The line a compiler would print: file:line:col: message. */
export function formatIssue(i: ValidationIssue): string {
  return `${i.file}:${i.line}:${i.column}: ${i.message}`;
}
