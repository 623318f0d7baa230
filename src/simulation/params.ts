/**
 * The simulation parameters of one SOP: everything the simulator needs beyond the SOP itself.
 * Plain JSON-able data (scenario files, calibration output and the web app all carry it);
 * validated by `simulationParamsSchema` (params-schema.ts) at the edges.
 *
 * Units: rates are per hour, durations carry their own unit (default minutes), costs are per
 * hour of a person's paid (rostered) time.
 */
import type { CalendarSpec, Weekday } from '../calendar/index.ts';
import type { Distribution } from './random/distribution.ts';

/** How cases arrive. */
export type ArrivalSpec =
  /** Poisson arrivals at a constant rate (cases per hour). */
  | { readonly kind: 'poisson'; readonly perHour: number }
  /**
   * Poisson arrivals whose rate changes by local hour of day (24 values, cases per hour) and,
   * optionally, by weekday (`weekly` wins over `daily` on the days it lists).
   */
  | {
      readonly kind: 'profile';
      readonly daily?: readonly number[];
      readonly weekly?: Readonly<Partial<Record<Weekday, readonly number[]>>>;
      /** Time zone of the hours; default the params' `timezone`. */
      readonly timezone?: string;
    }
  /** A renewal process: independent gaps between arrivals from a distribution (G/·/· models). */
  | { readonly kind: 'renewal'; readonly interarrival: Distribution }
  /** Arrival instants replayed from a log (epoch ms or ISO text), optionally with case data. */
  | { readonly kind: 'replay'; readonly times: readonly (number | string)[]; readonly data?: readonly Readonly<Record<string, unknown>>[] };

/** Generated case or form data, for FEEL conditions to decide on. */
export type DataGenerator =
  | { readonly kind: 'constant'; readonly value: unknown }
  | { readonly kind: 'choice'; readonly values: Readonly<Record<string, number>> }
  | { readonly kind: 'boolean'; readonly p: number }
  /** A number drawn from a distribution (in the distribution's unit, not ms). */
  | { readonly kind: 'number'; readonly distribution: Distribution; readonly round?: boolean };

/** A group of people of one role working on one calendar (roster). */
export interface Shift {
  readonly count: number;
  /** A calendar name from `calendars`; absent = always on duty. */
  readonly calendar?: string;
}

/** People of a role: a head count (always on duty), a count on a calendar, or several shifts. */
export type StaffSpec = number | Shift | { readonly shifts: readonly Shift[] };

/** A customer tier: its share of the arrivals and the priority its tasks get (higher first). */
export interface Tier {
  readonly id: string;
  readonly share: number;
  readonly priority: number;
}

export type WarmUp = { readonly cases: number } | { readonly hours: number };

export interface SimulationParams {
  /** Where the virtual clock starts (ISO); default Monday 2026-01-05 00:00 in `timezone`. */
  readonly start?: string;
  /** Default time zone for arrival profiles; default Asia/Shanghai. */
  readonly timezone?: string;
  readonly arrivals: ArrivalSpec;
  /** Duration of each human step (work time) and service step (response time), by node id. */
  readonly durations: Readonly<Record<string, Distribution>>;
  /** Branch probabilities of exclusive gateways: gateway id → target node id → probability. */
  readonly branches?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Case variables and form fields (by variable name) drawn per case or per step. */
  readonly data?: Readonly<Record<string, DataGenerator>>;
  readonly tiers?: readonly Tier[];
  /** People per role. */
  readonly staff: Readonly<Record<string, StaffSpec>>;
  /** Cost per paid hour, by role. */
  readonly costPerHour?: Readonly<Record<string, number>>;
  /** Business calendars by name: rosters, and the SOP's SLA calendars ("default" is the SOP's). */
  readonly calendars?: Readonly<Record<string, CalendarSpec>>;
  /** Probability that a service step's call fails (after its retries), by node id. */
  readonly serviceFailure?: Readonly<Record<string, number>>;
  readonly warmUp?: WarmUp;
}

/** How long and how often to run. */
export interface RunOptions {
  /** Measured cases per replication (after the warm-up). */
  readonly cases: number;
  readonly replications: number;
  readonly seed: number;
  /** Keep the engine's event log of every case (memory: ~1 kB per case). */
  readonly collectLog?: boolean;
  /** Keep every measured cycle time (for percentiles across replications and histograms). */
  readonly keepSamples?: boolean;
  /** Thresholds (hours) for P(cycle time > t). */
  readonly cycleTimeThresholds?: readonly number[];
  /** Thresholds (hours) for P(waiting at a step > t). */
  readonly waitThresholds?: readonly number[];
  /** Called after each replication and every few thousand cases: done and total cases. */
  readonly onProgress?: (done: number, total: number) => void;
}
