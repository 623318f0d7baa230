import { evaluate } from 'feelin';

/**
 * Tiers by rule: an organisation lists rules `{ tier, when }` where `when` is a FEEL condition
 * over the customer; the first rule that holds gives the tier, none → no tier. Rules see:
 *
 * - every free attribute by name (`assets >= 1000000`, `vehicle = "SUV"`), also as `attributes.x`;
 * - `tags` (a list: `list contains(tags, "corporate")`), `consent`;
 * - `purchase.total`, `purchase.max`, `purchase.count`: purchases in yuan (decimal), e.g.
 *   `purchase.max >= 3000 or purchase.total >= 5000`.
 *
 * A rule that does not evaluate to `true` (false, null because a value is missing, a type
 * mismatch) does not hold, as with the engine's conditions.
 */

export interface TierRule {
  readonly tier: string;
  readonly when: string;
}

export interface TierFacts {
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly tags: readonly string[];
  readonly consent: Readonly<Record<string, unknown>>;
  readonly purchaseTotalCents: number;
  readonly purchaseMaxCents: number;
  readonly purchaseCount: number;
}

/** The FEEL context the rules are evaluated in. */
export function tierContext(f: TierFacts): Record<string, unknown> {
  return {
    ...f.attributes,
    attributes: f.attributes,
    tags: f.tags,
    consent: f.consent,
    purchase: { total: f.purchaseTotalCents / 100, max: f.purchaseMaxCents / 100, count: f.purchaseCount },
  };
}

/** The tier the rules give (the first rule that holds), or null. */
export function tierOf(rules: readonly TierRule[], f: TierFacts): string | null {
  const ctx = tierContext(f);
  for (const r of rules) {
    let v: unknown;
    try {
      v = evaluate(r.when, ctx).value;
    } catch {
      v = null;
    }
    if (v === true) return r.tier;
  }
  return null;
}

/** Problems of a rule list (syntax errors), as `{ index, message }`; empty when all parse. */
export function ruleProblems(rules: readonly TierRule[]): { index: number; message: string }[] {
  const sample = tierContext({ attributes: {}, tags: [], consent: {}, purchaseTotalCents: 0, purchaseMaxCents: 0, purchaseCount: 0 });
  const out: { index: number; message: string }[] = [];
  rules.forEach((r, index) => {
    try {
      evaluate(r.when, sample);
    } catch (e) {
      out.push({ index, message: `cannot read the FEEL condition "${r.when}": ${(e as Error).message}` });
    }
  });
  return out;
}
