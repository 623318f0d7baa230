import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The public event logs and PM4Py's results for them live outside the repository, in
 * shared/data/eventlogs beside it (never copied in). Tests find them here and skip, saying why,
 * when they are not there.
 */
export const EVENTLOGS_DIR = fileURLToPath(new URL('../../../../shared/data/eventlogs/', import.meta.url));
export const HAVE_EVENTLOGS = existsSync(`${EVENTLOGS_DIR}expected`);
export const SKIP_NOTE = `SKIPPED: shared event logs not found at ${EVENTLOGS_DIR}`;

/** The logs with expected results, as file names in EVENTLOGS_DIR. */
export const LOG_FILES = [
  'running-example.xes',
  '02_teleclaims.xes.gz',
  '03_repairExample.xes.gz',
  '07_bpic2013_incidents.xes.gz',
  '08_receipt.xes.gz',
  '12_roadtraffic_1t_per_variant.xes.gz',
  'helpdesk.xes.gz',
] as const;

/** Statistics PM4Py reports for a duration sample (seconds); stdev null for one value. */
export interface ExpectedStats {
  readonly mean: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly sum?: number;
  readonly stdev?: number | null;
}

export interface ExpectedConformance {
  readonly model_size: { readonly places: number; readonly transitions: number; readonly visible_transitions: number; readonly arcs: number };
  readonly token_replay: {
    readonly log_fitness: number;
    readonly average_trace_fitness: number;
    readonly percentage_of_fitting_traces: number;
    readonly missing_tokens: number;
    readonly remaining_tokens: number;
    readonly consumed_tokens: number;
    readonly produced_tokens: number;
  };
  readonly alignments?: { readonly log_fitness: number; readonly average_trace_fitness: number; readonly percentage_of_fitting_traces: number };
}

/** What PM4Py computed for one log (see the README in the data folder). */
export interface Expected {
  readonly n_cases: number;
  readonly n_events: number;
  readonly activities: Readonly<Record<string, number>>;
  readonly dfg: readonly (readonly [string, string, number])[];
  readonly start_activities: Readonly<Record<string, number>>;
  readonly end_activities: Readonly<Record<string, number>>;
  readonly variants: readonly (readonly [readonly string[], number])[];
  readonly case_duration_seconds: ExpectedStats;
  readonly performance_dfg_seconds: readonly (readonly [string, string, ExpectedStats])[];
  readonly conformance: Readonly<Record<string, ExpectedConformance>>;
}

/** PM4Py's expected results for a log file name. */
export function expectedFor(logFile: string): Expected {
  const base = logFile.replace(/\.xes(\.gz)?$/, '');
  return JSON.parse(readFileSync(`${EVENTLOGS_DIR}expected/${base}.expected.json`, 'utf8')) as Expected;
}

/** Path of a net named in the expected results (the textbook net sits beside the logs). */
export function netPath(name: string): string {
  return name === 'running-example.pnml' ? `${EVENTLOGS_DIR}${name}` : `${EVENTLOGS_DIR}expected/${name}`;
}
