import { parseExpression } from 'feelin';

/** A FEEL syntax problem: where in the expression (0-based character offset) and what to change. */
export interface FeelProblem {
  readonly offset: number;
  readonly message: string;
}

/**
 * Habits from JavaScript or SQL that FEEL does not share. `a == 1` even parses (as `a = (= 1)`,
 * a unary test), so it would silently never be true: it is caught here, before the parser.
 */
const HABITS: readonly [RegExp, string][] = [
  [/==/, 'FEEL compares with a single "=" (write `a = 1`, not `a == 1`)'],
  [/&&/, 'FEEL writes "and", not "&&"'],
  [/\|\|/, 'FEEL writes "or", not "||"'],
  [/'/, 'FEEL strings use double quotes: write "VIP", not \'VIP\''],
];

/** The expression with the contents of "string literals" blanked, so habits are looked for in code only. */
function maskStrings(expr: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i]!;
    if (inString && ch === '\\') {
      out += '  ';
      i++;
    } else if (ch === '"') {
      inString = !inString;
      out += ch;
    } else out += inString ? ' ' : ch;
  }
  return out;
}

/** Checks that a FEEL expression parses; returns the first problem, or undefined when it is fine. */
export function checkFeelSyntax(expr: string): FeelProblem | undefined {
  if (expr.trim() === '') return { offset: 0, message: 'empty FEEL expression; write a condition such as severity = "critical"' };
  const code = maskStrings(expr);
  for (const [re, message] of HABITS) {
    const m = re.exec(code);
    if (m) return { offset: m.index, message };
  }
  let at: number | undefined;
  try {
    const tree = parseExpression(expr, {}, undefined);
    tree.iterate({
      enter(node) {
        if (at !== undefined) return false;
        if (node.type.isError) at = node.from;
        return undefined;
      },
    });
  } catch (e) {
    // The parser recovers from errors by design; a throw means an input it could not handle at all.
    return { offset: 0, message: `not valid FEEL (${(e as Error).message})` };
  }
  if (at === undefined) return undefined;
  if (at >= expr.trimEnd().length) return { offset: at, message: `FEEL expression ends too early: "${expr.trim()}" needs something after it` };
  const near = expr.slice(at, at + 12).trimEnd();
  return { offset: at, message: `FEEL syntax error at "${near}" (character ${at + 1})` };
}
