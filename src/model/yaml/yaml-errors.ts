import type { YAMLError } from 'yaml';

/**
 * YAML syntax errors with a hint of what to change, placed where the mistake was typed.
 *
 * The yaml parser notices an unclosed quote or bracket only where it gives up — often the end
 * of the file. The author needs the place it was opened, so for those errors the opening
 * character is looked for before the reported position.
 */

export interface YamlProblem {
  readonly offset: number;
  readonly message: string;
}

const HINTS: Readonly<Record<string, string>> = {
  DUPLICATE_KEY: 'each key may appear only once in a mapping; remove or rename one of them',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  BAD_INDENT: 'check the indentation: keys of one mapping start in the same column',
  BLOCK_AS_IMPLICIT_KEY: 'a value cannot hold "key: value" on the same line; put it on its own indented line or quote the value',
  MULTILINE_IMPLICIT_KEY: 'a key must fit on one line; is a line indented too far, or a ":" missing?',
  BAD_SCALAR_START: 'quote a value that starts with @, `, %, ! or &',
  UNEXPECTED_TOKEN: 'check the indentation of this line and the one before; quote values containing ": " or " #"',
  MULTIPLE_DOCS: 'one SOP per file: remove the "---" line or split the file',
  TAG_RESOLVE_FAILED: 'servflow files use no YAML tags; remove the "!…"',
  BAD_DQ_ESCAPE: 'in "double quotes" a backslash starts an escape; write \\\\ for a backslash or use single quotes',
};

/** The position of the unmatched opening quote or bracket before `end`, if one can be found. */
function opener(source: string, end: number, kind: 'quote' | 'bracket', char: string): number | undefined {
  if (kind === 'quote') {
    for (let i = Math.min(end, source.length) - 1; i >= 0; i--) {
      if (source[i] !== char) continue;
      if (char === "'" && source[i - 1] === "'") {
        i--; // '' is an escaped quote inside a single-quoted string
        continue;
      }
      if (char === '"' && source[i - 1] === '\\') continue;
      return i;
    }
    return undefined;
  }
  const stack: number[] = [];
  let quote: string | undefined;
  for (let i = 0; i < Math.min(end, source.length); i++) {
    const ch = source[i]!;
    if (quote) {
      if (ch === quote && !(quote === '"' && source[i - 1] === '\\')) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      if (i === 0 || /[\s:[{,-]/.test(source[i - 1]!)) quote = ch;
    } else if (ch === '#' && (i === 0 || /\s/.test(source[i - 1]!))) {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (ch === '[' || ch === '{') stack.push(i);
    else if (ch === ']' || ch === '}') stack.pop();
  }
  return stack[stack.length - 1];
}

/** Turns a yaml library error into a located message that says what to change. */
export function yamlProblem(e: YAMLError, source: string): YamlProblem {
  let offset = e.pos[0];
  const text = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '');
  const quote = /Missing closing (["'])quote/.exec(text);
  const flow = /end with a ([\]}])/.exec(text);
  if (quote) offset = opener(source, offset, 'quote', quote[1]!) ?? offset;
  else if (flow) offset = opener(source, offset, 'bracket', flow[1]!) ?? offset;
  else if (e.code !== 'TAB_AS_INDENT') {
    // The parser may start a bad item at the blank line or indentation before it; point at what was written.
    let next = offset;
    while (next < source.length && /\s/.test(source[next]!)) next++;
    if (next < source.length) offset = next;
  }
  let message = `YAML: ${text}`;
  if (e.code === 'DUPLICATE_KEY') {
    const key = /^[^:\n]*/.exec(source.slice(offset))?.[0]?.trim();
    message = `YAML: duplicate key${key ? ` '${key}'` : ''}`;
  }
  const hint = quote ? `close the ${quote[1]} opened here` : flow ? `close the ${flow[1] === ']' ? '[ … ]' : '{ … }'} opened here on the same line, or write the items as an indented block` : /without - indicator/.test(text) ? 'start each list item with "- " at the same column as the others' : /followed by map values/.test(text) ? 'add ":" after the key' : HINTS[e.code];
  return { offset, message: hint ? `${message}; ${hint}` : message };
}
