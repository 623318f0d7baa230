/**
 * A simple layered left-to-right layout for the exported diagram (BPMNDI): each node's column
 * is its longest distance from the start along forward flows (flows that close a loop are
 * left out), nodes of one column are stacked top to bottom in the order they are written, and
 * every flow is drawn as an orthogonal line from the right side of its source to the left side
 * of its target (loops go back along the bottom). Enough for bpmn.io and Camunda Modeler to
 * open the file readable; people move boxes from there.
 */

export interface LayoutNode {
  readonly id: string;
  readonly width: number;
  readonly height: number;
}

export interface LayoutEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Layout {
  readonly boxes: ReadonlyMap<string, Box>;
  readonly edges: ReadonlyMap<string, readonly Point[]>;
}

const COLUMN = 170;
const ROW = 130;
const MARGIN = 60;

/** Lays out nodes (in written order, the first is the start) and the edges between them. */
export function layered(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): Layout {
  const out = new Map<string, LayoutEdge[]>();
  for (const n of nodes) out.set(n.id, []);
  for (const e of edges) out.get(e.from)?.push(e);

  // Back edges: found by a depth-first walk from the start (and from any node not reached).
  const back = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const visit = (root: string): void => {
    const stack: { id: string; i: number }[] = [{ id: root, i: 0 }];
    state.set(root, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const next = out.get(top.id)?.[top.i];
      if (next === undefined) {
        state.set(top.id, 'done');
        stack.pop();
        continue;
      }
      top.i++;
      const s = state.get(next.to);
      if (s === 'open') back.add(next.id);
      else if (s === undefined && out.has(next.to)) {
        state.set(next.to, 'open');
        stack.push({ id: next.to, i: 0 });
      }
    }
  };
  for (const n of nodes) if (!state.has(n.id)) visit(n.id);

  // Longest-path columns over the forward edges (Kahn order).
  const indeg = new Map<string, number>(nodes.map((n) => [n.id, 0]));
  const forward = edges.filter((e) => !back.has(e.id) && indeg.has(e.to) && indeg.has(e.from));
  for (const e of forward) indeg.set(e.to, indeg.get(e.to)! + 1);
  const column = new Map<string, number>(nodes.map((n) => [n.id, 0]));
  const queue = nodes.filter((n) => indeg.get(n.id) === 0).map((n) => n.id);
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const e of forward) {
      if (e.from !== id) continue;
      column.set(e.to, Math.max(column.get(e.to)!, column.get(id)! + 1));
      const d = indeg.get(e.to)! - 1;
      indeg.set(e.to, d);
      if (d === 0) queue.push(e.to);
    }
  }

  const rowsUsed = new Map<number, number>();
  const boxes = new Map<string, Box>();
  for (const n of nodes) {
    const c = column.get(n.id)!;
    const r = rowsUsed.get(c) ?? 0;
    rowsUsed.set(c, r + 1);
    const cx = MARGIN + c * COLUMN + 50;
    const cy = MARGIN + r * ROW + 40;
    boxes.set(n.id, { x: cx - n.width / 2, y: cy - n.height / 2, width: n.width, height: n.height });
  }
  const maxBottom = Math.max(0, ...[...boxes.values()].map((b) => b.y + b.height));

  const lines = new Map<string, Point[]>();
  for (const e of edges) {
    const a = boxes.get(e.from);
    const b = boxes.get(e.to);
    if (!a || !b) continue;
    const start = { x: a.x + a.width, y: a.y + a.height / 2 };
    const end = { x: b.x, y: b.y + b.height / 2 };
    if (back.has(e.id) || end.x <= start.x) {
      const below = maxBottom + 30;
      const s = { x: a.x + a.width / 2, y: a.y + a.height };
      const t = { x: b.x + b.width / 2, y: b.y + b.height };
      lines.set(e.id, [s, { x: s.x, y: below }, { x: t.x, y: below }, t]);
    } else if (start.y === end.y) lines.set(e.id, [start, end]);
    else {
      const midX = Math.round((start.x + end.x) / 2);
      lines.set(e.id, [start, { x: midX, y: start.y }, { x: midX, y: end.y }, end]);
    }
  }
  return { boxes, edges: lines };
}
