import { z } from 'zod';
import { isAdmin, seesStore, startsCasesIn, visibleStores } from '../api/policy/access.ts';
import { ApiProblem, forbidden, notFound } from '../api/problem.ts';
import { unknownStores } from '../api/repo/directory.ts';
import { defineRoute, type RouteDef } from '../api/route.ts';
import { idSchema, isoTime } from '../api/schemas/common.ts';
import { processKeySchema } from '../api/schemas/definitions.ts';
import { startCase } from '../store/cases.ts';
import { StoreError } from '../store/errors.ts';
import { storeZone } from '../schedules/run.ts';
import { DAY_MS, parseDate, weekdayOf } from '../calendar/civil-date.ts';
import { TimeZone } from '../calendar/time-zone.ts';
import type { Queryable } from '../store/db.ts';
import { aboutFields, complaintStaff, setComplaintStaff } from './staff-link.ts';

/**
 * Complaints (S12): a complaint is a case of the organisation's complaint SOP (default
 * `hot-water-repair`: log → repeat? → general manager / dispatch → repair within a deadline by
 * severity → tell the student → close). Filing one records its subject and customer; a complaint
 * by the same customer about the same subject within the repeat window (default 30 days) is a
 * repeat: the case gets `repeatCount` (earlier complaints in the window) and `repeat: true`, and
 * the SOP branches on them (S12 escalates to the general manager).
 */

export const DEFAULT_COMPLAINT_SETTINGS = { process: 'hot-water-repair', repeatWindowDays: 30 } as const;

const settingsSchema = z.object({ process: z.string(), repeatWindowDays: z.number().int() }).meta({ id: 'ComplaintSettings' });

const complaintSchema = z
  .object({
    caseId: z.string(),
    storeId: z.string(),
    customerId: z.string(),
    subject: z.string(),
    severity: z.string(),
    repeat: z.boolean(),
    repeatOf: z.string().nullable(),
    repeatCount: z.number().int(),
    status: z.string(),
    createdAt: isoTime,
    aboutCaseId: z.string().nullable().describe('The served case the complaint is about'),
    staffIds: z.array(z.string()).describe('The staff it is about (src/complaints/staff-link.ts); counted per person in the appraisal'),
    upheld: z.boolean().nullable().describe("A manager's finding: upheld, not upheld, or null while undecided"),
  })
  .meta({ id: 'Complaint' });

const reportSchema = z
  .object({
    storeId: z.string(),
    weekStart: z.string().describe('Monday, local date in the store time zone'),
    from: isoTime,
    to: isoTime,
    timeZone: z.string(),
    total: z.number().int(),
    repeats: z.number().int(),
    bySubject: z.array(z.object({ subject: z.string(), count: z.number().int(), repeats: z.number().int() })),
    bySeverity: z.array(z.object({ severity: z.string(), count: z.number().int() })),
    closed: z.number().int(),
    closedOnTime: z.number().int(),
    onTimePct: z.number().nullable().describe('Closed without any breached deadline, of those closed; null when none closed'),
  })
  .meta({ id: 'ComplaintWeeklyReport' });

/** Subjects compare trimmed, in lower case, with runs of spaces as one. */
export const normaliseSubject = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

export async function complaintSettings(q: Queryable, orgId: string): Promise<{ process: string; repeatWindowDays: number }> {
  const r = (await q.query<{ process_key: string; repeat_window_days: number }>(`SELECT process_key, repeat_window_days FROM complaint_settings WHERE org_id = $1`, [orgId])).rows[0];
  return r === undefined ? { ...DEFAULT_COMPLAINT_SETTINGS } : { process: r.process_key, repeatWindowDays: r.repeat_window_days };
}

