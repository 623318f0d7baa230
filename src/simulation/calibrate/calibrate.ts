import { createCalendar } from '../../calendar/index.ts';
import { SimulationError } from '../errors.ts';
import { chiSquareSurvival, normalQuantile } from '../stats/special.ts';
import { quantileSorted } from '../stats/samples.ts';
import { fitDurations, type FitCandidate } from './fit.ts';
import type { CompiledProcess, ProcessNode } from '../../model/types.ts';
import type { Distribution } from '../random/distribution.ts';
import type { ArrivalSpec, SimulationParams, StaffSpec } from '../params.ts';
import type { Trace } from './trace.ts';

const MIN = 60_000;
const HOUR = 3_600_000;

/** An estimate with its confidence interval. */
export interface Interval {
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

export interface StepCalibration {
  readonly id: string;
  readonly role: string | undefined;
  /** Work times observed. */
  readonly n: number;
  /** True when the log has no start events for the step: work time is taken from the previous event, so it includes waiting. */
  readonly approximate: boolean;
  /** Mean and standard deviation of the work time, minutes. */
  readonly mean: Interval;
  readonly sd: Interval;
  /** Waiting before work, minutes (when the log has schedule and start events). */
  readonly waitMean?: number;
  readonly chosen: Distribution;
  readonly candidates: readonly FitCandidate[];
}

export interface BranchCalibration {
  readonly gateway: string;
  readonly decisions: number;
  readonly targets: readonly { readonly to: string; readonly count: number; readonly p: Interval }[];
}

export interface CalibrationReport {
  readonly cases: number;
  readonly from: number;
  readonly to: number;
  readonly arrivals: {
    readonly perHour: Interval;
    /** Chi-square test of "the same rate in every hour of the week": a small p means a profile was needed. */
    readonly constantRateTest?: { readonly chi2: number; readonly df: number; readonly p: number };
    readonly interarrival: FitCandidate | undefined;
    readonly chosen: ArrivalSpec;
  };
  readonly steps: readonly StepCalibration[];
  readonly branches: readonly BranchCalibration[];
  readonly staff: readonly { readonly role: string; readonly people: number; readonly resources: readonly string[] }[];
  /** Activities of the log that are not steps of the SOP (ignored). */
  readonly unmatched: readonly string[];
  /** Cycle times of the cases that ended in the log, minutes. */
  readonly cycleTime: { readonly cases: number; readonly mean: number; readonly p50: number; readonly p90: number };
}

export interface CalibrationOptions {
  /** Confidence of the intervals; default 0.95. */
  readonly confidence?: number;
  /** Arrival model: constant Poisson rate, hourly profile, decided by a test (default), or the log's own instants replayed. */
  readonly arrivals?: 'auto' | 'poisson' | 'profile' | 'replay';
  readonly timezone?: string;
  /** Calendars for the result's staff and SLAs (carried into the parameters). */
  readonly calendars?: SimulationParams['calendars'];
  /**
   * Calendar name (in `calendars`) the staff work on. Work times are then measured in its open
   * time: a task started at 17:50 and finished at 08:40 next morning took 20 minutes of work.
   */
  readonly staffCalendar?: string;
}

function interval(value: number, se: number, z: number): Interval {
  return { value, low: value - z * se, high: value + z * se };
}

/** Wilson score interval of a proportion. */
function wilson(k: number, n: number, z: number): Interval {
  if (n === 0) return { value: Number.NaN, low: 0, high: 1 };
  const p = k / n;
  const d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return { value: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Maps the log's activity names to the SOP's nodes: by id, then English, then Chinese name. */
function activityMap(proc: CompiledProcess): Map<string, ProcessNode> {
  const m = new Map<string, ProcessNode>();
  for (const n of proc.definition.nodes) {
    for (const key of [n.name.zh, n.name.en, n.id]) if (key !== undefined) m.set(key, n);
  }
  return m;
}

/** The first steps (activities) a token meets after entering `target`, through gateways. */
function firstSteps(proc: CompiledProcess, target: string): { readonly steps: Set<string>; readonly reachesEnd: boolean } {
  const steps = new Set<string>();
  let reachesEnd = false;
  const seen = new Set<string>();
  const stack = [target];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const n = proc.nodes[id];
    if (!n) continue;
    if (n.kind === 'end') reachesEnd = true;
    else if (n.kind === 'exclusive' || n.kind === 'parallel') for (const f of proc.outgoing[id] ?? []) stack.push(f.to);
    else steps.add(id);
  }
  return { steps, reachesEnd };
}

/** The steps whose completion leads (through gateways only) into `gateway`. */
function decisionSteps(proc: CompiledProcess, gateway: string): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>();
  const stack = [gateway];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const f of proc.incoming[id] ?? []) {
      const n = proc.nodes[f.from];
      if (!n) continue;
      if (n.kind === 'exclusive' || n.kind === 'parallel') stack.push(n.id);
      else out.add(n.id);
    }
  }
  return out;
}

