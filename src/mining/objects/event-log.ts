/**
 * The in-memory event log: columnar, one typed array per attribute, events of a case
 * contiguous and in file order. A million events take about 25 MB here, where an array of
 * event objects (PM4Py's `EventLog`, or a pandas frame of Python strings) takes gigabytes.
 *
 * Activities, resources and lifecycle transitions are interned: the columns hold ids into the
 * name tables. Times are epoch milliseconds (float64, sub-millisecond fractions kept) of the
 * instant; the offset each timestamp was written with is kept beside it, so nothing is lost
 * and writers can reproduce the input.
 */
export interface EventLog {
  /** Case identifiers, in order of first appearance. */
  readonly caseIds: readonly string[];
  /**
   * Case boundaries: the events of case `c` are `caseStart[c]` … `caseStart[c + 1] - 1`.
   * Length: cases + 1.
   */
  readonly caseStart: Int32Array;
  /** Activity name per activity id. */
  readonly activityNames: readonly string[];
  /** Activity id per event. */
  readonly activity: Int32Array;
  /** Instant of the event (its completion), epoch ms; NaN when the event has none. */
  readonly time: Float64Array;
  /** Minutes east of UTC the timestamp was written with, or NO_OFFSET (see util/timestamp). */
  readonly offsetMin: Int16Array;
  /** Start instant per event (CSV start-timestamp column), epoch ms; null when the log has none. */
  readonly startTime: Float64Array | null;
  /** Resource name per resource id. */
  readonly resourceNames: readonly string[];
  /** Resource id per event, -1 when none. */
  readonly resource: Int32Array;
  /** Lifecycle transition name per id (`start`, `complete`, …). */
  readonly lifecycleNames: readonly string[];
  /** Lifecycle id per event, -1 when none. */
  readonly lifecycle: Int32Array;
}

/** Number of cases in a log. */
export function caseCount(log: EventLog): number {
  return log.caseIds.length;
}

/** Number of events in a log. */
export function eventCount(log: EventLog): number {
  return log.activity.length;
}

/** The activity names of one case, in file order. */
export function traceOf(log: EventLog, c: number): string[] {
  const out: string[] = [];
  for (let e = log.caseStart[c] ?? 0, end = log.caseStart[c + 1] ?? 0; e < end; e++) {
    out.push(log.activityNames[log.activity[e] ?? 0] ?? '');
  }
  return out;
}
