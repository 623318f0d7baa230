/**
 * Which CSV columns hold which event attribute. The defaults are the names servflow's CSV
 * writer (and PM4Py's `format_dataframe`) uses, so an exported log reads back unmapped.
 */
export interface CsvColumns {
  readonly case: string;
  readonly activity: string;
  readonly timestamp: string;
  /** Optional: when present, each row is an activity instance from start to timestamp. */
  readonly startTimestamp?: string;
  readonly resource?: string;
  readonly lifecycle?: string;
}

export const DEFAULT_CSV_COLUMNS: CsvColumns = {
  case: 'case:concept:name',
  activity: 'concept:name',
  timestamp: 'time:timestamp',
  startTimestamp: 'start_timestamp',
  resource: 'org:resource',
  lifecycle: 'lifecycle:transition',
};
