import { checkDefinition } from './checks.ts';
import { closest } from './suggest.ts';
import type { CompiledProcess, Flow, ProcessDefinition, ProcessNode } from './types.ts';

/** A problem found in a definition, located by its path inside the document (e.g. ["nodes", 3, "next"]). */
export interface ModelIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
  /** Character offset inside the string at `path` (e.g. where a FEEL condition stops parsing), when known. */
  readonly offset?: number;
}

/** A definition whose parts or graph are wrong; each issue locates one problem by its path. */
export class CompileError extends Error {
  readonly code = 'SOP_INVALID';
  constructor(readonly issues: readonly ModelIssue[]) {
    super(issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
    this.name = 'CompileError';
  }
}

/** Flows leaving a node, in the order they are written. */
function flowsOf(node: ProcessNode, fallthrough: string | undefined): Flow[] {
  const mk = (to: string, i: number, extra: Partial<Flow> = {}): Flow => ({ id: `${node.id}->${to}#${i}`, from: node.id, to, ...extra });
  switch (node.kind) {
    case 'end':
      return [];
    case 'exclusive': {
      const flows = node.branches.map((b, i) => mk(b.to, i, { when: b.when }));
      if (node.default !== undefined) flows.push(mk(node.default, flows.length, { isDefault: true }));
      return flows;
    }
    case 'parallel': {
      const targets = node.to ?? [node.next ?? fallthrough].filter((t): t is string => t !== undefined);
      return targets.map((t, i) => mk(t, i));
    }
    default: {
      const flows: Flow[] = [];
      const next = node.next ?? fallthrough;
      if (next !== undefined) flows.push(mk(next, 0));
      if (node.kind === 'service' && node.onError !== undefined) flows.push(mk(node.onError, 1, { when: 'error' }));
      return flows;
    }
  }
}

/** " (did you mean "x"?)" when a missing target is one small typo away from a node id. */
function suggestNode(missing: string, def: ProcessDefinition): string {
  const close = closest(missing, def.nodes.map((n) => n.id));
  return close === undefined ? '' : `; did you mean "${close}"?`;
}

/** Where, inside a node, the target of its i-th outgoing flow is written (so errors point at that token). */
function flowField(node: ProcessNode, i: number): (string | number)[] {
  if (node.kind === 'exclusive') return i < node.branches.length ? ['branches', i, 'to'] : ['default'];
  if (node.kind === 'parallel' && node.to) return ['to', i];
  if (node.kind === 'service' && i === 1) return ['onError'];
  return ['next'];
}

/**
 * Resolves a definition into a runnable graph, checking what only the whole graph can show:
 * unique ids, existing targets, roles declared, every node reachable, no dead end but `end`.
 */
export function compile(def: ProcessDefinition): CompiledProcess {
  const issues: ModelIssue[] = [];
  const nodes: Record<string, ProcessNode> = {};
  const roles = new Set(def.roles.map((r) => r.id));
  def.nodes.forEach((n, i) => {
    if (nodes[n.id] !== undefined) issues.push({ path: ['nodes', i, 'id'], message: `duplicate node id "${n.id}"; give each step its own id` });
    nodes[n.id] = n;
  });
  if (def.nodes.length === 0) issues.push({ path: ['nodes'], message: 'a process needs at least one node' });

  const outgoing: Record<string, Flow[]> = {};
  const incoming: Record<string, Flow[]> = {};
  for (const n of def.nodes) incoming[n.id] = [];
  def.nodes.forEach((n, i) => {
    const fallthrough = def.nodes[i + 1]?.id;
    const flows = flowsOf(n, fallthrough);
    outgoing[n.id] = flows;
    flows.forEach((f, j) => {
      const target = incoming[f.to];
      if (target === undefined)
        issues.push({ path: ['nodes', i, ...flowField(n, j)], message: `"${n.id}" leads to "${f.to}", which is not a node of this process${suggestNode(f.to, def)}` });
      else target.push(f);
    });
    if (n.kind !== 'end' && flows.length === 0)
      issues.push({ path: ['nodes', i], message: `"${n.id}" is the last node but not an end; add "next" or an end node` });
    if (n.kind === 'human' && !roles.has(n.role))
      issues.push({ path: ['nodes', i, 'role'], message: `role "${n.role}" is not declared under roles (declared: ${[...roles].join(', ') || 'none'})` });
    if (n.kind === 'human' && n.assignment.strategy === 'sameAs') {
      const ref = nodes[n.assignment.node];
      if (ref === undefined || ref.kind !== 'human')
        issues.push({ path: ['nodes', i, 'assignment', 'node'], message: `"sameAs" must name an earlier human step; "${n.assignment.node}" is not one` });
    }
    if (n.kind === 'human' && n.checklist) {
      const optional = n.checklist.items.filter((c) => !c.required).length;
      const min = n.checklist.pass.minOptional ?? 0;
      if (min > optional)
        issues.push({ path: ['nodes', i, 'checklist', 'pass', 'minOptional'], message: `needs ${min} optional items but the checklist has only ${optional}` });
    }
  });

  issues.push(...checkDefinition(def));

  const start = def.nodes[0]?.id ?? '';
  // Reachability from the first node: an unreachable step is almost always a typo in "next".
  const seen = new Set<string>();
  const stack = start ? [start] : [];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const f of outgoing[id] ?? []) if (nodes[f.to]) stack.push(f.to);
  }
  def.nodes.forEach((n, i) => {
    if (!seen.has(n.id)) issues.push({ path: ['nodes', i], message: `"${n.id}" can never be reached from the first node "${start}"` });
  });

  if (issues.length > 0) throw new CompileError(issues);
  return { definition: def, start, nodes, outgoing, incoming };
}
