import type { z } from 'zod';
import { detectKind, nodeOptionIndex } from './node-kind.ts';
import { nodeSchema } from './schema.ts';

/**
 * Walking the zod schema alongside the data, to learn what was expected at a path: the keys a
 * mapping allows (for "did you mean"), the description of a value (for "expected …"). zod's
 * issues say what went wrong but not what would have been right; the schema knows.
 */

type Path = readonly (string | number)[];
type Def = { type: string; [k: string]: unknown };

const defOf = (s: z.ZodType): Def => (s as unknown as { def: Def }).def;

/** Strips optional/default/nullable wrappers, keeping the first description met. */
export function unwrap(s: z.ZodType): { schema: z.ZodType; description?: string } {
  let description = s.description;
  let cur = s;
  for (;;) {
    const d = defOf(cur);
    if (d.type === 'optional' || d.type === 'default' || d.type === 'nullable' || d.type === 'readonly') cur = d['innerType'] as z.ZodType;
    else if (d.type === 'pipe') cur = d['in'] as z.ZodType;
    else break;
    description ??= cur.description;
  }
  return description === undefined ? { schema: cur } : { schema: cur, description };
}

/** Whether a parsed YAML value is a mapping. */
export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value at a path of plain data, or undefined. */
export function valueAt(data: unknown, path: Path): unknown {
  let cur = data;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number') cur = cur[seg];
    else if (isPlainObject(cur) && typeof seg === 'string' && Object.hasOwn(cur, seg)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}

/** Whether a schema's type could accept the value at all (ignoring its inner rules). */
export function accepts(s: z.ZodType, v: unknown): boolean {
  const { schema } = unwrap(s);
  const d = defOf(schema);
  switch (d.type) {
    case 'string':
      return typeof v === 'string';
    case 'number':
    case 'int':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    case 'enum':
      return typeof v === 'string';
    case 'literal':
      return (d['values'] as unknown[]).some((x) => typeof x === typeof v);
    case 'object':
    case 'record':
      return isPlainObject(v);
    case 'array':
      return Array.isArray(v);
    case 'union':
      return (d['options'] as z.ZodType[]).some((o) => accepts(o, v));
    default:
      return true;
  }
}

/** The keys an object schema allows (for a union: those of its object options). */
export function objectKeys(s: z.ZodType): readonly string[] | undefined {
  const d = defOf(unwrap(s).schema);
  if (d.type === 'object') return Object.keys(d['shape'] as object);
  if (d.type === 'union') return (d['options'] as z.ZodType[]).flatMap((o) => objectKeys(o) ?? []);
  return undefined;
}

/**
 * Which option of a union the author meant for this value: for nodes, the one their kind key
 * names; otherwise one whose type fits, and among several mappings the one sharing most keys.
 */
export function pickOption(union: z.ZodType, v: unknown): number | undefined {
  const { schema } = unwrap(union);
  if (schema === nodeSchema && isPlainObject(v)) {
    const guess = detectKind(v);
    return guess.kind === undefined ? undefined : nodeOptionIndex(guess.kind, guess.form);
  }
  const options = defOf(schema)['options'] as z.ZodType[] | undefined;
  if (!options) return undefined;
  const fitting = options.map((o, i) => [o, i] as const).filter(([o]) => accepts(o, v));
  if (fitting.length <= 1) return fitting[0]?.[1];
  if (!isPlainObject(v)) return fitting[0]![1];
  const overlap = (o: z.ZodType): number => (objectKeys(o) ?? []).filter((k) => Object.hasOwn(v, k)).length;
  return fitting.reduce((best, cur) => (overlap(cur[0]) > overlap(best[0]) ? cur : best))[1];
}

/** The schema that governs the value at a path (unions resolved by `pickOption`), if any. */
export function schemaAt(root: z.ZodType, data: unknown, path: Path): z.ZodType | undefined {
  let cur: z.ZodType | undefined = root;
  for (let i = 0; i <= path.length && cur; i++) {
    const { schema } = unwrap(cur);
    const d = defOf(schema);
    if (d.type === 'union') {
      const idx = pickOption(schema, valueAt(data, path.slice(0, i)));
      cur = idx === undefined ? undefined : (d['options'] as z.ZodType[])[idx];
      i--;
      continue;
    }
    if (i === path.length) return cur;
    const seg = path[i]!;
    if (d.type === 'object') cur = (d['shape'] as Record<string, z.ZodType>)[String(seg)];
    else if (d.type === 'array') cur = d['element'] as z.ZodType;
    else if (d.type === 'record') cur = d['valueType'] as z.ZodType;
    else return undefined;
  }
  return cur;
}
