import { Samples } from '../stats/samples.ts';
import { TimeAverage } from '../stats/time-average.ts';
import type { SimCase, SimTask } from './world.ts';

/** Per-step sums over the measured cases. */
export class StepStats {
  count = 0;
  waitSum = 0;
  workSum = 0;
  inStepSum = 0;
  breaches = 0;
  withSla = 0;
  readonly waits: Samples;
  constructor(capacity?: number) {
    this.waits = new Samples(capacity);
  }
}

/** Room for this many waits per step at first: a step visited once per case fills it, a rare one wastes little. */
const STEP_CAPACITY = 65_536;
/** Room for this many cycle times at first (2 MB; a run asking for a million cases, like the demo history's open-ended one, grows past it). */
const CYCLE_CAPACITY = 262_144;

/** Per-customer-tier sums (priority classes). */
export class TierStats {
  cases = 0;
  cycleSum = 0;
  tasks = 0;
  waitSum = 0;
}

/** Per-role sums over the measurement window. */
export class RoleStats {
  readonly queue = new TimeAverage();
  busyMs = 0;
  availableMs = 0;
  people = 0;
  costPerHour = 0;
}

/**
 * What one replication measures. Cases count when they are measured (arrived after the
 * warm-up, within the quota); time averages and utilisation cover the window from the first
 * measured arrival until the last measured case ends (arrivals go on meanwhile, so the system
 * stays loaded as in steady state rather than draining).
 */
export class Collector {
  windowStart = Number.NaN;
  windowEnd = Number.NaN;
  readonly cycle: Samples;
  completed = 0;
  failed = 0;
  cancelled = 0;
  caseSlaBreaches = 0;
  caseWithSla = 0;
  anyStepBreached = 0;
  directCost = 0;
  /** Top-level cases of any kind ending inside the window (throughput). */
  endedInWindow = 0;
  readonly wip = new TimeAverage();
  readonly steps = new Map<string, StepStats>();
  readonly roles = new Map<string, RoleStats>();
  readonly tiers: TierStats[] = [];
  notifications = 0;

  /** `cases`: the measured cases expected, to size the sample buffers once instead of growing them. */
  constructor(private readonly cases = 0) {
    this.cycle = new Samples(cases > 0 ? Math.min(cases, CYCLE_CAPACITY) : undefined);
  }

  tier(i: number): TierStats {
    while (this.tiers.length <= i) this.tiers.push(new TierStats());
    return this.tiers[i]!;
  }

  role(id: string): RoleStats {
    let r = this.roles.get(id);
    if (!r) this.roles.set(id, (r = new RoleStats()));
    return r;
  }

  step(id: string): StepStats {
    let s = this.steps.get(id);
    if (!s) this.steps.set(id, (s = new StepStats(this.cases > 0 ? Math.min(this.cases, STEP_CAPACITY) : undefined)));
    return s;
  }

  openWindow(t: number): void {
    this.windowStart = t;
    this.wip.open(t);
    for (const r of this.roles.values()) r.queue.open(t);
  }

  /** A task of a measured case completed at `t`. */
  taskCompleted(k: SimTask, t: number, breached: boolean, hadSla: boolean, tier: number): void {
    const s = this.step(k.node.id);
    const wait = k.startedAt - k.createdAt;
    s.count++;
    s.waitSum += wait;
    s.workSum += k.work;
    s.inStepSum += t - k.createdAt;
    s.waits.push(wait);
    if (hadSla) s.withSla++;
    if (breached) s.breaches++;
    if (tier >= 0) {
      const ts = this.tier(tier);
      ts.tasks++;
      ts.waitSum += wait;
    }
  }

  caseEnded(c: SimCase, status: string, t: number, caseBreached: boolean, hadSla: boolean): void {
    if (status === 'completed') {
      this.completed++;
      this.cycle.push(t - c.arrivedAt);
      if (c.tier >= 0) {
        const ts = this.tier(c.tier);
        ts.cases++;
        ts.cycleSum += t - c.arrivedAt;
      }
    } else if (status === 'failed') this.failed++;
    else this.cancelled++;
    if (hadSla) this.caseWithSla++;
    if (caseBreached) this.caseSlaBreaches++;
    if (c.stepBreached) this.anyStepBreached++;
    this.directCost += c.cost;
  }
}
