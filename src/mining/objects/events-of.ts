import type { EventLog } from './event-log.ts';
import type { LogEvent } from './log-event.ts';
import { NO_OFFSET } from '../util/timestamp.ts';

/** The events of a log as records, case by case in file order (for the writers). */
export function* eventsOf(log: EventLog): Generator<LogEvent> {
  const { caseIds, caseStart, activity, activityNames, time, offsetMin, startTime, resource, resourceNames, lifecycle, lifecycleNames } = log;
  for (let c = 0; c < caseIds.length; c++) {
    for (let e = caseStart[c]!; e < caseStart[c + 1]!; e++) {
      const off = offsetMin[e]!;
      yield {
        caseId: caseIds[c]!,
        activity: activityNames[activity[e]!]!,
        time: time[e]!,
        offsetMinutes: off === NO_OFFSET ? null : off,
        startTime: startTime === null ? null : startTime[e]!,
        resource: resource[e]! >= 0 ? resourceNames[resource[e]!]! : null,
        lifecycle: lifecycle[e]! >= 0 ? lifecycleNames[lifecycle[e]!]! : null,
      };
    }
  }
}
