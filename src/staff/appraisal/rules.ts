import { z } from 'zod';
import { feel } from '../../engine/feel.ts';
import { checkFeelSyntax } from '../../model/feel-syntax.ts';
import type { LocalizedText } from '../../model/types.ts';

/**
 * The organisation's appraisal and commission rules: one JSON document, its arithmetic in FEEL
 * (the language the SOPs' conditions use), so an organisation writes its own without code.
 *
 * - counters: per person, cases where they did one of `steps` of `process` and `when` holds
 *   (FEEL over the case data, that task's form values, `breached` = that task finished after
 *   its due time, `breachedSteps` = the steps of the case that did). S30: work orders without
 *   the customer's signature; S12: repairs that left students without hot water.
 * - score: a FEEL number over the person's metrics (see `MetricContext`).
 * - lines: rewards (+) and deductions (−) in yuan, FEEL over the metrics, counters and score.
 * - commission (提成): per case where `step` was completed and `when` holds, `amount` (FEEL,
 *   the sale's value) is split among the people who did `servedBy` steps — equally, or by the
 *   shares in case variable `sharesVariable` ({ staffId: weight }) — then paid as a percentage,
 *   a fixed amount per case, or tiered on each person's total for the period.
 */

const text = z.strictObject({ zh: z.string().max(200).optional(), en: z.string().max(200).optional() });
const feelExpr = z
  .string()
  .min(1)
  .max(2000)
  .superRefine((s, ctx) => {
    const p = checkFeelSyntax(s);
    if (p !== undefined) ctx.addIssue({ code: 'custom', message: `FEEL at ${p.offset}: ${p.message}` });
  });
const id = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,40}$/, 'a name usable in FEEL: letters, digits, _');
const step = z.string().min(1).max(100);

const counter = z.strictObject({ id, label: text, process: step, steps: z.array(step).min(1).max(20), when: feelExpr.optional() });
const line = z.strictObject({ id, label: text, amount: feelExpr });
const tier = z.strictObject({ from: z.number().min(0), percent: z.number().min(0).max(100) });
const pay = z.union([
  z.strictObject({ percent: z.number().min(0).max(100) }),
  z.strictObject({ fixed: z.number().min(0).max(1_000_000) }),
  z.strictObject({ tiers: z.array(tier).min(1).max(20), mode: z.enum(['whole', 'marginal']) }),
]);
const commission = z.strictObject({
  id,
  label: text,
  kind: z.enum(['service', 'card', 'product']),
  process: step,
  step,
  when: feelExpr.optional(),
  amount: feelExpr,
  servedBy: z.array(step).min(1).max(20),
  sharesVariable: z.string().min(1).max(100).optional(),
  pay,
});

export const appraisalRulesSchema = z.strictObject({
  counters: z.array(counter).max(50).default([]),
  score: feelExpr.optional(),
  lines: z.array(line).max(50).default([]),
  commission: z.array(commission).max(50).default([]),
});

export type AppraisalRules = z.output<typeof appraisalRulesSchema>;
export type CommissionRule = AppraisalRules['commission'][number];
export type CounterRule = AppraisalRules['counters'][number];

/**
 * The score when an organisation writes none: SLA compliance 40, standards compliance 30,
 * CSAT (0–5) 20, supervisor score (0–10) 10; a missing measure counts as met.
 */
export const DEFAULT_SCORE =
  '(if slaCompliance = null then 1 else slaCompliance) * 40 + (if standardsCompliance = null then 1 else standardsCompliance) * 30 + (if csat = null then 20 else csat * 4) + (if supervisorScore = null then 10 else supervisorScore)';

/** The rules of an organisation that wrote none: the score only. */
export const EMPTY_RULES: AppraisalRules = { counters: [], lines: [], commission: [] };

export class RuleError extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(`rule "${rule}": ${message}`);
  }
}

/** Evaluates a FEEL rule that must give a number (null counts as 0). */
export function feelNumber(rule: string, expr: string, ctx: Readonly<Record<string, unknown>>): number {
  let v: unknown;
  try {
    v = feel(expr, ctx);
  } catch (e) {
    throw new RuleError(rule, (e as Error).message);
  }
  if (v === null || v === undefined) return 0;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RuleError(rule, `"${expr}" gave ${JSON.stringify(v)}, not a number`);
  return v;
}

/** A FEEL condition (absent = true). */
export function feelCondition(rule: string, expr: string | undefined, ctx: Readonly<Record<string, unknown>>): boolean {
  if (expr === undefined) return true;
  try {
    return feel(expr, ctx) === true;
  } catch (e) {
    throw new RuleError(rule, (e as Error).message);
  }
}

/** Money to the fen. */
export const yuan = (x: number): number => Math.round(x * 100) / 100 + 0;

export type { LocalizedText };
