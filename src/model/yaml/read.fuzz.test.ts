import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSop } from './read.ts';
import { ValidationError, type ValidationIssue } from './validation-error.ts';

/**
 * Fuzzing the reader with realistic damage to valid files. Whatever the damage, parseSop either
 * succeeds or throws a ValidationError whose issues lie inside the file — never another
 * exception. When the damage is to one token (a renamed key, a value of another type, a stray
 * character, a target that does not exist) the first issue names that token's line, and for
 * keys, values and targets its column too. Whole-line damage (deleting, duplicating or
 * re-indenting a line) can legitimately be noticed elsewhere — a deleted `role:` is missed by
 * the mapping that lacks it — so there only the first guarantee is checked, plus "at or next to
 * the line" for a duplicated one.
 */

const FIXTURES = ['car-after-sales', 'water-repair-complaint', 'hotel-five-star-inspection', 'beauty-salon-visit'].map((name) => ({
  name,
  text: readFileSync(new URL(`../fixtures/${name}.yaml`, import.meta.url), 'utf8'),
}));

interface Token {
  readonly line: number; // 0-based
  readonly key: string;
  readonly keyCol: number; // 0-based
  readonly value?: { readonly col: number; readonly text: string };
}

const KEY_RE = /(^\s*(?:-\s+)?|[{,]\s*)([A-Za-z_][\w?.-]*):(?=\s|$)/g;

/** The `key: value` pairs written on each line (block or one-line flow mappings). */
function tokens(text: string): Token[] {
  const out: Token[] = [];
  text.split('\n').forEach((line, n) => {
    if (/^\s*#/.test(line)) return;
    for (const m of line.matchAll(KEY_RE)) {
      const keyCol = m.index + m[1]!.length;
      const inFlow = line.lastIndexOf('{', keyCol) !== -1;
      let col = keyCol + m[2]!.length + 1;
      while (line[col] === ' ') col++;
      const first = line[col];
      let end: number;
      if (first === undefined || first === '[' || first === '{' || first === '#') end = -1;
      else if (first === "'" || first === '"') end = line.indexOf(first, col + 1) + 1;
      else {
        end = col;
        while (end < line.length && !(inFlow && /[,}\]]/.test(line[end]!)) && !(line[end] === ' ' && line[end + 1] === '#')) end++;
        while (line[end - 1] === ' ') end--;
      }
      out.push({ line: n, key: m[2]!, keyCol, ...(end > col ? { value: { col, text: line.slice(col, end) } } : {}) });
    }
  });
  return out;
}

interface Mutation {
  readonly text: string;
  /** 0-based line and column of the damaged token. */
  readonly line: number;
  readonly col?: number;
  /** For a replaced value: how long the replacement is (an issue may point inside it). */
  readonly width?: number;
  readonly expect: 'token' | 'line' | 'near' | 'anywhere';
}

const lines = (t: string): string[] => t.split('\n');
const replaceAt = (text: string, line: number, col: number, length: number, by: string): string => {
  const ls = lines(text);
  const l = ls[line]!;
  ls[line] = l.slice(0, col) + by + l.slice(col + length);
  return ls.join('\n');
};

const typo = (key: string, k: number): string => {
  if (k % 3 === 0 && key.length > 2) return key[1]! + key[0]! + key.slice(2) === key ? `${key}X` : key[1]! + key[0]! + key.slice(2);
  if (k % 3 === 1) return `${key}X`;
  return `x${key}zz`;
};

const TARGET_KEYS = new Set(['next', 'to', 'default', 'onError', 'sameAs']);
const JUNK = ['@', '{', '}', '[', ']', "'", '"', ':', ',', '&', '*', '!', '%', '`', '\t', '|', '>', '#'];

type Kind = 'renameKey' | 'retype' | 'dangling' | 'junk' | 'deleteLine' | 'duplicateLine' | 'indent';

