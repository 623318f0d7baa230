import type { LogEvent } from '../../engine/index.ts';
import type { LogEvent as MiningEvent } from '../../mining/objects/log-event.ts';
import type { CompiledProcess } from '../../model/types.ts';

export interface MiningExportOptions {
  /** Name activities by the SOP's step names (Chinese first, then English) instead of node ids. */
  readonly names?: CompiledProcess;
  /** Keep `start` events beside `complete` (default true): the mining views measure work time from them. */
  readonly starts?: boolean;
  /** Minutes east of UTC to write times in; default +480 (China). */
  readonly offsetMinutes?: number;
}

/**
 * The engine's event log (real or simulated) as mining records, ready for the XES/CSV writers
 * and the mining views: events grouped by case in order of first appearance; step work only
 * (gateway passes and end nodes are the engine's bookkeeping, not activities a person did).
 */
export function toMiningEvents(events: Iterable<LogEvent>, options: MiningExportOptions = {}): MiningEvent[] {
  const keep = options.starts === false ? new Set(['complete']) : new Set(['start', 'complete']);
  const proc = options.names;
  const skipNode = (id: string): boolean => {
    const n = proc?.nodes[id];
    return n !== undefined && (n.kind === 'exclusive' || n.kind === 'parallel' || n.kind === 'end');
  };
  const nameOf = (id: string): string => {
    const n = proc?.nodes[id];
    return n ? (n.name.zh ?? n.name.en ?? id) : id;
  };
  const byCase = new Map<string, MiningEvent[]>();
  for (const e of events) {
    if (e.scope !== 'step' || !keep.has(e.lifecycle) || skipNode(e.activity) || e.attrs?.['gateway'] !== undefined) continue;
    let list = byCase.get(e.caseId);
    if (!list) byCase.set(e.caseId, (list = []));
    list.push({ caseId: e.caseId, activity: nameOf(e.activity), time: e.at, offsetMinutes: options.offsetMinutes ?? 480, resource: e.resource ?? null, lifecycle: e.lifecycle });
  }
  return [...byCase.values()].flat();
}
