import { feelCondition, feelNumber, yuan, type CommissionRule, type CounterRule } from './rules.ts';

/**
 * Counters and commission from completed work (pure: the SQL that gathers the cases is in
 * metrics.ts). A case counts in the period when its trigger task (a counter's step, a
 * commission's step) was completed in it.
 */

export interface DoneTask {
  readonly node: string;
  readonly by: string;
  readonly closedAt: number;
  readonly dueAt: number | null;
  readonly form: Readonly<Record<string, unknown>>;
}

export interface CaseWork {
  readonly caseId: string;
  readonly processKey: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** Completed tasks of the case, in the order they were completed. */
  readonly tasks: readonly DoneTask[];
}

export interface Period {
  readonly from: number;
  readonly to: number;
}

const inPeriod = (t: number, p: Period) => t >= p.from && t < p.to;
const breached = (t: DoneTask) => t.dueAt !== null && t.closedAt > t.dueAt;

/** Per person, per counter: the number of cases counted. */
export function countCases(rules: readonly CounterRule[], cases: readonly CaseWork[], period: Period): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const rule of rules) {
    for (const c of cases) {
      if (c.processKey !== rule.process) continue;
      const breachedSteps = [...new Set(c.tasks.filter(breached).map((t) => t.node))];
      const people = new Set<string>();
      for (const t of c.tasks) {
        if (!rule.steps.includes(t.node) || !inPeriod(t.closedAt, period) || people.has(t.by)) continue;
        if (feelCondition(rule.id, rule.when, { ...c.data, ...t.form, breached: breached(t), breachedSteps })) people.add(t.by);
      }
      for (const p of people) {
        const row = out.get(p) ?? {};
        row[rule.id] = (row[rule.id] ?? 0) + 1;
        out.set(p, row);
      }
    }
  }
  return out;
}

export interface CommissionLine {
  readonly rule: string;
  readonly label: CommissionRule['label'];
  readonly kind: CommissionRule['kind'];
  /** This person's share of the cases (two people serving one case: 0.5 each). */
  readonly cases: number;
  /** This person's share of the sales the rule pays on (yuan). */
  readonly base: number;
  readonly amount: number;
}

/** Splits a case among the people who served: by the shares variable when it names them, otherwise equally. */
function shares(people: readonly string[], given: unknown): Map<string, number> {
  if (typeof given === 'object' && given !== null && !Array.isArray(given)) {
    const g = given as Record<string, unknown>;
    const w = people.map((p) => (typeof g[p] === 'number' && (g[p] as number) >= 0 ? (g[p] as number) : 0));
    const sum = w.reduce((a, b) => a + b, 0);
    if (sum > 0) return new Map(people.map((p, i) => [p, w[i]! / sum]));
  }
  return new Map(people.map((p) => [p, 1 / people.length]));
}

function pay(rule: CommissionRule, cases: number, base: number): number {
  const p = rule.pay;
  if ('percent' in p) return (base * p.percent) / 100;
  if ('fixed' in p) return cases * p.fixed;
  const tiers = [...p.tiers].sort((a, b) => a.from - b.from);
  if (p.mode === 'whole') {
    const t = tiers.filter((x) => x.from <= base).at(-1);
    return t === undefined ? 0 : (base * t.percent) / 100;
  }
  let sum = 0;
  tiers.forEach((t, i) => {
    const hi = tiers[i + 1]?.from ?? Infinity;
    if (base > t.from) sum += ((Math.min(base, hi) - t.from) * t.percent) / 100;
  });
  return sum;
}

/** Per person, one line per commission rule they earned under. */
export function commissions(rules: readonly CommissionRule[], cases: readonly CaseWork[], period: Period): Map<string, CommissionLine[]> {
  const out = new Map<string, CommissionLine[]>();
  for (const rule of rules) {
    const credit = new Map<string, { cases: number; base: number }>();
    for (const c of cases) {
      if (c.processKey !== rule.process) continue;
      const trigger = c.tasks.find((t) => t.node === rule.step && inPeriod(t.closedAt, period));
      if (trigger === undefined) continue;
      const ctx = { ...c.data, ...trigger.form };
      if (!feelCondition(rule.id, rule.when, ctx)) continue;
      const amount = feelNumber(rule.id, rule.amount, ctx);
      const people = [...new Set(c.tasks.filter((t) => rule.servedBy.includes(t.node)).map((t) => t.by))];
      if (people.length === 0) continue;
      for (const [p, share] of shares(people, rule.sharesVariable === undefined ? undefined : c.data[rule.sharesVariable])) {
        const cr = credit.get(p) ?? { cases: 0, base: 0 };
        credit.set(p, { cases: cr.cases + share, base: cr.base + amount * share });
      }
    }
    for (const [p, cr] of credit) {
      const lines = out.get(p) ?? [];
      lines.push({ rule: rule.id, label: rule.label, kind: rule.kind, cases: Math.round(cr.cases * 1000) / 1000, base: yuan(cr.base), amount: yuan(pay(rule, cr.cases, cr.base)) });
      out.set(p, lines);
    }
  }
  return out;
}
