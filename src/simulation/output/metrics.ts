import type { Replication } from '../core/replication.ts';

const MIN = 60_000;
const HOUR = 3_600_000;

/** What a metric measures and how to read it. */
export interface MetricInfo {
  readonly key: string;
  readonly label: string;
  readonly unit: 'min' | 'fraction' | 'cases/h' | 'cases' | 'cost' | 'people';
  readonly group: 'case' | 'step' | 'role';
  /** Which direction is an improvement (none for neutral quantities such as throughput). */
  readonly better?: 'lower' | 'higher';
  /** The step or role the metric is about. */
  readonly subject?: string;
}

/** One replication's value of every metric, by key. */
export type MetricValues = Record<string, number>;

/** Flattens a finished replication into metric values (times in minutes). */
export function replicationMetrics(
  rep: Replication,
  thresholdsHours: readonly number[],
  waitThresholdsHours: readonly number[],
  tiers: readonly string[],
): { readonly info: MetricInfo[]; readonly values: MetricValues } {
  const c = rep.collector;
  const info: MetricInfo[] = [];
  const values: MetricValues = {};
  const put = (m: MetricInfo, v: number): void => {
    info.push(m);
    values[m.key] = v;
  };
  const window = c.windowEnd - c.windowStart;
  const ended = c.completed + c.failed + c.cancelled;
  put({ key: 'cycleTime.mean', label: 'cycle time, mean', unit: 'min', group: 'case', better: 'lower' }, c.cycle.mean() / MIN);
  put({ key: 'cycleTime.p50', label: 'cycle time, median', unit: 'min', group: 'case', better: 'lower' }, c.cycle.quantile(0.5) / MIN);
  put({ key: 'cycleTime.p90', label: 'cycle time, 90th percentile', unit: 'min', group: 'case', better: 'lower' }, c.cycle.quantile(0.9) / MIN);
  put({ key: 'cycleTime.p95', label: 'cycle time, 95th percentile', unit: 'min', group: 'case', better: 'lower' }, c.cycle.quantile(0.95) / MIN);
  for (const h of thresholdsHours)
    put({ key: `cycleTime.over.${h}h`, label: `P(cycle time > ${h} h)`, unit: 'fraction', group: 'case', better: 'lower' }, c.cycle.fractionAbove(h * HOUR));
  put({ key: 'throughput', label: 'throughput', unit: 'cases/h', group: 'case' }, window > 0 ? c.endedInWindow / (window / HOUR) : Number.NaN);
  put({ key: 'wip', label: 'cases in progress, mean', unit: 'cases', group: 'case', better: 'lower' }, c.wip.averageUntil(c.windowEnd));
  if (c.caseWithSla > 0) put({ key: 'sla.case.breachRate', label: 'case SLA breached', unit: 'fraction', group: 'case', better: 'lower' }, c.caseSlaBreaches / c.caseWithSla);
  put({ key: 'sla.anyStep.breachRate', label: 'cases with a step SLA breached', unit: 'fraction', group: 'case', better: 'lower' }, ended > 0 ? c.anyStepBreached / ended : Number.NaN);
  put({ key: 'cost.direct', label: 'work cost per case', unit: 'cost', group: 'case', better: 'lower' }, ended > 0 ? c.directCost / ended : Number.NaN);
  let paid = 0;
  for (const r of c.roles.values()) paid += (r.availableMs / HOUR) * r.costPerHour;
  put({ key: 'cost.staff', label: 'staff cost per case', unit: 'cost', group: 'case', better: 'lower' }, c.endedInWindow > 0 ? paid / c.endedInWindow : Number.NaN);
  if (c.failed > 0) put({ key: 'failedRate', label: 'cases failed', unit: 'fraction', group: 'case', better: 'lower' }, c.failed / ended);

  for (const [id, s] of [...c.steps].sort((a, b) => a[0].localeCompare(b[0]))) {
    const subject = id;
    put({ key: `step.${id}.wait`, label: `${id}: waiting, mean`, unit: 'min', group: 'step', better: 'lower', subject }, s.waitSum / s.count / MIN);
    put({ key: `step.${id}.waited`, label: `${id}: share that waited`, unit: 'fraction', group: 'step', better: 'lower', subject }, s.waits.fractionAbove(0));
    for (const h of waitThresholdsHours)
      put({ key: `step.${id}.waitOver.${h}h`, label: `${id}: P(waiting > ${h} h)`, unit: 'fraction', group: 'step', better: 'lower', subject }, s.waits.fractionAbove(h * HOUR));
    put({ key: `step.${id}.waitP90`, label: `${id}: waiting, 90th percentile`, unit: 'min', group: 'step', better: 'lower', subject }, s.waits.quantile(0.9) / MIN);
    put({ key: `step.${id}.work`, label: `${id}: working, mean`, unit: 'min', group: 'step', better: 'lower', subject }, s.workSum / s.count / MIN);
    put({ key: `step.${id}.inStep`, label: `${id}: time in step, mean`, unit: 'min', group: 'step', better: 'lower', subject }, s.inStepSum / s.count / MIN);
    put({ key: `step.${id}.count`, label: `${id}: tasks per case`, unit: 'cases', group: 'step', subject }, ended > 0 ? s.count / ended : Number.NaN);
    if (s.withSla > 0) put({ key: `step.${id}.breachRate`, label: `${id}: SLA breached`, unit: 'fraction', group: 'step', better: 'lower', subject }, s.breaches / s.withSla);
  }
  c.tiers.forEach((t, i) => {
    const subject = tiers[i] ?? String(i);
    put({ key: `tier.${subject}.wait`, label: `${subject} customers: waiting per task, mean`, unit: 'min', group: 'case', better: 'lower', subject }, t.waitSum / t.tasks / MIN);
    put({ key: `tier.${subject}.cycleTime`, label: `${subject} customers: cycle time, mean`, unit: 'min', group: 'case', better: 'lower', subject }, t.cycleSum / t.cases / MIN);
  });
  for (const [id, r] of [...c.roles].sort((a, b) => a[0].localeCompare(b[0]))) {
    const subject = id;
    put({ key: `role.${id}.people`, label: `${id}: people`, unit: 'people', group: 'role', subject }, r.people);
    put({ key: `role.${id}.utilisation`, label: `${id}: utilisation`, unit: 'fraction', group: 'role', subject }, r.availableMs > 0 ? r.busyMs / r.availableMs : Number.NaN);
    put({ key: `role.${id}.queue`, label: `${id}: queue length, mean`, unit: 'cases', group: 'role', better: 'lower', subject }, r.queue.averageUntil(c.windowEnd));
    put({ key: `role.${id}.queueMax`, label: `${id}: queue length, max`, unit: 'cases', group: 'role', better: 'lower', subject }, r.queue.max);
  }
  return { info, values };
}
