/** One step of an alignment. */
export type AlignmentMove =
  /** The event and a transition with its label happen together. */
  | { readonly kind: 'sync'; readonly activity: string; readonly transition: string }
  /** The event happened but the model did not move (a deviation). */
  | { readonly kind: 'log'; readonly activity: string }
  /** The model moved without an event: a deviation when `label` is set, a silent step otherwise. */
  | { readonly kind: 'model'; readonly transition: string; readonly label: string | null };

/** An optimal alignment of one trace (of every trace of a variant: they align alike). */
export interface TraceAlignment {
  readonly moves: readonly AlignmentMove[];
  /** Number of log moves plus visible model moves. */
  readonly deviations: number;
  /** Cost in PM4Py's units: 10,000 per deviation, plus 1 per silent move when those are charged. */
  readonly cost: number;
  /** The cost of the worst sensible alignment: every event a log move, plus the cheapest model run. */
  readonly worstCost: number;
  /** 1 − deviations / (events + visible moves of the cheapest model run). */
  readonly fitness: number;
  /** States the search expanded (a measure of its effort). */
  readonly expanded: number;
}

/** Alignment-based conformance of a log. */
export interface LogAlignment {
  /** 1 − Σ cost / Σ worst cost over all traces. */
  readonly logFitness: number;
  readonly averageTraceFitness: number;
  /** Share of traces with fitness 1, 0–100. */
  readonly percentageOfFittingTraces: number;
  /** One entry per case (index into `log.caseIds`). */
  readonly traces: readonly TraceAlignment[];
}

/** Options for the alignment search. */
export interface AlignOptions {
  /**
   * Charge silent (τ) model moves 1/10,000 of a deviation, as PM4Py does. Off by default:
   * a silent step is no deviation, so a perfectly fitting log scores exactly 1.
   */
  readonly chargeSilentMoves?: boolean;
  /** Gives up on a trace after expanding this many states (default 1,000,000: the state table then holds about 40 MB per 10 places). */
  readonly maxStates?: number;
}
