import type { TimeLimit } from '../model/types.ts';
import type { CalendarClock } from './types.ts';

const UNIT_MS: Readonly<Record<TimeLimit['unit'], number>> = {
  seconds: 1_000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 604_800_000,
};

/** Milliseconds of a time limit read as plain elapsed time. */
export function limitMs(limit: TimeLimit): number {
  return limit.amount * UNIT_MS[limit.unit];
}

/** A calendar that is always open: working time is elapsed time (UTC days). */
export const ALWAYS_OPEN: CalendarClock = {
  add: (t, limit) => t + limitMs(limit),
  subtract: (t, limit) => t - limitMs(limit),
  workingBetween: (a, b) => Math.max(0, b - a),
  addWorking: (t, ms) => t + ms,
};
