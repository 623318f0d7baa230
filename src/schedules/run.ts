import { joinTransaction } from '../api/store-tx.ts';
import { startCase } from '../store/cases.ts';
import { latestPublished } from '../store/definitions.ts';
import { StoreError } from '../store/errors.ts';
import { occurrences, parseRRule } from './rrule.ts';
import { storeWorkingDays } from './working-days.ts';
import type { Queryable } from '../store/db.ts';
import type { Store } from '../store/store.ts';

/**
 * The scheduler: starts the cases of the SOPs' `schedules` (RRULE) in the stores they are
 * switched on for, at each occurrence in the store's time zone.
 *
 * - Exactly once per occurrence: each start first inserts its `schedule_runs` row (primary key:
 *   organisation, SOP, store, rule, occurrence, customer) and starts the case in the SAME
 *   transaction. A second worker's insert waits for the first's commit and then does nothing.
 * - Catching up after downtime: of the occurrences missed since the last run of a rule, only
 *   the latest is started (a daily 9:00 round missed for three days gives today's round, not
 *   four rounds at once); the earlier ones are recorded as `skipped`, so the record shows them.
 * - A rule whose data names a `customerClass` is expanded over the organisation's customers of
 *   that class (the customer's tier): one case per customer, with the customer on the case
 *   (S29 visit plans: core customers every two weeks, important ones monthly).
 * - An activation switched on with `skipNonWorkingDays` starts nothing on days the store's
 *   business calendar has no opening hours (CN holidays skipped, adjusted working days kept;
 *   see working-days.ts): those days simply have no occurrence.
 * - A case that cannot start (a required variable missing…) is recorded as `failed` with the
 *   reason and not retried every tick.
 */

export interface ScheduleRunResult {
  readonly started: number;
  readonly skipped: number;
  readonly failed: number;
}

interface Activation {
  org_id: string;
  process_key: string;
  store_id: string;
  since: Date;
  skip_non_working_days: boolean;
}

/** The IANA zone of a store (its `time_zone`): schedules and weekly reports follow it. */
export async function storeZone(q: Queryable, orgId: string, storeId: string): Promise<string> {
  const row = (await q.query<{ time_zone: string }>(`SELECT time_zone FROM stores WHERE org_id = $1 AND id = $2`, [orgId, storeId])).rows[0];
  return row?.time_zone ?? 'UTC';
}

/** Runs every due occurrence up to `now`. Safe to call from any number of workers at once. */
export async function runSchedules(store: Store, now: number): Promise<ScheduleRunResult> {
  let started = 0;
  let skipped = 0;
  let failed = 0;
  const acts = (await store.db.query<Activation>(`SELECT org_id, process_key, store_id, since, skip_non_working_days FROM schedule_activations WHERE since <= $1 ORDER BY org_id, process_key, store_id`, [new Date(now).toISOString()])).rows;
  for (const a of acts) {
    let proc;
    try {
      proc = await latestPublished(store.db, store, a.org_id, a.process_key);
    } catch (e) {
      if (e instanceof StoreError && e.code === 'DEFINITION_NOT_FOUND') continue; // retired meanwhile
      throw e;
    }
    const rules = proc.definition.schedules ?? [];
    if (rules.length === 0) continue;
    const zone = await storeZone(store.db, a.org_id, a.store_id);
    const keepDay = a.skip_non_working_days ? await storeWorkingDays(store.db, a.org_id, a.store_id) : undefined;
    for (const r of rules) {
      let rule;
      try {
        rule = parseRRule(r.rrule);
      } catch {
        continue; // refused when the schedule was switched on; a later version may carry a bad rule: nothing to run
      }
      const last = (
        await store.db.query<{ t: Date | null }>(`SELECT max(occurrence) AS t FROM schedule_runs WHERE org_id = $1 AND process_key = $2 AND store_id = $3 AND rrule = $4`, [
          a.org_id,
          a.process_key,
          a.store_id,
          r.rrule,
        ])
      ).rows[0]?.t;
      const since = a.since.getTime();
      const due = occurrences(rule, { zone, anchor: since, after: last == null ? since - 1 : last.getTime(), through: now, limit: 1000, keepDay });
      if (due.length === 0) continue;
      const latest = due.at(-1)!;
      for (const t of due.slice(0, -1)) {
        const w = await store.db.query(
          `INSERT INTO schedule_runs (org_id, process_key, store_id, rrule, occurrence, customer_id, status, created_at) VALUES ($1, $2, $3, $4, $5, '', 'skipped', $6) ON CONFLICT DO NOTHING`,
          [a.org_id, a.process_key, a.store_id, r.rrule, new Date(t).toISOString(), new Date(now).toISOString()],
        );
        skipped += w.rowCount;
      }
      const cls = r.data?.customerClass;
      const targets =
        typeof cls === 'string'
          ? (await store.db.query<{ id: string }>(`SELECT id FROM customers WHERE org_id = $1 AND tier = $2 ORDER BY id`, [a.org_id, cls])).rows.map((c) => c.id)
          : [''];
      for (const customer of targets) {
        const out = await startOne(store, a, r.rrule, latest, customer, { ...r.data, scheduledFor: new Date(latest).toISOString() }, now);
        if (out === 'started') started++;
        else if (out === 'failed') failed++;
      }
    }
  }
  return { started, skipped, failed };
}

async function startOne(
  store: Store,
  a: Activation,
  rrule: string,
  occurrence: number,
  customer: string,
  data: Record<string, unknown>,
  now: number,
): Promise<'started' | 'taken' | 'failed'> {
  const key = [a.org_id, a.process_key, a.store_id, rrule, new Date(occurrence).toISOString(), customer];
  const at = new Date(now).toISOString();
  let joined: ReturnType<typeof joinTransaction> | undefined;
  try {
    const out = await store.db.transaction(async (tx) => {
      const claimed = await tx.query(
        `INSERT INTO schedule_runs (org_id, process_key, store_id, rrule, occurrence, customer_id, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'started', $7) ON CONFLICT DO NOTHING`,
        [...key, at],
      );
      if (claimed.rowCount === 0) return 'taken' as const;
      joined = joinTransaction(store, tx);
      const c = await startCase(
        joined.store,
        { orgId: a.org_id, process: a.process_key, storeId: a.store_id, customerId: customer === '' ? undefined : customer, data },
        { now, actor: 'system' },
      );
      await tx.query(
        `UPDATE schedule_runs SET case_id = $7 WHERE org_id = $1 AND process_key = $2 AND store_id = $3 AND rrule = $4 AND occurrence = $5 AND customer_id = $6`,
        [...key, c.caseId],
      );
      return 'started' as const;
    });
    if (out === 'started') joined?.wake();
    return out;
  } catch (e) {
    const w = await store.db.query(
      `INSERT INTO schedule_runs (org_id, process_key, store_id, rrule, occurrence, customer_id, status, error, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'failed', $7, $8) ON CONFLICT DO NOTHING`,
      [...key, String((e as Error).message ?? e).slice(0, 500), at],
    );
    return w.rowCount > 0 ? 'failed' : 'taken';
  }
}
