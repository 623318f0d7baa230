import { EngineError } from '../errors.ts';
import { feelTrue } from '../feel.ts';
import type { NodeBehavior } from '../run.ts';
import type { ExclusiveGateway } from '../../model/types.ts';

/** The first branch whose FEEL condition is true wins; otherwise the default; otherwise an error. */
export const exclusive: NodeBehavior<ExclusiveGateway> = {
  enter(run, node) {
    const flows = run.proc.outgoing[node.id] ?? [];
    const ctx = run.feelContext();
    const chosen = flows.find((f) => f.when !== undefined && feelTrue(f.when, ctx)) ?? flows.find((f) => f.isDefault);
    if (chosen === undefined)
      throw new EngineError('FEEL_ERROR', `no branch of "${node.id}" applies to this case and it has no default (conditions: ${flows.map((f) => f.when).join('; ')})`);
    run.log({ scope: 'step', activity: node.id, lifecycle: 'autoskip', attrs: { gateway: 'exclusive', to: chosen.to } });
    run.leave(node.id, chosen);
  },
};
