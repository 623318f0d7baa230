import type { z } from 'zod';
import { closest } from '../suggest.ts';
import { detectKind } from './node-kind.ts';
import { NODE_KINDS, nodeKeys, sopFileSchema } from './schema.ts';
import { isPlainObject, objectKeys, pickOption, schemaAt, unwrap, valueAt } from './schema-walk.ts';
import type { Anchor } from './locate.ts';

/**
 * zod issues turned into messages that say what to change, each tied to the token to blame.
 *
 * zod reports a failed union as "Invalid input" with every option's complaints; here the option
 * the author meant (the node's kind, the mapping sharing most keys) is picked and only its
 * complaints are kept. Issues about written tokens get rank 0 and missing keys rank 1, so the
 * first message points at what was typed (a misspelt `rloe:` before the `role` it lacks).
 */

type Path = readonly (string | number)[];

export interface SchemaIssue {
  readonly path: Path;
  readonly anchor: Anchor;
  readonly message: string;
  /** 0: about a written token; 1: about something missing. */
  readonly rank: 0 | 1;
  /** For an unknown key: the allowed key it looks like; for a missing key: that key. */
  readonly key?: string;
}

/** Writes a path as people read it: nodes[3].sla.due. */
export function showPath(path: Path): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out === '' ? 'the top level' : out;
}

function describe(v: unknown): string {
  if (v === null) return 'nothing (null)';
  if (Array.isArray(v)) return 'a list';
  if (isPlainObject(v)) return 'a mapping';
  if (typeof v === 'string') return `the text "${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `${v}`;
  return typeof v;
}

const KEY_HINTS: Readonly<Record<string, string>> = {
  id: 'give it an id such as "reception"',
  role: 'add role: with a role id from roles',
  key: 'add key: car-after-sales (the process key)',
  version: 'add version: 1',
  name: 'add name: with the process name',
  nodes: 'add nodes: with the steps of the process',
  due: 'add due: with a time limit such as "4 h"',
  request: 'add request: { method: POST, url: … }',
  url: 'add url: with the address to call',
  branches: 'add branches: [ { when: <condition>, to: <node> } ]',
  process: 'add process: with the key of the SOP to start',
  items: 'add items: with the checklist items',
  label: 'add label: with the text people see',
  type: 'add type:',
};

/** Where a key of a node would belong, for "'role' is a key of human nodes" hints. */
function kindsHaving(key: string): string[] {
  return NODE_KINDS.filter((k) => nodeKeys(k, 'key').includes(key));
}

function unknownKey(path: Path, key: string, data: unknown): SchemaIssue {
  const where = showPath(path);
  const at = [...path, key];
  const schema = schemaAt(sopFileSchema, data, path);
  const allowed = (schema && objectKeys(schema)) ?? [];
  const node = path.length === 2 && path[0] === 'nodes' ? valueAt(data, path) : undefined;
  const kind = isPlainObject(node) ? detectKind(node).kind : undefined;
  if (key === '') return { path: at, anchor: 'key', rank: 0, message: `a ":" with no key before it at ${where}; remove the stray ":" or write the key` };
  let hint: string;
  const guess = closest(key, allowed.filter((k) => !(isPlainObject(valueAt(data, path)) && Object.hasOwn(valueAt(data, path) as object, k))));
  if (guess !== undefined) return { path: at, anchor: 'key', message: `unknown key '${key}' at ${where}; did you mean '${guess}'?`, rank: 0, key: guess };
  // `{ en: Hello, world }` reads as the keys "en" and "world": the comma, not a typo, is the mistake.
  if (valueAt(data, at) === null) hint = `; if it is text after a comma inside { … }, put the whole text in quotes ('Hello, world')`;
  else if (kind !== undefined && key === 'next' && (kind === 'exclusive' || kind === 'end'))
    hint = kind === 'end' ? '; an end node has no next' : '; an exclusive gateway goes on by branches: and default:, not next:';
  else if (kind !== undefined && kindsHaving(key).length > 0) hint = `; ${key}: belongs to ${kindsHaving(key).join('/')} nodes, and this is a ${kind} node`;
  else hint = allowed.length > 0 ? `; allowed here: ${allowed.join(', ')}` : '';
  return { path: at, anchor: 'key', message: `unknown key '${key}' at ${where}${hint}`, rank: 0 };
}

function nodeWithoutKind(path: Path, node: Record<string, unknown>): SchemaIssue {
  const guess = detectKind(node);
  const kinds = NODE_KINDS.join(', ');
  if (guess.kind !== undefined) throw new Error('unreachable: node has a kind');
  if (guess.problem === 'several')
    return { path: [...path, guess.keys[1]!], anchor: 'key', rank: 0, message: `a node is exactly one kind, but ${showPath(path)} has both ${guess.keys[0]}: and ${guess.keys[1]}:` };
  if (guess.problem === 'unknownKind') {
    const k = String(node['kind']);
    const s = closest(k, NODE_KINDS);
    return { path: [...path, 'kind'], anchor: 'value', rank: 0, message: `unknown kind '${k}'${s ? `; did you mean '${s}'?` : ''} (kinds: ${kinds})` };
  }
  // A misspelt kind key (`humna:`) or `kind:` (`kindd: human`) is why there is no kind: say so there.
  const nodeWords = new Set(NODE_KINDS.flatMap((k) => [...nodeKeys(k, 'key'), ...nodeKeys(k, 'kind')]));
  for (const key of Object.keys(node).filter((k) => !nodeWords.has(k))) {
    const s = closest(key, [...NODE_KINDS, 'kind']);
    if (s !== undefined) return { path: [...path, key], anchor: 'key', rank: 0, message: `unknown key '${key}' at ${showPath(path)}; did you mean '${s}'?` };
  }
  const stray = Object.keys(node).find((k) => !nodeWords.has(k));
  if (stray !== undefined)
    return { path: [...path, stray], anchor: 'key', rank: 0, message: `unknown key '${stray}' at ${showPath(path)}, which has no kind: write one of ${kinds} with the node's name, e.g. human: 接车` };
  const id = typeof node['id'] === 'string' ? ` ("${node['id']}")` : '';
  return { path, anchor: 'value', rank: 1, message: `${showPath(path)}${id} has no kind: write one of ${kinds} with the node's name, e.g. human: 接车` };
}

