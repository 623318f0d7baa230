import type { TimeLimit } from '../../../../src/model/types.ts';
import type { MessageKey, Params } from '../../i18n/index.ts';

/** A time limit in words ("4 working hours" / "4 个工作小时"). */
export function describeLimit(l: TimeLimit, t: (k: MessageKey, p?: Params) => string): string {
  return t(l.basis === 'working' ? `limit.working.${l.unit}` : `limit.elapsed.${l.unit}`, { n: l.amount });
}
