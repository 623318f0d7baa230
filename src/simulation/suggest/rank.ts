import { compareScenarios, type Comparison, type ComparisonRow, type Delta } from '../scenario/compare.ts';
import { SimulationError } from '../errors.ts';
import { resolveModel } from '../core/model.ts';
import { applyChanges } from '../scenario/apply.ts';
import type { SimulationInput } from '../simulate.ts';
import type { RunOptions } from '../params.ts';
import type { Goal } from '../scenario/schema.ts';
import type { Candidate } from './candidates.ts';

export interface RankedSuggestion extends Candidate {
  readonly rank: number;
  /** The goal metric's change (paired, with its interval). */
  readonly goal: Delta | null;
  /** Changes in the other headline metrics, as sentences ("cost per case +4 %"). */
  readonly tradeOffs: readonly string[];
  /** The scenario improved the goal significantly. */
  readonly recommended: boolean;
}

export interface SuggestionReport {
  readonly goal: Goal;
  readonly goalMetric: string;
  readonly ranked: readonly RankedSuggestion[];
  readonly comparison: Comparison;
  /** Candidates that could not be simulated (an invalid SOP after the change), with why. */
  readonly skipped: readonly { readonly id: string; readonly reason: string }[];
}

const GOAL_METRICS: Readonly<Record<Goal, readonly string[]>> = {
  cycleTime: ['cycleTime.mean'],
  slaBreaches: ['sla.case.breachRate', 'sla.anyStep.breachRate'],
  // Work cost: what a redesign saves in people's time (paid rosters change only with head counts).
  cost: ['cost.direct', 'cost.staff'],
};

const HEADLINES = ['cycleTime.mean', 'cycleTime.p90', 'sla.case.breachRate', 'sla.anyStep.breachRate', 'cost.staff', 'cost.direct'];

function pct(d: Delta): string {
  return `${d.relative > 0 ? '+' : ''}${(d.relative * 100).toFixed(1)} %`;
}

function tradeOffs(rows: readonly ComparisonRow[], i: number, goalKey: string): string[] {
  const out: string[] = [];
  for (const key of HEADLINES) {
    if (key === goalKey) continue;
    const row = rows.find((r) => r.key === key);
    const d = row?.deltas[i];
    if (row && d && d.significant && Number.isFinite(d.relative)) out.push(`${row.label} ${pct(d)}${d.verdict === 'worse' ? ' (worse)' : ''}`);
  }
  for (const row of rows) {
    if (!/^role\..+\.utilisation$/.test(row.key)) continue;
    const v = row.values[i];
    if (v && v.mean > 0.9) out.push(`${row.subject} busy ${(v.mean * 100).toFixed(0)} % of their time: little slack for peaks`);
  }
  return out;
}

/**
 * Simulates every candidate against the baseline on common random numbers and ranks them by
 * the manager's goal (lower is better for all three), stating what each one costs elsewhere.
 */
export function rankCandidates(input: SimulationInput, candidates: readonly Candidate[], goal: Goal, options: RunOptions): SuggestionReport {
  const usable: Candidate[] = [];
  const skipped: { id: string; reason: string }[] = [];
  // Check each candidate's changes apply before spending simulation time on the batch.
  for (const c of candidates) {
    try {
      const v = applyChanges(input.process, input.params, c.changes);
      resolveModel(v.process, v.params, input.subProcesses);
      usable.push(c);
    } catch (e) {
      if (!(e instanceof SimulationError)) throw e;
      skipped.push({ id: c.id, reason: e.message });
    }
  }
  const comparison = compareScenarios(input, usable.map((c) => ({ name: c.title, changes: [...c.changes] })), options);
  const goalKey = GOAL_METRICS[goal].find((k) => comparison.rows.some((r) => r.key === k));
  if (goalKey === undefined) throw new SimulationError('BAD_SCENARIO', `the goal "${goal}" has no metric in this SOP (it has no SLA?)`);
  const goalRow = comparison.rows.find((r) => r.key === goalKey)!;
  const scored = usable.map((c, j) => {
    const d = goalRow.deltas[j + 1] ?? null;
    return { c, d, i: j + 1 };
  });
  scored.sort((x, y) => (x.d?.mean ?? Number.POSITIVE_INFINITY) - (y.d?.mean ?? Number.POSITIVE_INFINITY));
  const ranked = scored.map(({ c, d, i }, k) => ({ ...c, rank: k + 1, goal: d, tradeOffs: tradeOffs(comparison.rows, i, goalKey), recommended: d?.verdict === 'better' }));
  return { goal, goalMetric: goalKey, ranked, comparison, skipped };
}
