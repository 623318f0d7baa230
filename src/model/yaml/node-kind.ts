import { NODE_KINDS, type NodeKindKey } from './schema.ts';

/**
 * Which kind a written node means. A node says its kind by one key holding its name
 * (`human: 接车`) or by `kind: human` with `name:`. Knowing the kind first is what lets errors
 * speak about the node the author meant instead of listing why it is none of the seven kinds.
 */
export type KindGuess =
  | { readonly kind: NodeKindKey; readonly form: 'key' | 'kind' }
  | { readonly kind?: undefined; readonly problem: 'none' | 'several' | 'unknownKind'; readonly keys: readonly string[] };

const isKind = (k: unknown): k is NodeKindKey => typeof k === 'string' && (NODE_KINDS as readonly string[]).includes(k);

/** Finds the kind a written node means, or why it cannot be told. */
export function detectKind(node: Readonly<Record<string, unknown>>): KindGuess {
  const keys = Object.keys(node).filter(isKind);
  const hasKindField = Object.hasOwn(node, 'kind');
  if (keys.length + (hasKindField ? 1 : 0) > 1) return { problem: 'several', keys: hasKindField ? ['kind', ...keys] : keys };
  if (keys.length === 1) return { kind: keys[0]!, form: 'key' };
  if (hasKindField) return isKind(node['kind']) ? { kind: node['kind'], form: 'kind' } : { problem: 'unknownKind', keys: ['kind'] };
  return { problem: 'none', keys: [] };
}

/** The index of a kind's form in NODE_OPTIONS (two forms per kind, key form first). */
export function nodeOptionIndex(kind: NodeKindKey, form: 'key' | 'kind'): number {
  return NODE_KINDS.indexOf(kind) * 2 + (form === 'key' ? 0 : 1);
}
