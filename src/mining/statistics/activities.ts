import type { EventLog } from '../objects/event-log.ts';

/** An activity (or other name) with how often it occurs. */
export interface NamedCount {
  readonly name: string;
  readonly count: number;
}

function ranked(names: readonly string[], counts: Int32Array | Float64Array): NamedCount[] {
  const out: NamedCount[] = [];
  for (let i = 0; i < counts.length; i++) if (counts[i]! > 0) out.push({ name: names[i]!, count: counts[i]! });
  return out.sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** How many events each activity has, most frequent first. */
export function activityCounts(log: EventLog): NamedCount[] {
  const counts = new Int32Array(log.activityNames.length);
  for (const a of log.activity) counts[a]!++;
  return ranked(log.activityNames, counts);
}

/** How many cases start with each activity (first event in file order), most frequent first. */
export function startActivities(log: EventLog): NamedCount[] {
  return endpoint(log, 0);
}

/** How many cases end with each activity (last event in file order), most frequent first. */
export function endActivities(log: EventLog): NamedCount[] {
  return endpoint(log, 1);
}

function endpoint(log: EventLog, last: 0 | 1): NamedCount[] {
  const counts = new Int32Array(log.activityNames.length);
  const { caseStart, activity } = log;
  for (let c = 0; c + 1 < caseStart.length; c++) {
    const e = last ? caseStart[c + 1]! - 1 : caseStart[c]!;
    counts[activity[e]!]!++;
  }
  return ranked(log.activityNames, counts);
}

/** Turns ranked counts into a plain object (for JSON output and comparisons). */
export function countsToRecord(counts: readonly NamedCount[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { name, count } of counts) out[name] = count;
  return out;
}
