/**
 * Calendar errors carry a stable code; callers (the API edge, the SOP loader) map codes to
 * messages or HTTP statuses. None of them is retryable: the same input fails the same way.
 */
export type CalendarErrorCode =
  /** The spec failed validation (bad time zone, overlapping hours, unknown key…). */
  | 'INVALID_CALENDAR_SPEC'
  /** The calendar has no open time in the direction searched (e.g. a calendar open only on listed dates). */
  | 'NO_OPEN_TIME'
  /** A time limit that cannot be counted: not finite, or a fraction of a working day. */
  | 'INVALID_TIME_LIMIT';

export class CalendarError extends Error {
  constructor(
    readonly code: CalendarErrorCode,
    message: string,
    readonly issues: readonly string[] = [],
  ) {
    super(message);
    this.name = 'CalendarError';
  }
}
