import type { NodeBehavior } from '../run.ts';
import type { EndNode } from '../../model/types.ts';

/** An end consumes its token; the case completes when no token is left anywhere. */
export const end: NodeBehavior<EndNode> = {
  enter(run, node) {
    if (node.outcome !== undefined) run.outcome = node.outcome;
    run.log({ scope: 'step', activity: node.id, lifecycle: 'complete', attrs: node.outcome ? { outcome: node.outcome } : undefined });
  },
};