function mutate(source: string, kind: Kind, pick: number, extra: number): Mutation | undefined {
  const toks = tokens(source);
  const ls = lines(source);
  switch (kind) {
    case 'renameKey': {
      const t = toks[pick % toks.length]!;
      const renamed = typo(t.key, extra);
      // Renaming into a key of the same mapping would be a duplicate, not a rename.
      if (toks.some((o) => o.line === t.line && o.key === renamed)) return undefined;
      return { text: replaceAt(source, t.line, t.keyCol, t.key.length, renamed), line: t.line, col: t.keyCol, expect: 'token' };
    }
    case 'retype': {
      const withValue = toks.filter((t) => t.value);
      const t = withValue[pick % withValue.length]!;
      const by = ['[1, 2]', '{ x: 1 }', '12345', 'true'][extra % 4]!;
      return { text: replaceAt(source, t.line, t.value!.col, t.value!.text.length, by), line: t.line, col: t.value!.col, width: by.length, expect: 'token' };
    }
    case 'dangling': {
      const targets = toks.filter((t) => TARGET_KEYS.has(t.key) && t.value);
      const t = targets[pick % targets.length]!;
      return { text: replaceAt(source, t.line, t.value!.col, t.value!.text.length, `ghost-${extra % 10}`), line: t.line, col: t.value!.col, expect: 'token' };
    }
    case 'junk': {
      const candidates = ls.map((l, i) => i).filter((i) => ls[i]!.trim() !== '' && !/^\s*#/.test(ls[i]!));
      const line = candidates[pick % candidates.length]!;
      const l = ls[line]!;
      const col = extra % (l.length + 1);
      const ch = JUNK[Math.floor(extra / 97) % JUNK.length]!;
      // "#" after a space starts a comment: that deletes the rest of the line rather than damaging a token.
      const comment = ch === '#' && (col === 0 || /\s/.test(l[col - 1]!));
      // Before the first character of the line it changes the indentation: whole-line damage.
      const indentation = col <= l.length - l.trimStart().length;
      return { text: replaceAt(source, line, col, 0, ch), line, col, expect: comment || indentation ? 'anywhere' : 'line' };
    }
    case 'deleteLine': {
      const line = pick % ls.length;
      return { text: ls.filter((_, i) => i !== line).join('\n'), line, expect: 'anywhere' };
    }
    case 'duplicateLine': {
      const line = pick % ls.length;
      return { text: [...ls.slice(0, line + 1), ...ls.slice(line)].join('\n'), line, expect: 'near' };
    }
    case 'indent': {
      const line = pick % ls.length;
      const l = ls[line]!;
      const by = (extra % 3) + 1;
      const changed = extra % 2 === 0 ? ' '.repeat(by) + l : l.replace(new RegExp(`^ {1,${by}}`), '');
      return { text: ls.map((x, i) => (i === line ? changed : x)).join('\n'), line, expect: 'anywhere' };
    }
  }
}

/** Parses and classifies the outcome; any exception but ValidationError fails the test. */
function outcome(text: string): { readonly ok: true } | { readonly ok: false; readonly issues: readonly ValidationIssue[] } {
  try {
    parseSop(text, 'fuzz.yaml');
    return { ok: true };
  } catch (e) {
    if (e instanceof ValidationError) return { ok: false, issues: e.issues };
    throw new Error(`parseSop threw ${(e as Error).name}, not a ValidationError: ${(e as Error).stack}\n--- input ---\n${text}`);
  }
}

/** SERVFLOW_FUZZ=10 runs ten times as many cases (the default keeps the suite to a few seconds). */
const SCALE = Number(process.env['SERVFLOW_FUZZ'] ?? 1);

function check(kind: Kind, runs: number): void {
  const numRuns = Math.round(runs * SCALE);
  fc.assert(
    fc.property(fc.nat(FIXTURES.length - 1), fc.nat(10_000), fc.nat(10_000), (f, pick, extra) => {
      const fixture = FIXTURES[f]!;
      const m = mutate(fixture.text, kind, pick, extra);
      if (m === undefined) return;
      const result = outcome(m.text);
      if (result.ok) return;
      const lineCount = lines(m.text).length;
      expect(result.issues.length).toBeGreaterThan(0);
      for (const i of result.issues) {
        expect(i.line).toBeGreaterThanOrEqual(1);
        expect(i.line).toBeLessThanOrEqual(lineCount);
        expect(i.column).toBeGreaterThanOrEqual(1);
        expect(i.message.length).toBeGreaterThan(10);
      }
      const first = result.issues[0]!;
      const where = `${fixture.name} ${kind} at ${m.line + 1}:${(m.col ?? 0) + 1}: ${first.line}:${first.column}: ${first.message}`;
      if (m.expect === 'token' && m.width === undefined) expect(`${first.line}:${first.column}`, where).toBe(`${m.line + 1}:${m.col! + 1}`);
      if (m.expect === 'token' && m.width !== undefined) {
        expect(first.line, where).toBe(m.line + 1);
        expect(first.column, where).toBeGreaterThanOrEqual(m.col! + 1);
        expect(first.column, where).toBeLessThanOrEqual(m.col! + m.width);
      }
      if (m.expect === 'line') expect(first.line, where).toBe(m.line + 1);
      if (m.expect === 'near') expect([m.line + 1, m.line + 2], where).toContain(first.line);
    }),
    { numRuns },
  );
}

describe('parseSop on damaged files', () => {
  it('fixtures parse before damage', () => {
    for (const f of FIXTURES) expect(outcome(f.text).ok, f.name).toBe(true);
  });

  // Budgets keep the whole file to a few seconds on a busy 2-core machine; SERVFLOW_FUZZ scales them.
  const limit = 60_000 * SCALE;
  it('a renamed key is named at its line and column', () => check('renameKey', 40), limit);
  it('a value of another type is named at its line and column', () => check('retype', 40), limit);
  it('a target that does not exist is named at its line and column', () => check('dangling', 25), limit);
  it('a stray character is named at its line', () => check('junk', 80), limit);
  it('a duplicated line is named at that line or the copy', () => check('duplicateLine', 40), limit);
  it('a deleted line gives a ValidationError or a valid file, nothing else', () => check('deleteLine', 40), limit);
  it('a re-indented line gives a ValidationError or a valid file, nothing else', () => check('indent', 40), limit);
});