/** "missing key 'role' at nodes[2]", placed on the mapping that lacks it. */
function missingKey(path: Path): SchemaIssue {
  const key = String(path[path.length - 1]);
  const parent = path.slice(0, -1);
  const hint = KEY_HINTS[key];
  return { path: parent, anchor: 'value', rank: 1, key, message: `missing key '${key}' at ${showPath(parent)}${hint ? `: ${hint}` : ''}` };
}

/**
 * Translates one issue. `here` is the schema at `prefix` when known: inside a union option the
 * path alone cannot tell which of two nested unions (a script line, and the text it may be)
 * an issue belongs to.
 */
function translate(issue: z.core.$ZodIssue, prefix: Path, data: unknown, out: SchemaIssue[], here?: z.ZodType): void {
  const path: Path = [...prefix, ...(issue.path as (string | number)[])];
  const v = valueAt(data, path);
  const where = showPath(path);
  if (v === undefined && path.length > 0 && issue.code !== 'unrecognized_keys' && issue.code !== 'custom') {
    out.push(missingKey(path));
    return;
  }
  switch (issue.code) {
    case 'invalid_union': {
      const union = issue.path.length === 0 && here !== undefined ? here : unionAt(sopFileSchema, data, path);
      const options = (unwrap(union).schema as unknown as { def: { options?: z.ZodType[] } }).def.options ?? [];
      const idx = pickOption(union, v);
      const errors = idx === undefined ? undefined : issue.errors[idx];
      if (errors === undefined || errors.length === 0) {
        const expected = unwrap(union).description ?? 'another value';
        out.push({ path, anchor: 'value', rank: 0, message: `${where}: expected ${expected}, found ${describe(v)}` });
        return;
      }
      for (const e of errors) translate(e, path, data, out, options[idx!]);
      return;
    }
    case 'unrecognized_keys':
      for (const key of issue.keys) out.push(unknownKey(path, key, data));
      return;
    case 'invalid_type': {
      if (issue.expected === 'int' && typeof v === 'number') {
        out.push({ path, anchor: 'value', rank: 0, message: `${where}: must be a whole number, not ${v}` });
        return;
      }
      const schema = schemaAt(sopFileSchema, data, path);
      const expected = (schema && unwrap(schema).description) ?? `${issue.expected === 'object' ? 'a mapping' : issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`;
      out.push({ path, anchor: 'value', rank: 0, message: `${where}: expected ${expected}, found ${describe(v)}` });
      return;
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      const s = typeof v === 'string' ? closest(v, values) : undefined;
      out.push({ path, anchor: 'value', rank: 0, message: `${where}: ${describe(v)} is not one of ${values.join(', ')}${s ? `; did you mean '${s}'?` : ''}` });
      return;
    }
    case 'invalid_key': {
      const inner = issue.issues[0]?.message ?? 'not a valid key';
      out.push({ path, anchor: 'key', rank: 0, message: `key '${String(path[path.length - 1])}' at ${showPath(path.slice(0, -1))}: ${inner}` });
      return;
    }
    case 'too_small':
    case 'too_big': {
      const custom = !/^Too (small|big)/.test(issue.message);
      const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
      out.push({ path, anchor: 'value', rank: 0, message: `${where}: ${custom ? issue.message : `must be ${bound}`}` });
      return;
    }
    default:
      // A rule about a whole mapping ("a timer needs wait: or until:") is about something missing.
      out.push({ path, anchor: 'value', rank: isPlainObject(v) ? 1 : 0, message: `${where}: ${issue.message}` });
  }
}

