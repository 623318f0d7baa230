import type { TimeLimit } from '../model/types.ts';
import type { BusinessCalendar } from './business-calendar.ts';
import { addTimeLimit, subtractTimeLimit } from './time-limit.ts';

/**
 * The four operations the engine asks of a calendar (the shape of the engine's `CalendarClock`
 * in src/engine/types.ts). Declared here rather than imported so the calendar does not depend
 * on the engine; TypeScript checks the two shapes structurally where they are wired together.
 */
export interface TimeLimitClock {
  add(t: number, limit: TimeLimit): number;
  subtract(t: number, limit: TimeLimit): number;
  workingBetween(a: number, b: number): number;
  addWorking(t: number, ms: number): number;
}

/** Adapts a business calendar to the engine's calendar interface. */
export function calendarClock(calendar: BusinessCalendar): TimeLimitClock {
  return {
    add: (t, limit) => addTimeLimit(calendar, t, limit),
    subtract: (t, limit) => subtractTimeLimit(calendar, t, limit),
    workingBetween: (a, b) => calendar.workingTimeBetween(a, b),
    addWorking: (t, ms) => calendar.addWorkingTime(t, ms),
  };
}
