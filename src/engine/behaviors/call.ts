import { feel } from '../feel.ts';
import type { NodeBehavior } from '../run.ts';
import type { CallStep } from '../../model/types.ts';

/** A call step starts another SOP as a sub-case and waits for it to end (`childEnded`). */
export const call: NodeBehavior<CallStep> = {
  enter(run, node) {
    const childCaseId = run.ctx.ids.next('case');
    const token = run.addToken(node.id, { childCaseId });
    let data: Record<string, unknown>;
    if (node.input) {
      const ctx = run.feelContext();
      data = {};
      for (const [k, expr] of Object.entries(node.input)) data[k] = feel(expr, ctx);
    } else data = { ...run.data };
    run.emit({ type: 'case.startChild', parentCaseId: run.caseId, token: token.id, childCaseId, process: node.process, data, storeId: run.base.storeId, customer: run.base.customer });
    run.log({ scope: 'step', activity: node.id, lifecycle: 'start', attrs: { childCaseId, process: node.process } });
  },
};