interface ComplaintRow {
  case_id: string;
  store_id: string;
  customer_id: string;
  subject: string;
  severity: string;
  repeat_of: string | null;
  repeat_count: number;
  status: string;
  created_at: Date;
  about_case_id: string | null;
  staff_ids: string[];
  upheld: boolean | null;
}
const view = (r: ComplaintRow) => ({
  caseId: r.case_id,
  storeId: r.store_id,
  customerId: r.customer_id,
  subject: r.subject,
  severity: r.severity,
  repeat: r.repeat_of !== null,
  repeatOf: r.repeat_of,
  repeatCount: Number(r.repeat_count),
  status: r.status,
  createdAt: r.created_at.toISOString(),
  aboutCaseId: r.about_case_id,
  staffIds: r.staff_ids,
  upheld: r.upheld,
});

const SELECT = `SELECT k.case_id, k.store_id, k.customer_id, k.subject, k.severity, k.repeat_of, c.status, k.created_at,
  coalesce((c.state->'data'->>'repeatCount')::int, 0) AS repeat_count,
  k.about_case_id, k.upheld, ARRAY(SELECT cs.staff_id FROM complaint_staff cs WHERE cs.case_id = k.case_id ORDER BY cs.staff_id) AS staff_ids
  FROM complaints k JOIN cases c ON c.id = k.case_id`;

