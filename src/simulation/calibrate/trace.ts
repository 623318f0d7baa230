import type { LogEvent as EngineEvent } from '../../engine/index.ts';
import type { EventLog } from '../../mining/objects/event-log.ts';

/** One event of a case as calibration reads it (from the engine's log or an imported one). */
export interface TraceEvent {
  readonly activity: string;
  /** Lowercase XES lifecycle: schedule, start, complete, autoskip… ('complete' when the log has none). */
  readonly lifecycle: string;
  readonly time: number;
  readonly resource?: string;
  /** Pairs start and complete of the same task (engine logs). */
  readonly taskId?: string;
  /** Gateway events of the engine: the branch taken. */
  readonly to?: string;
  /** Schedule events of the engine: the role the task went to. */
  readonly role?: string;
}

/** A case: its events in time order (ties keep log order), its start and (if it ended) its end. */
export interface Trace {
  readonly caseId: string;
  readonly start: number;
  readonly end: number | undefined;
  readonly events: readonly TraceEvent[];
}

function byTime(events: TraceEvent[]): TraceEvent[] {
  return events.map((e, i) => [e, i] as const).sort((a, b) => a[0].time - b[0].time || a[1] - b[1]).map(([e]) => e);
}

/**
 * Traces from the engine's own log (a real store's history or the simulator's): case start
 * and end come from the case events, gateway choices from the gateways' `autoskip` events.
 * Only top-level cases count (sub-cases start from a parent, not from an arrival).
 */
export function tracesFromEngineLog(events: Iterable<EngineEvent>): Trace[] {
  const cases = new Map<string, { start: number; end: number | undefined; child: boolean; events: TraceEvent[] }>();
  const get = (id: string) => {
    let c = cases.get(id);
    if (!c) cases.set(id, (c = { start: Number.NaN, end: undefined, child: false, events: [] }));
    return c;
  };
  for (const e of events) {
    const c = get(e.caseId);
    if (e.scope === 'case') {
      if (e.lifecycle === 'start') {
        c.start = e.at;
        if (e.attrs?.['parentCaseId'] !== undefined) c.child = true;
      } else if (e.lifecycle === 'complete' || e.lifecycle === 'pi_abort') c.end = e.at;
      continue;
    }
    if (e.scope !== 'step') continue;
    const attrs = e.attrs ?? {};
    c.events.push({
      activity: e.activity,
      lifecycle: e.lifecycle,
      time: e.at,
      resource: e.resource,
      taskId: e.taskId,
      to: typeof attrs['to'] === 'string' ? attrs['to'] : undefined,
      role: typeof attrs['role'] === 'string' ? attrs['role'] : undefined,
    });
  }
  const out: Trace[] = [];
  for (const [caseId, c] of cases) {
    if (c.child || Number.isNaN(c.start)) continue;
    out.push({ caseId, start: c.start, end: c.end, events: byTime(c.events) });
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Traces from an imported log (XES or CSV through src/mining). A case starts at its first
 * event and ends at its last: an imported log does not say when the customer arrived.
 */
export function tracesFromEventLog(log: EventLog): Trace[] {
  const out: Trace[] = [];
  for (let c = 0; c < log.caseIds.length; c++) {
    const events: TraceEvent[] = [];
    for (let e = log.caseStart[c]!; e < log.caseStart[c + 1]!; e++) {
      const t = log.time[e]!;
      if (Number.isNaN(t)) continue;
      const lc = log.lifecycle[e]! >= 0 ? log.lifecycleNames[log.lifecycle[e]!]!.toLowerCase() : 'complete';
      const resource = log.resource[e]! >= 0 ? log.resourceNames[log.resource[e]!] : undefined;
      const activity = log.activityNames[log.activity[e]!]!;
      const st = log.startTime?.[e];
      if (st !== undefined && !Number.isNaN(st)) events.push({ activity, lifecycle: 'start', time: st, resource });
      events.push({ activity, lifecycle: lc, time: t, resource });
    }
    if (events.length === 0) continue;
    const sorted = byTime(events);
    out.push({ caseId: log.caseIds[c]!, start: sorted[0]!.time, end: sorted[sorted.length - 1]!.time, events: sorted });
  }
  return out.sort((a, b) => a.start - b.start);
}
