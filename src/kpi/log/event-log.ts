import type { EventLog } from '../../mining/objects/event-log.ts';
import { LogBuilder } from '../../mining/objects/log-builder.ts';
import type { LogEvent } from '../../mining/objects/log-event.ts';
import { NO_OFFSET } from '../../mining/util/timestamp.ts';

/**
 * Builds the library's columnar `EventLog` straight from records (e.g. `servflowLog`), so
 * servflow's own log is mined without writing and re-reading XES. Records of a case may come
 * apart; they are merged in the order given, as the readers do.
 */
export async function eventLogOf(events: AsyncIterable<LogEvent> | Iterable<LogEvent>): Promise<EventLog> {
  const b = new LogBuilder();
  const ts = { wallMs: 0, offsetMin: NO_OFFSET };
  let open: string | null = null;
  for await (const e of events) {
    if (open !== null && e.caseId !== open) b.endSegment(open);
    open = e.caseId;
    const off = e.offsetMinutes ?? NO_OFFSET;
    ts.offsetMin = off;
    ts.wallMs = off === NO_OFFSET ? e.time : e.time + off * 60_000;
    b.addEvent(
      b.activities.id(e.activity),
      Number.isNaN(e.time) ? null : ts,
      Number.NaN,
      e.resource == null ? -1 : b.resources.id(e.resource),
      e.lifecycle == null ? -1 : b.lifecycles.id(e.lifecycle),
    );
  }
  if (open !== null) b.endSegment(open);
  return b.build();
}