/** The schema written at a path before any union there is resolved (schemaAt resolves them). */
function unionAt(root: z.ZodType, data: unknown, path: Path): z.ZodType {
  if (path.length === 0) return root;
  const parent = schemaAt(root, data, path.slice(0, -1));
  if (!parent) return root;
  const d = (unwrap(parent).schema as unknown as { def: { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; valueType?: z.ZodType } }).def;
  const seg = path[path.length - 1];
  const child = d.type === 'object' ? d.shape?.[String(seg)] : d.type === 'array' ? d.element : d.type === 'record' ? d.valueType : undefined;
  return child ?? parent;
}

/** Turns zod's issues for a file into located, actionable schema issues. */
export function schemaIssues(issues: readonly z.core.$ZodIssue[], data: unknown): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  // A node whose kind cannot be told gets one message; zod's complaints about it, made against
  // whichever kind zod happened to try, would only mislead.
  const kindless = new Set<number>();
  const nodes = isPlainObject(data) && Array.isArray(data['nodes']) ? data['nodes'] : [];
  nodes.forEach((n, i) => {
    if (isPlainObject(n) && detectKind(n).kind === undefined) {
      kindless.add(i);
      out.push(nodeWithoutKind(['nodes', i], n));
    }
  });
  for (const issue of issues) {
    const [top, index] = issue.path;
    if (top === 'nodes' && typeof index === 'number' && kindless.has(index)) continue;
    translate(issue, [], data, out);
  }
  // "unknown key 'rloe'; did you mean 'role'?" already says what "missing key 'role'" would.
  const misspelt = new Set(out.filter((i) => i.anchor === 'key' && i.key !== undefined).map((i) => `${showPath(i.path.slice(0, -1))}|${i.key}`));
  return out.filter((i) => !(i.rank === 1 && i.key !== undefined && misspelt.has(`${showPath(i.path)}|${i.key}`)));
}