/**
 * Calibrates simulation parameters of an SOP from its event log: arrival rate (or hourly
 * profile), a fitted distribution of each step's work time, branch probabilities and staff per
 * role — each with a confidence interval and a goodness-of-fit, in the report.
 */
export function calibrate(proc: CompiledProcess, traces: readonly Trace[], options: CalibrationOptions = {}): { readonly params: SimulationParams; readonly report: CalibrationReport } {
  if (traces.length < 2) throw new SimulationError('NOT_CALIBRATABLE', `the log has ${traces.length} case(s); calibration needs at least 2`);
  const z = normalQuantile(1 - (1 - (options.confidence ?? 0.95)) / 2);
  const byActivity = activityMap(proc);
  const unmatched = new Set<string>();
  const nodeOf = (activity: string): ProcessNode | undefined => {
    const n = byActivity.get(activity);
    if (!n) unmatched.add(activity);
    return n;
  };

  // ---- work times, waits, resources ----
  const spec = options.staffCalendar !== undefined ? options.calendars?.[options.staffCalendar] : undefined;
  if (options.staffCalendar !== undefined && spec === undefined)
    throw new SimulationError('NOT_CALIBRATABLE', `staff calendar "${options.staffCalendar}" is not among the calendars given`);
  const cal = spec ? createCalendar(spec) : undefined;
  const span = (a: number, b: number): number => (cal ? cal.workingTimeBetween(a, b) : b - a) / MIN;
  const work = new Map<string, number[]>();
  const waits = new Map<string, number[]>();
  const approximate = new Set<string>();
  const resources = new Map<string, Set<string>>();
  const withStarts = new Set<string>();
  for (const t of traces) for (const e of t.events) if (e.lifecycle === 'start') withStarts.add(e.activity);
  for (const t of traces) {
    const startedByTask = new Map<string, number>();
    const scheduledByTask = new Map<string, number>();
    const startedByActivity = new Map<string, number[]>();
    let previous = t.start;
    for (const e of t.events) {
      const n = nodeOf(e.activity);
      if (!n || (n.kind !== 'human' && n.kind !== 'service')) {
        if (e.lifecycle === 'complete') previous = e.time;
        continue;
      }
      if (e.lifecycle === 'schedule' && e.taskId) scheduledByTask.set(e.taskId, e.time);
      else if (e.lifecycle === 'start') {
        if (e.taskId) startedByTask.set(e.taskId, e.time);
        else {
          const q = startedByActivity.get(e.activity) ?? [];
          q.push(e.time);
          startedByActivity.set(e.activity, q);
        }
        const sched = e.taskId ? scheduledByTask.get(e.taskId) : undefined;
        if (sched !== undefined) (waits.get(n.id) ?? waits.set(n.id, []).get(n.id)!).push((e.time - sched) / MIN);
      } else if (e.lifecycle === 'complete') {
        let begin = e.taskId ? startedByTask.get(e.taskId) : startedByActivity.get(e.activity)?.shift();
        if (begin === undefined) {
          // A step with no start events: its duration can only be taken from the previous event.
          if (!withStarts.has(e.activity)) {
            begin = previous;
            if (n.kind === 'human') approximate.add(n.id);
          }
        }
        if (begin !== undefined) (work.get(n.id) ?? work.set(n.id, []).get(n.id)!).push(span(begin, e.time));
        if (n.kind === 'human' && e.resource) (resources.get(n.role) ?? resources.set(n.role, new Set()).get(n.role)!).add(e.resource);
        previous = e.time;
      }
    }
  }

  const steps: StepCalibration[] = [];
  const durations: Record<string, Distribution> = {};
  for (const n of proc.definition.nodes) {
    if (n.kind !== 'human' && n.kind !== 'service') continue;
    const xs = work.get(n.id) ?? [];
    if (xs.length === 0) continue;
    const candidates = fitDurations(xs);
    const chosen = candidates[0]!.distribution;
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    const m2 = xs.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(1, xs.length - 1);
    const m4 = xs.reduce((s, x) => s + (x - m) ** 4, 0) / xs.length;
    const sd = Math.sqrt(m2);
    // Distribution-free standard errors: of the mean, and of the sd by the delta method on s².
    const seSd = sd > 0 ? Math.sqrt(Math.max(0, m4 - m2 * m2) / xs.length) / (2 * sd) : 0;
    const w = waits.get(n.id);
    steps.push({
      id: n.id,
      role: n.kind === 'human' ? n.role : undefined,
      n: xs.length,
      approximate: approximate.has(n.id),
      mean: interval(m, sd / Math.sqrt(xs.length), z),
      sd: interval(sd, seSd, z),
      waitMean: w && w.length > 0 ? w.reduce((s, x) => s + x, 0) / w.length : undefined,
      chosen,
      candidates,
    });
    durations[n.id] = chosen;
  }
  const missing = proc.definition.nodes.filter((n) => n.kind === 'human' && durations[n.id] === undefined).map((n) => n.id);
  if (missing.length > 0)
    throw new SimulationError('NOT_CALIBRATABLE', `the log has no completed work for step${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}; calibration cannot give it a duration`);

  // ---- branches ----
  const branches: BranchCalibration[] = [];
  const branchParams: Record<string, Record<string, number>> = {};
  for (const g of proc.definition.nodes) {
    if (g.kind !== 'exclusive') continue;
    const targets = [...new Set((proc.outgoing[g.id] ?? []).map((f) => f.to))];
    const counts = new Map<string, number>(targets.map((t) => [t, 0]));
    let decisions = 0;
    const direct = traces.some((t) => t.events.some((e) => e.activity === g.id && e.to !== undefined));
    if (direct) {
      for (const t of traces)
        for (const e of t.events)
          if (e.activity === g.id && e.to !== undefined && counts.has(e.to)) {
            counts.set(e.to, counts.get(e.to)! + 1);
            decisions++;
          }
    } else {
      // An imported log has no gateway events: after each completion of the step that decides,
      // the next activity that starts one of the branches says which branch was taken.
      const deciders = decisionSteps(proc, g.id);
      const first = targets.map((to) => ({ to, ...firstSteps(proc, to) }));
      const toEnd = first.find((f) => f.reachesEnd && f.steps.size === 0)?.to;
      for (const t of traces) {
        const ev = t.events.filter((e) => e.lifecycle === 'complete' || e.lifecycle === 'start');
        for (let i = 0; i < ev.length; i++) {
          const n = byActivity.get(ev[i]!.activity);
          if (!n || !deciders.has(n.id) || ev[i]!.lifecycle !== 'complete') continue;
          let chosen: string | undefined;
          for (let j = i + 1; j < ev.length && chosen === undefined; j++) {
            const m = byActivity.get(ev[j]!.activity);
            if (m) chosen = first.find((f) => f.steps.has(m.id))?.to;
          }
          chosen ??= toEnd;
          if (chosen !== undefined) {
            counts.set(chosen, counts.get(chosen)! + 1);
            decisions++;
          }
        }
      }
    }
    if (decisions === 0) continue;
    branches.push({ gateway: g.id, decisions, targets: targets.map((to) => ({ to, count: counts.get(to)!, p: wilson(counts.get(to)!, decisions, z) })) });
    branchParams[g.id] = Object.fromEntries(targets.map((to) => [to, counts.get(to)! / decisions]));
  }

  // ---- arrivals ----
  const starts = traces.map((t) => t.start).sort((a, b) => a - b);
  const from = starts[0]!;
  const to = starts[starts.length - 1]!;
  const spanH = (to - from) / HOUR;
  const n = starts.length;
  const rate = (n - 1) / spanH;
  const gaps = starts.slice(1).map((s, i) => (s - starts[i]!) / MIN);
  const expFit = fitDurations(gaps.filter((g) => g > 0)).find((c) => c.distribution.kind === 'exponential');
  const timezone = options.timezone ?? 'Asia/Shanghai';
  const profile = hourlyProfile(starts, timezone);
  const mode = options.arrivals ?? 'auto';
  let chosen: ArrivalSpec = { kind: 'poisson', perHour: Number(rate.toPrecision(6)) };
  if (profile && (mode === 'profile' || (mode === 'auto' && profile.test.p < 0.001 && spanH >= 7 * 24))) chosen = profile.spec;
  if (mode === 'replay') chosen = { kind: 'replay', times: starts };

  // ---- staff ----
  const staffReport = [...resources].map(([role, set]) => ({ role, people: set.size, resources: [...set].sort() }));
  const staff: Record<string, StaffSpec> = {};
  for (const r of proc.definition.roles) {
    const people = resources.get(r.id)?.size;
    if (people === undefined) continue;
    staff[r.id] = options.staffCalendar ? { count: people, calendar: options.staffCalendar } : people;
  }

  const cycles = traces.filter((t) => t.end !== undefined).map((t) => (t.end! - t.start) / MIN).sort((a, b) => a - b);
  const report: CalibrationReport = {
    cases: traces.length,
    from,
    to,
    arrivals: { perHour: interval(rate, rate / Math.sqrt(n), z), constantRateTest: profile?.test, interarrival: expFit, chosen },
    steps,
    branches,
    staff: staffReport,
    unmatched: [...unmatched].filter((a) => !byActivity.has(a)).sort(),
    cycleTime: {
      cases: cycles.length,
      mean: cycles.reduce((s, x) => s + x, 0) / cycles.length,
      p50: quantileSorted(cycles, 0.5),
      p90: quantileSorted(cycles, 0.9),
    },
  };
  const params: SimulationParams = {
    arrivals: chosen,
    durations,
    ...(Object.keys(branchParams).length > 0 ? { branches: branchParams } : {}),
    staff,
    ...(options.calendars ? { calendars: options.calendars } : {}),
    timezone,
  };
  return { params, report };
}

