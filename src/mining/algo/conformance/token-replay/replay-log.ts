import type { EventLog } from '../../../objects/event-log.ts';
import type { AcceptingPetriNet } from '../../../objects/petri-net.ts';
import { variants } from '../../../statistics/variants.ts';
import { compileNet } from '../compiled-net.ts';
import { replayContext, replayTrace } from './replay-trace.ts';
import { silentPaths } from './silent-paths.ts';
import type { LogReplay, TraceReplay } from './types.ts';

/**
 * Token-based replay of a log on an accepting Petri net (the method of Berti & van der Aalst,
 * which PM4Py implements, written here from the method's description).
 *
 * Each trace fires, event by event, the transition labelled with its activity. A transition
 * that is not enabled is first enabled, where possible, by firing silent transitions along
 * the shortest silent paths from marked places to its empty input places; what is still
 * lacking is counted as missing tokens and created. Events whose activity is not in the model
 * are skipped (they add neither missing nor remaining tokens, as in PM4Py). At the end, silent
 * transitions move tokens towards the final marking; the final marking is then consumed and
 * what is left is counted as remaining. The tie-breaking rules are in `replay-trace.ts`.
 *
 * Trace fitness is ½(1 − missing/consumed) + ½(1 − remaining/produced), with the initial
 * marking counted as produced and the final marking as consumed; log fitness is the same
 * formula over the totals. Cases with the same variant replay alike, so each variant is
 * replayed once.
 */
export function replayTokens(log: EventLog, model: AcceptingPetriNet): LogReplay {
  const net = compileNet(model);
  const ctx = replayContext(net, silentPaths(net));
  const traces: TraceReplay[] = new Array<TraceReplay>(log.caseIds.length);
  let missing = 0;
  let remaining = 0;
  let consumed = 0;
  let produced = 0;
  let fitnessSum = 0;
  let fitting = 0;
  for (const v of variants(log)) {
    const r = replayTrace(ctx, v.activities);
    for (const c of v.cases) traces[c] = r;
    missing += r.missing * v.count;
    remaining += r.remaining * v.count;
    consumed += r.consumed * v.count;
    produced += r.produced * v.count;
    fitnessSum += r.fitness * v.count;
    if (r.isFit) fitting += v.count;
  }
  const n = log.caseIds.length;
  return {
    logFitness: consumed > 0 && produced > 0 ? 0.5 * (1 - missing / consumed) + 0.5 * (1 - remaining / produced) : 1,
    averageTraceFitness: n > 0 ? fitnessSum / n : 1,
    percentageOfFittingTraces: n > 0 ? (100 * fitting) / n : 100,
    missing,
    remaining,
    consumed,
    produced,
    traces,
  };
}
