import type { Writable } from 'node:stream';
import type { Queryable } from '../../store/db.ts';
import { writeCsv } from '../../mining/write/csv.ts';
import { writeXes } from '../../mining/write/xes.ts';
import { servflowLog, SERVFLOW_ATTRIBUTES, type LogFilter } from './servflow-log.ts';

export type LogFormat = 'xes' | 'csv';

/**
 * Writes servflow's own log (the selected cases' step start/complete events, with the step
 * names and process, version, store and task as attributes — CSV columns) as XES or CSV
 * with the mining library's writers, streaming from the database to `out`. Resolves when
 * everything is handed to the stream; the caller ends it. Returns the number of events.
 */
export async function exportLog(db: Queryable, f: LogFilter, format: LogFormat, out: Writable): Promise<number> {
  let n = 0;
  async function* counted() {
    for await (const e of servflowLog(db, f)) {
      n++;
      yield e;
    }
  }
  if (format === 'xes') await writeXes(counted(), out);
  else await writeCsv(counted(), out, { attributeColumns: SERVFLOW_ATTRIBUTES });
  return n;
}
