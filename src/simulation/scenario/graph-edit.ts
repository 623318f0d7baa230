import { SimulationError } from '../errors.ts';
import type { ProcessDefinition, ProcessNode } from '../../model/types.ts';

/**
 * Editing an SOP's graph for what-if scenarios. Nodes flow to the next one written unless
 * `next` says otherwise; edits first make every fall-through explicit, so that moving or
 * removing a node in the list never silently changes where another one leads.
 */
export type Nodes = ProcessNode[];

/** A copy of the nodes with every implicit "go to the next node written" turned into `next`. */
export function explicitNodes(def: ProcessDefinition): Nodes {
  return def.nodes.map((n, i) => {
    const after = def.nodes[i + 1]?.id;
    if (n.kind === 'end' || n.kind === 'exclusive') return n;
    if (n.kind === 'parallel' && n.to !== undefined) return n;
    return n.next === undefined && after !== undefined ? ({ ...n, next: after } as ProcessNode) : n;
  });
}

export function find(nodes: Nodes, id: string, what = 'step'): ProcessNode {
  const n = nodes.find((x) => x.id === id);
  if (!n) throw new SimulationError('BAD_SCENARIO', `the scenario names ${what} "${id}", which is not in the SOP (its nodes: ${nodes.map((x) => x.id).join(', ')})`);
  return n;
}

/** The single node a work step leads to. */
export function nextOf(nodes: Nodes, id: string): string {
  const n = find(nodes, id);
  if (n.kind === 'end' || n.kind === 'exclusive' || (n.kind === 'parallel' && n.to !== undefined) || n.next === undefined)
    throw new SimulationError('BAD_SCENARIO', `"${id}" does not lead to a single next step, so it cannot be moved, merged or removed this way`);
  return n.next;
}

/** Replaces every reference to `from` (next, branches, defaults, parallel targets) by `to`, except inside `except`. */
export function redirect(nodes: Nodes, from: string, to: string, except?: string): Nodes {
  const r = (x: string): string => (x === from ? to : x);
  return nodes.map((n): ProcessNode => {
    if (n.id === except) return n;
    switch (n.kind) {
      case 'exclusive':
        return { ...n, branches: n.branches.map((b) => ({ ...b, to: r(b.to) })), default: n.default === undefined ? undefined : r(n.default), next: n.next === undefined ? undefined : r(n.next) };
      case 'parallel':
        return { ...n, to: n.to?.map(r), next: n.next === undefined ? undefined : r(n.next) };
      case 'service':
        return { ...n, next: n.next === undefined ? undefined : r(n.next), onError: n.onError === undefined ? undefined : r(n.onError) };
      default:
        return n.next === undefined ? n : ({ ...n, next: r(n.next) } as ProcessNode);
    }
  });
}

/** Replaces the node with this id. */
export function replace(nodes: Nodes, id: string, f: (n: ProcessNode) => ProcessNode): Nodes {
  return nodes.map((n) => (n.id === id ? f(n) : n));
}

/** A node id not used yet, from a wish. */
export function freshId(nodes: Nodes, wish: string): string {
  let id = wish;
  for (let i = 2; nodes.some((n) => n.id === id); i++) id = `${wish}_${i}`;
  return id;
}

/** Steps assigned "same person as X": when X goes, they fall back to the role's queue (or follow `to`). */
export function retargetSameAs(nodes: Nodes, from: string, to: string | undefined): Nodes {
  return nodes.map((n) => {
    if (n.kind !== 'human' || n.assignment.strategy !== 'sameAs' || n.assignment.node !== from) return n;
    return { ...n, assignment: to !== undefined && to !== n.id ? { strategy: 'sameAs', node: to } : { strategy: 'queue' } };
  });
}
