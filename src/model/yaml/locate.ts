import { isAlias, isMap, isScalar, isSeq, Scalar, type Document, type LineCounter, type Node } from 'yaml';

/** A position in the file, 1-based as editors show it. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Whether an issue points at a key (unknown key) or at the value under a path (wrong value). */
export type Anchor = 'key' | 'value';

type Path = readonly (string | number)[];

/** A key as the parsed data has it (toJS turns an empty key into ""). */
function keyText(key: unknown): string {
  if (key === null || (isScalar(key) && key.value === null)) return '';
  return isScalar(key) ? String(key.value) : String(key);
}

/**
 * The character offset in the source of `offset` inside a scalar's value, when the scalar is
 * written so that value and source line up (plain, or quoted without escapes, on one line).
 * Otherwise the scalar's start: pointing at the whole value beats pointing at a wrong column.
 */
function offsetInScalar(node: Scalar, source: string, offset: number): number {
  const [start, end] = node.range!;
  const text = source.slice(start, end);
  const value = String(node.value);
  if (text.includes('\n')) return start;
  if (node.type === Scalar.PLAIN && text === value) return start + offset;
  if (node.type === Scalar.QUOTE_DOUBLE && text.slice(1, -1) === value) return start + 1 + offset;
  if (node.type === Scalar.QUOTE_SINGLE && text.slice(1, -1) === value.replace(/'/g, "''")) {
    const quotesBefore = (value.slice(0, offset).match(/'/g) ?? []).length;
    return start + 1 + offset + quotesBefore;
  }
  return start;
}

/**
 * Finds where a path of the parsed data is written: the value (or, for `key`, the key) at the
 * path; when the path goes further than the file (a missing key), the deepest part that exists —
 * the mapping that lacks the key. `offset` moves inside a string value (FEEL error positions).
 */
export function locate(doc: Document, source: string, lines: LineCounter, path: Path, anchor: Anchor = 'value', offset?: number): Position {
  let node: Node | null | undefined = doc.contents as Node | null;
  let pos = node?.range?.[0] ?? 0;
  let reached = 0;
  for (const [i, seg] of path.entries()) {
    if (isAlias(node)) node = node.resolve(doc) as Node | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(seg));
      if (!pair) break;
      const keyNode = pair.key as Node | null;
      const keyPos = keyNode?.range?.[0] ?? pos;
      if (i === path.length - 1 && anchor === 'key') {
        pos = keyPos;
        reached = path.length;
        break;
      }
      node = pair.value as Node | null;
      // `key:` with nothing after it: the key is the only token there is to point at.
      pos = node?.range && !(isScalar(node) && node.value === null && node.range[0] === node.range[1]) ? node.range[0] : keyPos;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | null | undefined;
      if (!item) break;
      node = item;
      pos = item.range?.[0] ?? pos;
    } else break;
    reached = i + 1;
  }
  if (offset !== undefined && reached === path.length && isScalar(node) && node.range) pos = offsetInScalar(node, source, offset);
  const { line, col } = lines.linePos(Math.min(pos, source.length));
  return { line, column: col };
}
