import type { Queryable } from '../../store/db.ts';
import type { LogEvent } from '../../mining/objects/log-event.ts';
import type { CaseStatus } from '../../engine/types.ts';
import { periodSql, scopeSql, SqlParams, type KpiFilter } from '../filter.ts';

/** Which part of servflow's log to read. The period selects cases by their start. */
export interface LogFilter extends KpiFilter {
  /** Only cases of this version of the process (with `process`). */
  readonly version?: number | undefined;
  /** Only cases in these states (default: all, active ones included). */
  readonly status?: readonly CaseStatus[] | undefined;
  /** Step lifecycle transitions to export (default `start` and `complete`). */
  readonly lifecycles?: readonly string[] | undefined;
  /** Cases per database round trip (default 500). */
  readonly batch?: number | undefined;
}

/**
 * One event of servflow's own log as a mining record: activity = node id (stable, and what
 * `sopNet` labels transitions with), resource = staff id. `attributes` carry what a mining tool
 * shows beside it — the step's name (the definition's zh name, else en), process, version,
 * store, task.
 */
export interface ServflowLogEvent extends LogEvent {
  readonly attributes: {
    readonly 'servflow:stepName': string | null;
    readonly 'servflow:process': string;
    readonly 'servflow:version': number;
    readonly 'servflow:store': string | null;
    readonly 'servflow:task': string | null;
  };
}

/** The attribute names of `ServflowLogEvent`, in the order exports write them as columns. */
export const SERVFLOW_ATTRIBUTES = ['servflow:stepName', 'servflow:process', 'servflow:version', 'servflow:store', 'servflow:task'] as const;

interface Row {
  case_id: string;
  activity: string;
  lifecycle: string;
  at: Date;
  resource: string | null;
  task_id: string | null;
  process_key: string;
  process_version: number;
  store_id: string | null;
  name: { zh?: string; en?: string } | null;
}

/**
 * Streams the step events of the selected cases, case by case (cases in order of start, each
 * case's events in order of time, then of writing), for `writeXes`/`writeCsv` or `eventLogOf`.
 *
 * It reads a batch of case ids (keyset on start time and id), then their events through the
 * `events (case_id, seq)` index, so memory stays at one batch whatever the size of the log and
 * no query sorts the whole table. Rejected: one query over all events ordered by case (a sort
 * of the whole log before the first row), and keyset paging on events themselves (every page
 * would re-sort what is left).
 */
export async function* servflowLog(db: Queryable, f: LogFilter): AsyncGenerator<ServflowLogEvent> {
  const batch = f.batch ?? 500;
  const lifecycles = JSON.stringify(f.lifecycles ?? ['start', 'complete']);
  let after: { at: string; id: string } | null = null;
  for (;;) {
    const p = new SqlParams();
    const conditions = [scopeSql(f, p, 'c'), periodSql(f, p, 'c.started_at')];
    if (f.version !== undefined) conditions.push(`c.process_version = ${p.add(f.version)}`);
    if (f.status !== undefined) conditions.push(`c.status IN (SELECT jsonb_array_elements_text(${p.add(JSON.stringify(f.status))}::jsonb))`);
    if (after !== null) conditions.push(`(c.started_at, c.id) > (${p.add(after.at)}::timestamptz, ${p.add(after.id)})`);
    const cases = await db.query<{ id: string; started_at: Date }>(
      `SELECT c.id, c.started_at FROM cases c WHERE ${conditions.join(' AND ')} ORDER BY c.started_at, c.id LIMIT ${p.add(batch)}`,
      p.values,
    );
    if (cases.rows.length === 0) return;
    const last = cases.rows[cases.rows.length - 1]!;
    after = { at: last.started_at.toISOString(), id: last.id };
    const ids = cases.rows.map((r) => r.id);
    const events = await db.query<Row>(
      `SELECT e.case_id, e.activity, e.lifecycle, e.at, e.resource, e.task_id, e.process_key, e.process_version, c.store_id,
              (SELECT d.compiled->'nodes'->e.activity->'name' FROM definitions d
                WHERE d.org_id = e.org_id AND d.key = e.process_key AND d.version = e.process_version) AS name
         FROM jsonb_array_elements_text($1::jsonb) WITH ORDINALITY AS k(id, n)
         JOIN events e ON e.case_id = k.id
         JOIN cases c ON c.id = e.case_id
        WHERE e.scope = 'step' AND e.lifecycle IN (SELECT jsonb_array_elements_text($2::jsonb))
        ORDER BY k.n, e.at, e.seq`,
      [JSON.stringify(ids), lifecycles],
    );
    for (const r of events.rows) {
      yield {
        caseId: r.case_id,
        activity: r.activity,
        time: r.at.getTime(),
        offsetMinutes: 0,
        resource: r.resource,
        lifecycle: r.lifecycle,
        attributes: {
          'servflow:stepName': r.name?.zh ?? r.name?.en ?? null,
          'servflow:process': r.process_key,
          'servflow:version': r.process_version,
          'servflow:store': r.store_id,
          'servflow:task': r.task_id,
        },
      };
    }
    if (cases.rows.length < batch) return;
  }
}