/** Arrivals per local weekday-hour over the log's span, and the test of a constant rate. */
function hourlyProfile(starts: readonly number[], timezone: string): { spec: ArrivalSpec; test: { chi2: number; df: number; p: number } } | undefined {
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' });
  const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const slot = (t: number): number => {
    let wd = 0;
    let h = 0;
    for (const p of fmt.formatToParts(t)) {
      if (p.type === 'weekday') wd = days.indexOf(p.value);
      else if (p.type === 'hour') h = Number(p.value);
    }
    return wd * 24 + h;
  };
  const from = Math.floor(starts[0]! / HOUR) * HOUR;
  const to = starts[starts.length - 1]!;
  if (to - from < 24 * HOUR) return undefined;
  const exposure = new Float64Array(168);
  for (let t = from; t < to; t += HOUR) exposure[slot(t)]! += Math.min(HOUR, to - t) / HOUR;
  const counts = new Float64Array(168);
  for (const s of starts) counts[slot(s)]!++;
  const totalExposure = exposure.reduce((a, b) => a + b, 0);
  const lambda = starts.length / totalExposure;
  let chi2 = 0;
  let df = -1;
  for (let i = 0; i < 168; i++) {
    if (exposure[i]! <= 0) continue;
    const e = lambda * exposure[i]!;
    chi2 += (counts[i]! - e) ** 2 / e;
    df++;
  }
  const rates = Array.from(counts, (c, i) => (exposure[i]! > 0 ? Number((c / exposure[i]!).toPrecision(4)) : 0));
  const keys = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
  const weekly = Object.fromEntries(keys.map((k, d) => [k, rates.slice(d * 24, d * 24 + 24)]));
  return { spec: { kind: 'profile', weekly, timezone }, test: { chi2, df, p: df > 0 ? chiSquareSurvival(chi2, df) : 1 } };
}
