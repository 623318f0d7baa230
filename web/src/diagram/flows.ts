import type { ProcessNode } from '../api/types.ts';

export interface Edge {
  readonly from: string;
  readonly to: string;
  /** The branch name or condition, shown on the arrow. */
  readonly label?: string;
  readonly isDefault?: boolean;
}

/**
 * The flows of an SOP as the model compiler resolves them (src/model/compile.ts): a node goes
 * to `next`, else to the node written after it; decisions to their branches and default;
 * parallel splits to every `to`; ends nowhere. Re-derived here rather than imported because the
 * compiler pulls in the FEEL parser, which the browser does not need just to draw arrows.
 */
export function edgesOf(nodes: readonly ProcessNode[]): Edge[] {
  const out: Edge[] = [];
  nodes.forEach((n, i) => {
    const after = nodes[i + 1]?.id;
    switch (n.kind) {
      case 'end':
        return;
      case 'exclusive':
        for (const b of n.branches) out.push({ from: n.id, to: b.to, label: b.name?.zh ?? b.name?.en ?? b.when });
        if (n.default !== undefined) out.push({ from: n.id, to: n.default, isDefault: true });
        return;
      case 'parallel':
        if (n.to && n.to.length > 0) for (const to of n.to) out.push({ from: n.id, to });
        else if ((n.next ?? after) !== undefined) out.push({ from: n.id, to: (n.next ?? after)! });
        return;
      default: {
        const to = n.next ?? after;
        if (to !== undefined) out.push({ from: n.id, to });
      }
    }
  });
  const ids = new Set(nodes.map((n) => n.id));
  return out.filter((e) => ids.has(e.to));
}
