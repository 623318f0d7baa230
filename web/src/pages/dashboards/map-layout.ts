import type { MapArc, MapNode } from '../../api/mining.ts';

/** A node of the drawn map: its column (layer) and row, from the arcs actually observed. */
export interface MapPlace {
  readonly id: string;
  readonly layer: number;
  readonly row: number;
}

/**
 * Layers left to right by the longest observed path from a case start, ignoring arcs that close
 * a loop (rework), so a mined map reads like the SOP it came from. Nodes never reached from a
 * start (cases cut off by the period filter) go after the last layer.
 */
export function layoutMap(nodes: readonly MapNode[], arcs: readonly MapArc[]): MapPlace[] {
  const out = new Map<string, string[]>();
  for (const a of arcs) if (a.from !== null && a.to !== null && a.from !== a.to) out.set(a.from, [...(out.get(a.from) ?? []), a.to]);
  const starts = arcs.filter((a) => a.from === null && a.to !== null).sort((x, y) => y.count - x.count).map((a) => a.to!);
  // DFS from the starts: an arc into a node on the current path is a back arc.
  const back = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const visit = (n: string) => {
    state.set(n, 'open');
    for (const m of out.get(n) ?? []) {
      const s = state.get(m);
      if (s === 'open') back.add(`${n}>${m}`);
      else if (s === undefined) visit(m);
    }
    state.set(n, 'done');
  };
  for (const s of starts) if (!state.has(s)) visit(s);
  const layer = new Map<string, number>();
  for (const s of starts) layer.set(s, 0);
  // Longest path over forward arcs (the forward graph is acyclic, so |nodes| rounds settle it).
  for (let round = 0; round < nodes.length; round++) {
    let changed = false;
    for (const [from, tos] of out) {
      const l = layer.get(from);
      if (l === undefined) continue;
      for (const to of tos) {
        if (back.has(`${from}>${to}`)) continue;
        if ((layer.get(to) ?? -1) < l + 1) {
          layer.set(to, l + 1);
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  const last = Math.max(-1, ...layer.values());
  const rows = new Map<number, number>();
  return nodes.map((n) => {
    const l = layer.get(n.id) ?? last + 1;
    const row = rows.get(l) ?? 0;
    rows.set(l, row + 1);
    return { id: n.id, layer: l, row };
  });
}
