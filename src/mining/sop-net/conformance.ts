import { alignLog } from '../algo/conformance/alignments/align-log.ts';
import { replayTokens } from '../algo/conformance/token-replay/replay-log.ts';
import type { EventLog } from '../objects/event-log.ts';
import type { AcceptingPetriNet } from '../objects/petri-net.ts';

/** How one case departs from its SOP. */
export interface CaseConformance {
  readonly caseId: string;
  /** 0–1; 1 = the case did exactly what the SOP allows. */
  readonly fitness: number;
  /** Steps the SOP required that the case did not do (alignment: visible model moves). */
  readonly skipped: readonly string[];
  /** Steps the case did that the SOP did not allow there (alignment: log moves), e.g. a step done twice. */
  readonly extra: readonly string[];
}

/** Conformance of a log with an SOP net. */
export interface SopConformance {
  readonly method: 'alignments' | 'tokens';
  /** Log fitness as the method defines it (docs/mining.md). */
  readonly fitness: number;
  readonly cases: number;
  readonly fittingCases: number;
  /** Every case, in log order. */
  readonly perCase: readonly CaseConformance[];
}

/**
 * Checks every case of a log (one event per done step: see `completeEvents`) against an SOP net
 * and says, per case, which steps were skipped and which were extra.
 *
 * `alignments` (default) give the exact answer: the cheapest way to explain each case by a run
 * of the SOP. `tokens` (token replay) is faster on huge logs but only hints: a step with
 * missing tokens was done out of turn (extra), a place left marked names the step the case
 * stopped before (skipped: the node id of that place, which may be a gateway) — a skipped step
 * in the middle shows as missing tokens on the next one.
 */
export function sopConformance(log: EventLog, net: AcceptingPetriNet, options: { method?: 'alignments' | 'tokens'; maxStates?: number } = {}): SopConformance {
  const method = options.method ?? 'alignments';
  const perCase: CaseConformance[] = [];
  let fitness: number;
  if (method === 'alignments') {
    const a = alignLog(log, net, options.maxStates === undefined ? {} : { maxStates: options.maxStates });
    fitness = a.logFitness;
    a.traces.forEach((t, c) => {
      const skipped: string[] = [];
      const extra: string[] = [];
      for (const m of t.moves) {
        if (m.kind === 'log') extra.push(m.activity);
        else if (m.kind === 'model' && m.label !== null) skipped.push(m.label);
      }
      perCase.push({ caseId: log.caseIds[c]!, fitness: t.fitness, skipped, extra });
    });
  } else {
    const r = replayTokens(log, net);
    fitness = r.logFitness;
    r.traces.forEach((t, c) => {
      const skipped: string[] = [];
      const extra: string[] = [];
      for (const d of t.deviations) {
        if (d.kind === 'missing-tokens' || d.kind === 'not-in-model') extra.push(d.activity);
        else if (d.kind === 'remaining-tokens') skipped.push(nodeOfPlace(d.place));
      }
      perCase.push({ caseId: log.caseIds[c]!, fitness: t.fitness, skipped, extra });
    });
  }
  return { method, fitness, cases: perCase.length, fittingCases: perCase.filter((c) => c.fitness === 1).length, perCase };
}

/** The node a place of `sopNet` stands before: `p:<node>` or `p:<node>:<flow>` (node ids hold no ':'). */
function nodeOfPlace(place: string): string {
  const rest = place.startsWith('p:') ? place.slice(2) : place;
  const colon = rest.indexOf(':');
  return colon < 0 ? rest : rest.slice(0, colon);
}