export const complaintRoutes: RouteDef[] = [
  defineRoute({
    method: 'get',
    path: '/api/complaints/settings',
    operationId: 'getComplaintSettings',
    tag: 'complaints',
    summary: "The organisation's complaint SOP and repeat window",
    access: 'signedIn',
    responses: { 200: { description: 'Settings', schema: settingsSchema } },
    async handler({ principal: p, rc }) {
      return { status: 200, body: await complaintSettings(rc.deps.store.db, p.orgId) };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/complaints/settings',
    operationId: 'setComplaintSettings',
    tag: 'complaints',
    summary: 'Set the complaint SOP and the repeat window in days (admins)',
    access: 'signedIn',
    body: z.strictObject({ process: processKeySchema, repeatWindowDays: z.number().int().min(1).max(365) }),
    responses: { 200: { description: 'Saved', schema: settingsSchema } },
    async handler({ body, principal: p, rc }) {
      if (!isAdmin(p)) throw forbidden('only organisation admins change the complaint settings');
      return rc.write(p, async (w) => {
        const before = await complaintSettings(w.tx, p.orgId);
        await w.tx.query(
          `INSERT INTO complaint_settings (org_id, process_key, repeat_window_days, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (org_id) DO UPDATE SET process_key = EXCLUDED.process_key, repeat_window_days = EXCLUDED.repeat_window_days, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
          [p.orgId, body.process, body.repeatWindowDays, p.staffId, new Date(rc.now).toISOString()],
        );
        w.audit({ action: 'complaint.settings', targetType: 'org', targetId: p.orgId, before, after: body });
        return { status: 200, body };
      });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/complaints',
    operationId: 'fileComplaint',
    tag: 'complaints',
    summary: 'File a complaint: starts a case of the complaint SOP; a repeat (same customer and subject within the window) is flagged for escalation',
    description:
      'The case data gets `subject`, `severity`, `repeat` and `repeatCount` (earlier complaints by this customer about this subject within the window) besides `data`; the S12 SOP sends a repeat to the general manager.',
    access: 'signedIn',
    body: z.strictObject({
      storeId: idSchema,
      customerId: idSchema,
      subject: z.string().trim().min(1).max(200),
      severity: z.string().trim().min(1).max(40),
      data: z.record(z.string(), z.unknown()).optional().describe('Other case data the SOP asks for (e.g. location)'),
      ...aboutFields,
    }),
    idempotent: true,
    responses: { 201: { description: 'Filed', schema: complaintSchema } },
    async handler({ body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        if ((await unknownStores(w.tx, p.orgId, [body.storeId])).length > 0)
          throw new ApiProblem(422, 'UNKNOWN_STORE', `there is no store "${body.storeId}" in your organisation`, { issues: [{ path: 'body.storeId', message: 'unknown store' }] });
        if (!startsCasesIn(p, body.storeId)) throw forbidden(`you have no role in store ${body.storeId}, so you cannot file complaints there`);
        const settings = await complaintSettings(w.tx, p.orgId);
        const about = await complaintStaff(w.tx, p, body);
        const subject = normaliseSubject(body.subject);
        const since = new Date(rc.now - settings.repeatWindowDays * DAY_MS).toISOString();
        const earlier = (
          await w.tx.query<{ case_id: string }>(
            `SELECT case_id FROM complaints WHERE org_id = $1 AND customer_id = $2 AND subject = $3 AND created_at > $4 ORDER BY created_at DESC, case_id DESC`,
            [p.orgId, body.customerId, subject, since],
          )
        ).rows;
        let out;
        try {
          out = await startCase(
            w.store,
            {
              orgId: p.orgId,
              process: settings.process,
              storeId: body.storeId,
              customerId: body.customerId,
              data: { ...body.data, subject, severity: body.severity, repeat: earlier.length > 0, repeatCount: earlier.length },
            },
            { now: rc.now, actor: p.staffId },
          );
        } catch (e) {
          if (e instanceof StoreError && e.code === 'DEFINITION_NOT_FOUND')
            throw new ApiProblem(422, 'UNKNOWN_PROCESS', `${e.message} (the complaint SOP is set with PUT /api/complaints/settings)`);
          if (e instanceof StoreError && e.code === 'NOT_FOUND')
            throw new ApiProblem(422, 'UNKNOWN_CUSTOMER', `there is no customer "${body.customerId}" in your organisation`, { issues: [{ path: 'body.customerId', message: 'unknown customer' }] });
          throw e;
        }
        const repeatOf = earlier[0]?.case_id ?? null;
        await w.tx.query(`INSERT INTO complaints (case_id, org_id, store_id, customer_id, subject, severity, repeat_of, created_at, about_case_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
          out.caseId,
          p.orgId,
          body.storeId,
          body.customerId,
          subject,
          body.severity,
          repeatOf,
          new Date(rc.now).toISOString(),
          about.aboutCaseId,
        ]);
        await setComplaintStaff(w.tx, p.orgId, out.caseId, about.staffIds, about.source);
        // The subject may name a place, never a person: it is kept; the customer is an id.
        w.audit({ action: 'complaint.file', targetType: 'case', targetId: out.caseId, storeId: body.storeId, after: { process: settings.process, customerId: body.customerId, severity: body.severity, repeatOf, aboutCaseId: about.aboutCaseId, staffIds: about.staffIds } });
        rc.annotate({ caseId: out.caseId });
        return {
          status: 201,
          headers: { location: `/api/cases/${encodeURIComponent(out.caseId)}` },
          body: view({ case_id: out.caseId, store_id: body.storeId, customer_id: body.customerId, subject, severity: body.severity, repeat_of: repeatOf, repeat_count: earlier.length, status: out.state.status, created_at: new Date(rc.now), about_case_id: about.aboutCaseId, staff_ids: about.staffIds, upheld: null }),
        };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/complaints',
    operationId: 'listComplaints',
    tag: 'complaints',
    summary: 'Complaints in the stores you can see, newest first (at most 500)',
    access: 'signedIn',
    query: z.strictObject({ storeId: idSchema.optional(), from: isoTime.optional(), to: isoTime.optional(), repeat: z.enum(['true', 'false']).optional() }),
    responses: { 200: { description: 'Complaints', schema: z.object({ items: z.array(complaintSchema) }) } },
    async handler({ query, principal: p, rc }) {
      const stores = visibleStores(p);
      if (query.storeId !== undefined && !seesStore(p, query.storeId)) return { status: 200, body: { items: [] } };
      const r = await rc.deps.store.db.query<ComplaintRow>(
        `${SELECT} WHERE k.org_id = $1 AND ($2::text[] IS NULL OR k.store_id = ANY($2)) AND ($3::text IS NULL OR k.store_id = $3)
           AND ($4::timestamptz IS NULL OR k.created_at >= $4) AND ($5::timestamptz IS NULL OR k.created_at < $5)
           AND ($6::boolean IS NULL OR (k.repeat_of IS NOT NULL) = $6)
         ORDER BY k.created_at DESC, k.case_id DESC LIMIT 500`,
        [p.orgId, stores === 'all' ? null : stores, query.storeId ?? null, query.from ?? null, query.to ?? null, query.repeat === undefined ? null : query.repeat === 'true'],
      );
      return { status: 200, body: { items: r.rows.map(view) } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/complaints/report',
    operationId: 'complaintWeeklyReport',
    tag: 'complaints',
    summary: "A store's weekly complaint report: counts by subject and severity, repeats, share closed on time",
    description: 'The week runs Monday 00:00 to Monday 00:00 in the store time zone. `week` is any date in it (default: the current week).',
    access: 'signedIn',
    query: z.strictObject({ storeId: idSchema, week: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'write the date as YYYY-MM-DD').optional() }),
    responses: { 200: { description: 'The report', schema: reportSchema } },
    async handler({ query, principal: p, rc }) {
      const db = rc.deps.store.db;
      if (!seesStore(p, query.storeId) || (await unknownStores(db, p.orgId, [query.storeId])).length > 0) throw notFound('store', query.storeId);
      const zone = await storeZone(db, p.orgId, query.storeId);
      const tz = new TimeZone(zone);
      let day = query.week === undefined ? Math.floor(tz.toLocal(rc.now) / DAY_MS) : parseDate(query.week);
      if (day === undefined) throw new ApiProblem(400, 'INVALID_REQUEST', `week=${query.week} is not a real date`, { issues: [{ path: 'query.week', message: 'not a date' }] });
      day -= (weekdayOf(day) + 6) % 7; // back to Monday
      const from = tz.toUtc(day * DAY_MS, 'shift');
      const to = tz.toUtc((day + 7) * DAY_MS, 'shift');
      const rows = (
        await db.query<{ subject: string; severity: string; repeat: boolean; closed: boolean; late: boolean }>(
          `SELECT k.subject, k.severity, k.repeat_of IS NOT NULL AS repeat, c.status = 'completed' AS closed,
                  (c.sla_state = 'breached' OR EXISTS (SELECT 1 FROM tasks t WHERE t.case_id = c.id AND t.sla_state = 'breached')) AS late
             FROM complaints k JOIN cases c ON c.id = k.case_id
            WHERE k.org_id = $1 AND k.store_id = $2 AND k.created_at >= $3 AND k.created_at < $4`,
          [p.orgId, query.storeId, new Date(from).toISOString(), new Date(to).toISOString()],
        )
      ).rows;
      const bySubject = new Map<string, { count: number; repeats: number }>();
      const bySeverity = new Map<string, number>();
      for (const r of rows) {
        const s = bySubject.get(r.subject) ?? { count: 0, repeats: 0 };
        s.count++;
        if (r.repeat) s.repeats++;
        bySubject.set(r.subject, s);
        bySeverity.set(r.severity, (bySeverity.get(r.severity) ?? 0) + 1);
      }
      const closed = rows.filter((r) => r.closed);
      const onTime = closed.filter((r) => !r.late).length;
      const sorted = <T>(m: Map<string, T>) => [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
      return {
        status: 200,
        body: {
          storeId: query.storeId,
          weekStart: new Date(day * DAY_MS).toISOString().slice(0, 10),
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
          timeZone: zone,
          total: rows.length,
          repeats: rows.filter((r) => r.repeat).length,
          bySubject: sorted(bySubject)
            .map(([subject, v]) => ({ subject, ...v }))
            .sort((a, b) => b.count - a.count || (a.subject < b.subject ? -1 : 1)),
          bySeverity: sorted(bySeverity).map(([severity, count]) => ({ severity, count })),
          closed: closed.length,
          closedOnTime: onTime,
          onTimePct: closed.length === 0 ? null : Math.round((onTime / closed.length) * 1000) / 10,
        },
      };
    },
  }),
];
