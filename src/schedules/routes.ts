import { z } from 'zod';
import { managesStore, seesStore, visibleStores } from '../api/policy/access.ts';
import { ApiProblem, forbidden, notFound } from '../api/problem.ts';
import { unknownStores } from '../api/repo/directory.ts';
import { defineRoute, type RouteDef } from '../api/route.ts';
import { idSchema, isoTime } from '../api/schemas/common.ts';
import { processKeySchema } from '../api/schemas/definitions.ts';
import { latestPublished } from '../store/definitions.ts';
import { StoreError } from '../store/errors.ts';
import { occurrences, parseRRule, RRuleError } from './rrule.ts';
import { storeZone } from './run.ts';
import { storeWorkingDays } from './working-days.ts';

/** Switching an SOP's schedules on and off per store, and seeing what they will start next. */

const params = z.strictObject({ process: processKeySchema, storeId: idSchema });

const activationSchema = z
  .object({
    process: z.string(),
    storeId: z.string(),
    since: isoTime,
    timeZone: z.string(),
    skipNonWorkingDays: z.boolean().describe("Only on the store's working days (its business calendar: CN holidays skipped, adjusted working days kept)"),
    rules: z.array(z.object({ rrule: z.string(), data: z.record(z.string(), z.unknown()).nullable(), next: z.array(isoTime) })),
    createdBy: z.string(),
  })
  .meta({ id: 'ScheduleActivation' });

const runSchema = z
  .object({ occurrence: isoTime, rrule: z.string(), status: z.enum(['started', 'skipped', 'failed']), caseId: z.string().nullable(), customerId: z.string().nullable(), error: z.string().nullable() })
  .meta({ id: 'ScheduleRun' });

interface Row {
  process_key: string;
  store_id: string;
  since: Date;
  created_by: string;
  skip_non_working_days: boolean;
}

async function describe(db: Parameters<typeof storeZone>[0], store: Parameters<typeof latestPublished>[1], orgId: string, a: Row, now: number) {
  const proc = await latestPublished(db, store, orgId, a.process_key).catch(() => undefined);
  const zone = await storeZone(db, orgId, a.store_id);
  const since = a.since.getTime();
  const keepDay = a.skip_non_working_days ? await storeWorkingDays(db, orgId, a.store_id) : undefined;
  return {
    process: a.process_key,
    storeId: a.store_id,
    since: a.since.toISOString(),
    timeZone: zone,
    skipNonWorkingDays: a.skip_non_working_days,
    rules: (proc?.definition.schedules ?? []).map((r) => {
      let next: string[] = [];
      try {
        next = occurrences(parseRRule(r.rrule), { zone, anchor: since, after: Math.max(now, since - 1), through: now + 400 * 86_400_000, limit: 3, keepDay }).map((t) => new Date(t).toISOString());
      } catch {
        /* a rule that does not parse has no next occurrence */
      }
      return { rrule: r.rrule, data: r.data === undefined ? null : { ...r.data }, next };
    }),
    createdBy: a.created_by,
  };
}

