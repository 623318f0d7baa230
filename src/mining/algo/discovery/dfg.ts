import type { EventLog } from '../../objects/event-log.ts';
import { startActivities, endActivities, activityCounts, type NamedCount } from '../../statistics/activities.ts';
import { arcIndexer, followsPairs } from './follows-pairs.ts';

/** One arc of a directly-follows graph: `to` directly follows `from` in `count` places. */
export interface DfgArc {
  readonly from: string;
  readonly to: string;
  readonly count: number;
}

/** A directly-follows graph with its activities and start/end activities. */
export interface Dfg {
  readonly activities: readonly NamedCount[];
  /** Arcs, most frequent first (ties by name). */
  readonly arcs: readonly DfgArc[];
  readonly startActivities: readonly NamedCount[];
  readonly endActivities: readonly NamedCount[];
}

/**
 * Discovers the directly-follows graph: within each case, events ordered by time (ties in
 * file order, as PM4Py does), each consecutive pair adds one to its arc.
 */
export function discoverDfg(log: EventLog): Dfg {
  const pairs = followsPairs(log);
  const { activity, activityNames } = log;
  const arcs = arcIndexer(activityNames.length);
  let counts = new Int32Array(64);
  for (let i = 0; i < pairs.length; i++) {
    const idx = arcs.index(activity[pairs.from[i]!]!, activity[pairs.to[i]!]!);
    if (idx >= counts.length) {
      const grown = new Int32Array(counts.length * 2);
      grown.set(counts);
      counts = grown;
    }
    counts[idx]!++;
  }
  const out: DfgArc[] = [];
  for (let k = 0; k < arcs.size(); k++) {
    out.push({ from: activityNames[arcs.pairs[2 * k]!]!, to: activityNames[arcs.pairs[2 * k + 1]!]!, count: counts[k]! });
  }
  out.sort(byCountThenName);
  return { activities: activityCounts(log), arcs: out, startActivities: startActivities(log), endActivities: endActivities(log) };
}

/** Sort order for arcs: most frequent first, then by names. */
export function byCountThenName(a: { from: string; to: string; count: number }, b: { from: string; to: string; count: number }): number {
  return b.count - a.count || cmp(a.from, b.from) || cmp(a.to, b.to);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
