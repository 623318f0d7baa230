import type { ProcessDefinition } from '../../model/types.ts';

/**
 * What changed between two versions of an SOP, in the terms people review: steps added,
 * removed and changed (with each changed field), roles, variables and process settings — plus
 * a line diff of the source text for those who think in YAML.
 */

export interface FieldChange {
  /** Dotted path inside the item: `sla.due.amount`, `checklist.items[2].required`. */
  readonly path: string;
  readonly from: unknown;
  readonly to: unknown;
}

export interface ItemDiff {
  readonly added: readonly { id: string; kind?: string }[];
  readonly removed: readonly { id: string; kind?: string }[];
  readonly changed: readonly { id: string; fields: readonly FieldChange[] }[];
}

export interface DefinitionDiff {
  readonly nodes: ItemDiff;
  readonly roles: ItemDiff;
  readonly variables: ItemDiff;
  /** Changes of the process itself (name, calendar, case SLA…). */
  readonly process: readonly FieldChange[];
  /** Unified-style lines: ' ' same, '-' only in `from`, '+' only in `to`. */
  readonly sourceLines: readonly string[];
}

const MAX_FIELDS = 200;

/** Leaf-level differences of two JSON values. */
export function fieldChanges(a: unknown, b: unknown, path = '', out: FieldChange[] = []): FieldChange[] {
  if (out.length >= MAX_FIELDS) return out;
  if (JSON.stringify(a) === JSON.stringify(b)) return out;
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) fieldChanges(a[i], b[i], `${path}[${i}]`, out);
    return out;
  }
  if (isObj(a) && isObj(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) fieldChanges(a[k], b[k], path === '' ? k : `${path}.${k}`, out);
    return out;
  }
  out.push({ path, from: a ?? null, to: b ?? null });
  return out;
}

function items<T extends { id: string; kind?: string }>(a: readonly T[], b: readonly T[]): ItemDiff {
  const A = new Map(a.map((x) => [x.id, x]));
  const B = new Map(b.map((x) => [x.id, x]));
  const pick = (x: T) => (x.kind === undefined ? { id: x.id } : { id: x.id, kind: x.kind });
  return {
    added: b.filter((x) => !A.has(x.id)).map(pick),
    removed: a.filter((x) => !B.has(x.id)).map(pick),
    changed: b.flatMap((x) => {
      const old = A.get(x.id);
      if (old === undefined) return [];
      const fields = fieldChanges(old, x);
      return fields.length === 0 ? [] : [{ id: x.id, fields }];
    }),
  };
}

/** Line diff by longest common subsequence (sources are SOP-sized: hundreds of lines). */
export function lineDiff(a: string, b: string, maxLines = 4000): string[] {
  const x = a.split('\n');
  const y = b.split('\n');
  if (x.length > maxLines || y.length > maxLines) return [`@ the sources are too long to compare line by line (${x.length} and ${y.length} lines)`];
  const n = x.length;
  const m = y.length;
  // lcs[i][j] = LCS length of x[i..] and y[j..], in one flat array.
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i * (m + 1) + j] = x[i] === y[j] ? lcs[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      out.push(` ${x[i]}`);
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i * (m + 1) + j + 1]! >= lcs[(i + 1) * (m + 1) + j]!)) out.push(`+${y[j++]}`);
    else out.push(`-${x[i++]}`);
  }
  return withContext(out, 3);
}

/** Keeps `k` unchanged lines around each change; longer unchanged runs become one `@ …` line. */
function withContext(lines: readonly string[], k: number): string[] {
  const near = new Uint8Array(lines.length);
  lines.forEach((l, i) => {
    if (l[0] === ' ') return;
    for (let d = Math.max(0, i - k); d <= Math.min(lines.length - 1, i + k); d++) near[d] = 1;
  });
  const out: string[] = [];
  let skipped = 0;
  let line = 0;
  lines.forEach((l, i) => {
    if (l[0] !== '+') line++;
    if (near[i]) {
      if (skipped > 0) out.push(`@ ${skipped} unchanged line(s), next is line ${line} of the old text`);
      skipped = 0;
      out.push(l);
    } else skipped++;
  });
  return out;
}

/** The differences between two versions (sources as authored). */
export function diffDefinitions(from: { definition: ProcessDefinition; source: string }, to: { definition: ProcessDefinition; source: string }): DefinitionDiff {
  const { nodes: an, roles: ar, variables: av, version: _va, ...aRest } = from.definition;
  const { nodes: bn, roles: br, variables: bv, version: _vb, ...bRest } = to.definition;
  return {
    nodes: items(an, bn),
    roles: items(ar, br),
    variables: items(av, bv),
    process: fieldChanges(aRest, bRest),
    sourceLines: lineDiff(from.source, to.source),
  };
}
