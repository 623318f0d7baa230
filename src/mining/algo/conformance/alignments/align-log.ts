import type { EventLog } from '../../../objects/event-log.ts';
import type { AcceptingPetriNet } from '../../../objects/petri-net.ts';
import { variants } from '../../../statistics/variants.ts';
import { compileNet } from '../compiled-net.ts';
import { alignTrace } from './align-trace.ts';
import type { AlignOptions, LogAlignment, TraceAlignment } from './types.ts';

/**
 * Optimal alignments of every trace with the net (standard costs: a log move or a visible model
 * move costs one deviation, a synchronous move nothing). Fitness per trace is
 * 1 − deviations / (events + visible moves of the cheapest complete model run); log fitness is
 * 1 − Σ cost / Σ worst cost, the definitions PM4Py uses. Each variant is aligned once.
 */
export function alignLog(log: EventLog, model: AcceptingPetriNet, options: AlignOptions = {}): LogAlignment {
  const net = compileNet(model);
  const silentCost = options.chargeSilentMoves ? 1 : 0;
  const maxStates = options.maxStates ?? 1_000_000;
  // The cheapest run of the model alone (aligning the empty trace) bounds every trace's cost.
  const empty = alignTrace(net, [], silentCost, maxStates, 0);
  const traces: TraceAlignment[] = new Array<TraceAlignment>(log.caseIds.length);
  let costSum = 0;
  let worstSum = 0;
  let fitnessSum = 0;
  let fitting = 0;
  for (const v of variants(log)) {
    const a = alignTrace(net, v.activities, silentCost, maxStates, empty.cost);
    for (const c of v.cases) traces[c] = a;
    costSum += a.cost * v.count;
    worstSum += a.worstCost * v.count;
    fitnessSum += a.fitness * v.count;
    if (a.fitness === 1) fitting += v.count;
  }
  const n = log.caseIds.length;
  return {
    logFitness: worstSum > 0 ? 1 - costSum / worstSum : 1,
    averageTraceFitness: n > 0 ? fitnessSum / n : 1,
    percentageOfFittingTraces: n > 0 ? (100 * fitting) / n : 100,
    traces,
  };
}
