import type { NodeBehavior } from '../run.ts';
import type { ParallelGateway } from '../../model/types.ts';

/**
 * A parallel gateway joins (waits for one token on every incoming flow) and then splits
 * (one token on every outgoing flow). Tokens arriving twice on the same flow are kept for the
 * next round, as BPMN says.
 */
export const parallel: NodeBehavior<ParallelGateway> = {
  enter(run, node, via) {
    const incoming = run.proc.incoming[node.id] ?? [];
    if (incoming.length > 1 && via !== undefined) {
      const arrived = run.arriveAtJoin(node.id, via.id);
      if (!incoming.every((f) => arrived.includes(f.id))) return;
      const rest = [...arrived];
      for (const f of incoming) rest.splice(rest.indexOf(f.id), 1);
      run.setJoin(node.id, rest);
    }
    run.log({ scope: 'step', activity: node.id, lifecycle: 'autoskip', attrs: { gateway: 'parallel' } });
    for (const f of run.proc.outgoing[node.id] ?? []) run.enter(f.to, f);
  },
};
