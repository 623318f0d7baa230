import { SimulationError } from '../errors.ts';
import { compileSampler } from '../random/sample.ts';
import { LocalClock } from './local-time.ts';
import type { Weekday } from '../../calendar/index.ts';
import type { ArrivalSpec } from '../params.ts';
import type { Xoshiro128 } from '../random/xoshiro.ts';

const HOUR = 3_600_000;
const WEEK: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The next arrival after `t` (undefined: no more arrivals), and case data replayed with it. */
export interface ArrivalProcess {
  next(rng: Xoshiro128, t: number, index: number): number | undefined;
  data(index: number): Readonly<Record<string, unknown>> | undefined;
  /** Mean arrivals per hour over a week (for reports); NaN when unknown. */
  readonly meanPerHour: number;
}

/** Builds the arrival process of a spec, starting at `start`. */
export function arrivalProcess(spec: ArrivalSpec, start: number, timezone: string): ArrivalProcess {
  switch (spec.kind) {
    case 'poisson': {
      const mean = HOUR / spec.perHour;
      return { next: (rng, t) => t - mean * Math.log(rng.uniform()), data: () => undefined, meanPerHour: spec.perHour };
    }
    case 'renewal': {
      const gap = compileSampler(spec.interarrival);
      return { next: (rng, t) => t + gap(rng), data: () => undefined, meanPerHour: Number.NaN };
    }
    case 'replay': {
      const times = spec.times.map((x) => (typeof x === 'number' ? x : Date.parse(x))).sort((a, b) => a - b);
      const shift = times.length > 0 ? start - times[0]! : 0;
      const span = times.length > 1 ? (times[times.length - 1]! - times[0]!) / HOUR : Number.NaN;
      // Replayed instants are moved so the first one falls on the simulation start.
      return { next: (_rng, _t, i) => (i < times.length ? times[i]! + shift : undefined), data: (i) => spec.data?.[i], meanPerHour: (times.length - 1) / span };
    }
    case 'profile':
      return profileProcess(spec, timezone);
  }
}

/**
 * A Poisson process whose rate is constant within each local hour: the next arrival inverts
 * the integrated rate (one exponential draw walked across hour boundaries), which is exact and
 * uses one random number per arrival — thinning would use a varying number and break common
 * random numbers between scenarios.
 */
function profileProcess(spec: Extract<ArrivalSpec, { kind: 'profile' }>, timezone: string): ArrivalProcess {
  const rates: number[][] = WEEK.map((d) => [...(spec.weekly?.[d] ?? spec.daily ?? new Array<number>(24).fill(0))]);
  const total = rates.reduce((s, day) => s + day.reduce((a, b) => a + b, 0), 0);
  if (!(total > 0)) throw new SimulationError('BAD_MODEL', 'the arrival profile has no hour with a positive rate: no case would ever arrive');
  const clock = new LocalClock(spec.timezone ?? timezone);
  return {
    meanPerHour: total / (7 * 24),
    data: () => undefined,
    next(rng, t) {
      let e = -Math.log(rng.uniform());
      let now = t;
      for (;;) {
        const { weekday, hour, hourEnds } = clock.hourAt(now);
        const r = rates[weekday]![hour]! / HOUR;
        const span = hourEnds - now;
        if (r > 0 && e <= r * span) return now + e / r;
        e -= r * span;
        now = hourEnds;
      }
    },
  };
}
