import type { Comparison } from '../simulation/index.ts';
import type { CompiledProcess } from '../model/types.ts';

/** What the server hands a simulation worker. */
export interface StudyJob {
  readonly process: CompiledProcess;
  /** The scenario file's text (YAML or JSON): baseline parameters and the scenarios. */
  readonly scenarios: string;
  readonly replications?: number | undefined;
  readonly cases?: number | undefined;
  readonly seed?: number | undefined;
}

/** The comparison without the raw per-replication results (which can be megabytes). */
export type ComparisonSummary = Omit<Comparison, 'results'>;

/** What a worker says back: progress as it goes, then a result or an error. */
export type WorkerMessage =
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly comparison: ComparisonSummary }
  | { readonly type: 'failed'; readonly code: string; readonly message: string };
