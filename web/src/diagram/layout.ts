import type { ProcessNode } from '../api/types.ts';
import type { Edge } from './flows.ts';

export interface Placed {
  readonly node: ProcessNode;
  readonly layer: number;
  readonly row: number;
}

export interface Layout {
  readonly placed: readonly Placed[];
  readonly layers: number;
  readonly rows: number;
}

/**
 * A layered layout, left to right: each node's layer is its longest distance from the start
 * over forward edges (back edges — loops such as "rework" — are ignored for layering), and
 * nodes of one layer are stacked in the order the author wrote them. Good enough for SOPs,
 * which are mostly chains with a few branches; bpmn-js takes over when a BPMN layout exists.
 */
export function layoutGraph(nodes: readonly ProcessNode[], edges: readonly Edge[]): Layout {
  const order = new Map(nodes.map((n, i) => [n.id, i]));
  const layer = new Map<string, number>();
  const first = nodes[0]?.id;
  if (first === undefined) return { placed: [], layers: 0, rows: 0 };
  // Forward edges follow the written order or reach a node not yet seen: a DFS from the start
  // marks edges into a node on the current path as back edges.
  const out = new Map<string, Edge[]>();
  for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e]);
  const back = new Set<Edge>();
  const state = new Map<string, 1 | 2>();
  const dfs = (id: string) => {
    state.set(id, 1);
    for (const e of out.get(id) ?? []) {
      const s = state.get(e.to);
      if (s === 1) back.add(e);
      else if (s === undefined) dfs(e.to);
    }
    state.set(id, 2);
  };
  dfs(first);
  for (const n of nodes) if (!state.has(n.id)) dfs(n.id);
  // Longest path on the DAG of forward edges (Kahn order).
  const indeg = new Map(nodes.map((n) => [n.id, 0]));
  for (const e of edges) if (!back.has(e)) indeg.set(e.to, (indeg.get(e.to) ?? 0) + 1);
  const queue = nodes.filter((n) => indeg.get(n.id) === 0).map((n) => n.id);
  for (const id of queue) layer.set(id, 0);
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const e of out.get(id) ?? []) {
      if (back.has(e)) continue;
      layer.set(e.to, Math.max(layer.get(e.to) ?? 0, (layer.get(id) ?? 0) + 1));
      const d = (indeg.get(e.to) ?? 1) - 1;
      indeg.set(e.to, d);
      if (d === 0) queue.push(e.to);
    }
  }
  const rowsUsed = new Map<number, number>();
  const placed = [...nodes]
    .sort((a, b) => (layer.get(a.id) ?? 0) - (layer.get(b.id) ?? 0) || (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))
    .map((node) => {
      const l = layer.get(node.id) ?? 0;
      const row = rowsUsed.get(l) ?? 0;
      rowsUsed.set(l, row + 1);
      return { node, layer: l, row };
    });
  return { placed, layers: Math.max(0, ...placed.map((p) => p.layer)) + 1, rows: Math.max(1, ...rowsUsed.values()) };
}
