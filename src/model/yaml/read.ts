import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, visit, type Document } from 'yaml';
import { compile, CompileError } from '../compile.ts';
import type { ProcessDefinition } from '../types.ts';
import { locate, type Anchor } from './locate.ts';
import { sopFileSchema } from './schema.ts';
import { schemaIssues, showPath } from './schema-issues.ts';
import { isPlainObject } from './schema-walk.ts';
import { surfacePath } from './surface-path.ts';
import { toDefinition } from './to-definition.ts';
import { ValidationError, type ValidationIssue } from './validation-error.ts';
import { yamlProblem } from './yaml-errors.ts';

/**
 * Reading an SOP file: YAML → the file schema → the model → the graph checks of `compile()`.
 * Each stage runs only when the one before found nothing, because later stages on broken input
 * only repeat the first mistake in other words. Within a stage, issues about written tokens come
 * before issues about missing things, then by position.
 */

type Path = readonly (string | number)[];
interface Found {
  readonly path: Path;
  readonly message: string;
  readonly anchor?: Anchor;
  readonly offset?: number;
  readonly rank: number;
}

function located(file: string, doc: Document, text: string, lines: LineCounter, found: readonly Found[]): ValidationIssue[] {
  const issues = found.map((f) => ({ f, ...locate(doc, text, lines, f.path, f.anchor ?? 'value', f.offset) }));
  issues.sort((a, b) => a.f.rank - b.f.rank || a.line - b.line || a.column - b.column);
  const seen = new Set<string>();
  const out: ValidationIssue[] = [];
  for (const { f, line, column } of issues) {
    const k = `${line}:${column}:${f.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ file, line, column, path: f.path.length === 0 ? '' : showPath(f.path), message: f.message });
  }
  return out;
}

function at(file: string, lines: LineCounter, offset: number, message: string): ValidationIssue {
  const { line, col } = lines.linePos(offset);
  return { file, line, column: col, path: '', message };
}

/** Parses an SOP YAML text into a checked `ProcessDefinition`; throws `ValidationError` naming file:line:column of every problem. */
export function parseSop(text: string, fileName: string): ProcessDefinition {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const syntax = [...doc.errors, ...doc.warnings].map((e) => {
    const p = yamlProblem(e, text);
    return at(fileName, lines, p.offset, p.message);
  });
  if (syntax.length > 0) throw new ValidationError(syntax.sort((a, b) => a.line - b.line || a.column - b.column));

  // An alias to an anchor that was never set (`*x`, often a value starting with "*"): toJS would throw without a place.
  const dangling: ValidationIssue[] = [];
  visit(doc, {
    Alias(_key, alias) {
      if (alias.resolve(doc) === undefined)
        dangling.push(at(fileName, lines, alias.range?.[0] ?? 0, `YAML: *${alias.source} refers to an anchor &${alias.source} that is not set; put the value in quotes if it starts with a literal "*"`));
    },
  });
  if (dangling.length > 0) throw new ValidationError(dangling);

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // An alias to an anchor that does not exist, or an alias bomb: the only errors toJS throws.
    throw new ValidationError([at(fileName, lines, 0, `YAML: ${(e as Error).message}`)]);
  }
  if (!isPlainObject(data)) {
    const what = data === null || data === undefined ? 'the file is empty' : 'the file is not a mapping';
    throw new ValidationError([at(fileName, lines, 0, `${what}; an SOP starts with key:, version:, name: and nodes:`)]);
  }

  const parsed = sopFileSchema.safeParse(data);
  if (!parsed.success) throw new ValidationError(located(fileName, doc, text, lines, schemaIssues(parsed.error.issues, data)));

  const def = toDefinition(parsed.data);
  try {
    compile(def);
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    // An issue about a node as a whole (unreachable, no way on) ranks after issues at a token.
    const found = e.issues.map((i): Found => ({ path: surfacePath(i.path, data), message: i.message, offset: i.offset, rank: i.path.length <= 2 ? 1 : 0 }));
    throw new ValidationError(located(fileName, doc, text, lines, found));
  }
  return def;
}

/** Reads and parses an SOP YAML file (see `parseSop`); file-system errors are thrown as they are. */
export async function loadSopFile(path: string): Promise<ProcessDefinition> {
  return parseSop(await readFile(path, 'utf8'), path);
}
