/**
 * One event as a plain record: what writers take and `eventsOf` yields. This is the shape
 * servflow's own run history is exported in (an async iterable of these), so it is kept
 * independent of the columnar `EventLog`.
 */
export interface LogEvent {
  readonly caseId: string;
  readonly activity: string;
  /** Instant, epoch ms (NaN when unknown). */
  readonly time: number;
  /** Minutes east of UTC to write the time in; omitted/null writes UTC without a suffix. */
  readonly offsetMinutes?: number | null;
  /** Start instant for logs with a start-timestamp column, epoch ms. */
  readonly startTime?: number | null;
  readonly resource?: string | null;
  readonly lifecycle?: string | null;
  /** Further attributes the writers carry (XES typed attributes; CSV columns when asked for). */
  readonly attributes?: Readonly<Record<string, EventAttribute>>;
}

/** The value of an extra event attribute; null = absent. */
export type EventAttribute = string | number | boolean | null;