export const scheduleRoutes: RouteDef[] = [
  defineRoute({
    method: 'put',
    path: '/api/schedules/{process}/stores/{storeId}',
    operationId: 'activateSchedule',
    tag: 'schedules',
    summary: "Switch an SOP's schedules (RRULE starts) on in a store (the store's managers, general managers, admins)",
    description:
      'From `since` (default now) the scheduler starts a case of the SOP at each occurrence of each of its `schedules`, in the store\'s time zone. A rule whose data names a `customerClass` starts one case per customer of that tier. Switching on again moves `since`.',
    access: 'signedIn',
    params,
    body: z.strictObject({
      since: isoTime.optional().describe('DTSTART: default now'),
      skipNonWorkingDays: z
        .boolean()
        .optional()
        .describe("Start nothing on the store's non-working days (its business calendar, else the organisation's default, else a Chinese office: CN holidays skipped, adjusted working days kept). Default: as before, false at first"),
    }),
    responses: { 200: { description: 'Switched on', schema: activationSchema } },
    async handler({ params: a, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        if ((await unknownStores(w.tx, p.orgId, [a.storeId])).length > 0) throw notFound('store', a.storeId);
        if (!seesStore(p, a.storeId)) throw notFound('store', a.storeId);
        if (!managesStore(p, a.storeId)) throw forbidden(`only managers of store ${a.storeId} switch schedules on there`);
        let proc;
        try {
          proc = await latestPublished(w.tx, w.store, p.orgId, a.process);
        } catch (e) {
          if (e instanceof StoreError && e.code === 'DEFINITION_NOT_FOUND') throw new ApiProblem(422, 'UNKNOWN_PROCESS', `${e.message} (see GET /api/definitions)`);
          throw e;
        }
        const rules = proc.definition.schedules ?? [];
        if (rules.length === 0) throw new ApiProblem(422, 'NO_SCHEDULES', `SOP "${a.process}" has no schedules: add a \`schedules:\` list with RRULEs to it first`);
        rules.forEach((r, i) => {
          try {
            parseRRule(r.rrule);
          } catch (e) {
            if (e instanceof RRuleError) throw new ApiProblem(422, 'BAD_RRULE', `schedules[${i}]: ${e.message}`, { issues: [{ path: `schedules.${i}.rrule`, message: e.message }] });
            throw e;
          }
        });
        const since = body.since === undefined ? rc.now : Date.parse(body.since);
        const before = (
          await w.tx.query<{ since: Date; skip_non_working_days: boolean }>(`SELECT since, skip_non_working_days FROM schedule_activations WHERE org_id = $1 AND process_key = $2 AND store_id = $3`, [
            p.orgId,
            a.process,
            a.storeId,
          ])
        ).rows[0];
        const skip = body.skipNonWorkingDays ?? before?.skip_non_working_days ?? false;
        await w.tx.query(
          `INSERT INTO schedule_activations (org_id, process_key, store_id, since, created_by, created_at, skip_non_working_days) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (org_id, process_key, store_id) DO UPDATE SET since = EXCLUDED.since, created_by = EXCLUDED.created_by, created_at = EXCLUDED.created_at,
             skip_non_working_days = EXCLUDED.skip_non_working_days`,
          [p.orgId, a.process, a.storeId, new Date(since).toISOString(), p.staffId, new Date(rc.now).toISOString(), skip],
        );
        w.audit({
          action: 'schedule.activate',
          targetType: 'schedule',
          targetId: `${a.process}@${a.storeId}`,
          storeId: a.storeId,
          before: before === undefined ? null : { since: before.since.toISOString(), skipNonWorkingDays: before.skip_non_working_days },
          after: { since: new Date(since).toISOString(), skipNonWorkingDays: skip },
        });
        return {
          status: 200,
          body: await describe(w.tx, w.store, p.orgId, { process_key: a.process, store_id: a.storeId, since: new Date(since), created_by: p.staffId, skip_non_working_days: skip }, rc.now),
        };
      });
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/schedules/{process}/stores/{storeId}',
    operationId: 'deactivateSchedule',
    tag: 'schedules',
    summary: "Switch an SOP's schedules off in a store (cases already started run on)",
    access: 'signedIn',
    params,
    responses: { 204: { description: 'Switched off' } },
    async handler({ params: a, principal: p, rc }) {
      return rc.write(p, async (w) => {
        if (!seesStore(p, a.storeId)) throw notFound('schedule', `${a.process}@${a.storeId}`);
        const row = (await w.tx.query<{ since: Date }>(`SELECT since FROM schedule_activations WHERE org_id = $1 AND process_key = $2 AND store_id = $3`, [p.orgId, a.process, a.storeId])).rows[0];
        if (row === undefined) throw notFound('schedule', `${a.process}@${a.storeId}`);
        if (!managesStore(p, a.storeId)) throw forbidden(`only managers of store ${a.storeId} switch schedules off there`);
        await w.tx.query(`DELETE FROM schedule_activations WHERE org_id = $1 AND process_key = $2 AND store_id = $3`, [p.orgId, a.process, a.storeId]);
        w.audit({ action: 'schedule.deactivate', targetType: 'schedule', targetId: `${a.process}@${a.storeId}`, storeId: a.storeId, before: { since: row.since.toISOString() } });
        return { status: 204 };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/schedules',
    operationId: 'listSchedules',
    tag: 'schedules',
    summary: 'Schedules switched on in the stores you can see, with their next occurrences',
    access: 'signedIn',
    responses: { 200: { description: 'Activations', schema: z.object({ items: z.array(activationSchema) }) } },
    async handler({ principal: p, rc }) {
      const db = rc.deps.store.db;
      const stores = visibleStores(p);
      const rows = (
        await db.query<Row>(
          `SELECT process_key, store_id, since, created_by, skip_non_working_days FROM schedule_activations WHERE org_id = $1 AND ($2::text[] IS NULL OR store_id = ANY($2)) ORDER BY process_key, store_id`,
          [p.orgId, stores === 'all' ? null : stores],
        )
      ).rows;
      const items = [];
      for (const r of rows) items.push(await describe(db, rc.deps.store, p.orgId, r, rc.now));
      return { status: 200, body: { items } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/schedules/{process}/stores/{storeId}/runs',
    operationId: 'listScheduleRuns',
    tag: 'schedules',
    summary: 'What a schedule started, skipped (missed while down) or failed to start, newest first (last 200)',
    access: 'signedIn',
    params,
    responses: { 200: { description: 'Runs', schema: z.object({ items: z.array(runSchema) }) } },
    async handler({ params: a, principal: p, rc }) {
      if (!seesStore(p, a.storeId)) throw notFound('schedule', `${a.process}@${a.storeId}`);
      const r = await rc.deps.store.db.query<{ occurrence: Date; rrule: string; status: 'started' | 'skipped' | 'failed'; case_id: string | null; customer_id: string; error: string | null }>(
        `SELECT occurrence, rrule, status, case_id, customer_id, error FROM schedule_runs WHERE org_id = $1 AND process_key = $2 AND store_id = $3 ORDER BY occurrence DESC, customer_id LIMIT 200`,
        [p.orgId, a.process, a.storeId],
      );
      return {
        status: 200,
        body: {
          items: r.rows.map((x) => ({
            occurrence: x.occurrence.toISOString(),
            rrule: x.rrule,
            status: x.status,
            caseId: x.case_id,
            customerId: x.customer_id === '' ? null : x.customer_id,
            error: x.error,
          })),
        },
      };
    },
  }),
];
