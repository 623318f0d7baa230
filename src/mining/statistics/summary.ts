import type { EventLog } from '../objects/event-log.ts';

/** The size of a log. */
export interface LogSize {
  readonly cases: number;
  readonly events: number;
  readonly activities: number;
}

/** Cases, events and distinct activities of a log. */
export function logSize(log: EventLog): LogSize {
  return { cases: log.caseIds.length, events: log.activity.length, activities: log.activityNames.length };
}
