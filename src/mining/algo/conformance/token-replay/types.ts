/** Where one trace deviated during token replay. */
export type ReplayDeviation =
  /** Tokens were missing to fire the transition of event `event` (index within the trace). */
  | { readonly kind: 'missing-tokens'; readonly event: number; readonly activity: string; readonly places: readonly { readonly place: string; readonly tokens: number }[] }
  /** The event's activity has no transition in the net; the event was skipped. */
  | { readonly kind: 'not-in-model'; readonly event: number; readonly activity: string }
  /** At the end, the final marking lacked tokens in `place`. */
  | { readonly kind: 'final-marking-missing'; readonly place: string; readonly tokens: number }
  /** At the end, tokens were left in `place` beyond the final marking. */
  | { readonly kind: 'remaining-tokens'; readonly place: string; readonly tokens: number };

/** Token-replay result of one trace (or of every trace of a variant: they replay alike). */
export interface TraceReplay {
  readonly fitness: number;
  readonly isFit: boolean;
  readonly missing: number;
  readonly remaining: number;
  readonly consumed: number;
  readonly produced: number;
  /** Transition ids fired, silent ones included, in order. */
  readonly fired: readonly string[];
  readonly deviations: readonly ReplayDeviation[];
}

/** Token-replay result of a log. */
export interface LogReplay {
  /** ½(1 − missing/consumed) + ½(1 − remaining/produced) over the token totals of the log. */
  readonly logFitness: number;
  readonly averageTraceFitness: number;
  /** Share of fitting traces, 0–100 (PM4Py's scale). */
  readonly percentageOfFittingTraces: number;
  readonly missing: number;
  readonly remaining: number;
  readonly consumed: number;
  readonly produced: number;
  /** One entry per case (index into `log.caseIds`). */
  readonly traces: readonly TraceReplay[];
}
