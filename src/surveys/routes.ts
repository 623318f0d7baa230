import { z } from 'zod';
import { seesPersonalData, seesStore } from '../api/policy/access.ts';
import { ApiProblem, forbidden, notFound } from '../api/problem.ts';
import { joinTransaction } from '../api/store-tx.ts';
import { defineRoute, type RouteDef } from '../api/route.ts';
import { idSchema, isoTime, localizedText } from '../api/schemas/common.ts';
import { startCase } from '../store/cases.ts';
import { StoreError } from '../store/errors.ts';
import { hitRate, type RateLimit } from '../public/rate.ts';
import { consumePublicToken, createPublicToken, publicTokenProblem, verifyPublicToken } from '../public/tokens.ts';
import { DEFAULT_CSAT_VARIABLE } from '../kpi/csat.ts';
import { surveySettingsRoutes } from './settings-routes.ts';
import type { RequestContext } from '../api/http/request-context.ts';
import type { Queryable } from '../store/db.ts';

/**
 * Satisfaction surveys: after a case ends, staff issue a survey link (a one-time public token,
 * purpose `survey`, that expires), or the SOP's survey settings send it by themselves
 * (settings.ts, after-case.ts); the customer opens it without a login and gives a CSAT score
 * (1–5), optionally an NPS score (0–10), and a comment. The answer is stored with the case, the
 * store and the staff who served (everyone who completed a step), and written into the case's
 * data as `satisfaction` (what src/kpi/csat.ts averages per staff member) and `nps`.
 * A score of 2 or less opens a `service-recovery` case for the same customer in the same store.
 * A link is used up by its answer: a second submission gets 410 Gone.
 */

export const SURVEY_PURPOSE = 'survey';
export const RECOVERY_PROCESS = 'service-recovery';
/** CSAT at or below this opens a service-recovery case. */
export const LOW_CSAT = 2;
const SURVEY_LIMIT: RateLimit = { max: 60, windowMs: 10 * 60_000 };

async function limit(rc: RequestContext): Promise<void> {
  const wait = await hitRate(rc.deps.store.db, `survey:${rc.clientIp}`, SURVEY_LIMIT, rc.now);
  if (wait !== undefined) throw new ApiProblem(429, 'TOO_MANY_REQUESTS', `too many requests from your address: try again in ${wait} s`, { retryAfter: wait });
}

const caseParams = z.strictObject({ caseId: idSchema });
const tokenParams = z.strictObject({ token: z.string().min(1).max(200) });

const responseSchema = z
  .object({
    caseId: z.string(),
    storeId: z.string().nullable(),
    staffIds: z.array(z.string()),
    csat: z.number().int(),
    nps: z.number().int().nullable(),
    comment: z.string().nullable(),
    recoveryCaseId: z.string().nullable(),
    answeredAt: isoTime,
  })
  .meta({ id: 'SurveyResponse' });

interface CaseRow {
  id: string;
  org_id: string;
  store_id: string | null;
  customer_id: string | null;
  status: string;
  process_key: string;
  process_version: number;
  ended_at: Date | null;
}

async function caseRow(q: Queryable, orgId: string, caseId: string): Promise<CaseRow | undefined> {
  return (
    await q.query<CaseRow>(`SELECT id, org_id, store_id, customer_id, status, process_key, process_version, ended_at FROM cases WHERE org_id = $1 AND id = $2`, [orgId, caseId])
  ).rows[0];
}

interface ResponseRow {
  case_id: string;
  store_id: string | null;
  staff_ids: string[];
  csat: number;
  nps: number | null;
  comment: string | null;
  recovery_case_id: string | null;
  answered_at: Date;
}
const view = (r: ResponseRow) => ({
  caseId: r.case_id,
  storeId: r.store_id,
  staffIds: r.staff_ids,
  csat: r.csat,
  nps: r.nps,
  comment: r.comment,
  recoveryCaseId: r.recovery_case_id,
  answeredAt: r.answered_at.toISOString(),
});

export const surveyRoutes: RouteDef[] = [
  // Which SOPs send links by themselves (after-case.ts), and whether a case's link went out.
  ...surveySettingsRoutes,
  defineRoute({
    method: 'post',
    path: '/api/cases/{caseId}/survey',
    operationId: 'issueSurvey',
    tag: 'surveys',
    summary: 'Issue a satisfaction-survey link for a completed case (staff who serve the store, its managers)',
    description: 'The answer holds the link secret once (`token`, and `path` for the public page `/survey/<token>`); only its hash is kept. Issuing again gives a new link; the first answer uses up every link of the case.',
    access: 'signedIn',
    params: caseParams,
    body: z.strictObject({ ttlDays: z.number().int().min(1).max(90).default(14).describe('Days the link stays valid (default 14)') }).optional(),
    responses: { 201: { description: 'Issued', schema: z.object({ caseId: z.string(), token: z.string(), path: z.string(), expiresAt: isoTime }) } },
    problems: [409],
    async handler({ params, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const c = await caseRow(w.tx, p.orgId, params.caseId);
        if (c === undefined || !seesStore(p, c.store_id)) throw notFound('case', params.caseId);
        if (!seesPersonalData(p, c.store_id)) throw forbidden('only staff who serve this store, and its managers, send surveys to its customers');
        if (c.status !== 'completed') throw new ApiProblem(409, 'CASE_NOT_COMPLETED', `case ${c.id} is ${c.status}: a survey is sent after the case has been completed`);
        if ((await w.tx.query(`SELECT 1 FROM survey_responses WHERE case_id = $1`, [c.id])).rows.length > 0)
          throw new ApiProblem(409, 'SURVEY_ANSWERED', `the customer has already answered the survey of case ${c.id}`);
        const issued = await createPublicToken(w.tx, { orgId: p.orgId, purpose: SURVEY_PURPOSE, subject: { type: 'case', id: c.id }, ttlMs: (body?.ttlDays ?? 14) * 86_400_000 }, { now: rc.now });
        w.audit({ action: 'survey.issue', targetType: 'case', targetId: c.id, storeId: c.store_id, after: { expiresAt: new Date(issued.expiresAt).toISOString() } });
        return { status: 201, body: { caseId: c.id, token: issued.token, path: `/survey/${issued.token}`, expiresAt: new Date(issued.expiresAt).toISOString() } };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/cases/{caseId}/survey',
    operationId: 'getSurveyResponse',
    tag: 'surveys',
    summary: "The customer's survey answer for a case (404 when none yet)",
    access: 'signedIn',
    params: caseParams,
    responses: { 200: { description: 'The answer', schema: responseSchema } },
    async handler({ params, principal: p, rc }) {
      const db = rc.deps.store.db;
      const c = await caseRow(db, p.orgId, params.caseId);
      if (c === undefined || !seesStore(p, c.store_id)) throw notFound('case', params.caseId);
      const r = (await db.query<ResponseRow>(`SELECT * FROM survey_responses WHERE case_id = $1`, [c.id])).rows[0];
      if (r === undefined) throw notFound('survey answer for case', c.id);
      return { status: 200, body: view(r) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/public/surveys/{token}',
    operationId: 'openSurvey',
    tag: 'public',
    summary: 'What a survey link is about (no login; 404 unknown, 410 used or expired)',
    access: 'public',
    params: tokenParams,
    responses: { 200: { description: 'The survey', schema: z.object({ process: localizedText, store: z.string().nullable(), endedAt: isoTime.nullable(), expiresAt: isoTime }) } },
    problems: [410, 429],
    async handler({ params, rc }) {
      await limit(rc);
      const db = rc.deps.store.db;
      const check = await verifyPublicToken(db, SURVEY_PURPOSE, params.token, rc.now);
      if (!check.ok) throw publicTokenProblem(check.reason);
      const c = await caseRow(db, check.record.orgId, check.record.subject.id);
      if (c === undefined) throw publicTokenProblem('unknown');
      const names = (
        await db.query<{ name: { zh?: string; en?: string } | null; store: string | null }>(
          `SELECT d.compiled->'definition'->'name' AS name, s.name AS store FROM definitions d LEFT JOIN stores s ON s.id = $4 WHERE d.org_id = $1 AND d.key = $2 AND d.version = $3`,
          [c.org_id, c.process_key, c.process_version, c.store_id],
        )
      ).rows[0];
      return {
        status: 200,
        body: { process: names?.name ?? { en: c.process_key }, store: names?.store ?? null, endedAt: c.ended_at?.toISOString() ?? null, expiresAt: new Date(check.record.expiresAt).toISOString() },
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/public/surveys/{token}',
    operationId: 'answerSurvey',
    tag: 'public',
    summary: 'Answer a survey (no login, once: a used link gets 410)',
    access: 'public',
    params: tokenParams,
    body: z.strictObject({
      csat: z.number().int().min(1).max(5).describe('Satisfaction 1 (very unhappy) … 5 (very happy)'),
      nps: z.number().int().min(0).max(10).optional().describe('How likely to recommend us, 0–10'),
      comment: z.string().trim().max(2000).optional(),
    }),
    responses: { 201: { description: 'Thank you', schema: z.object({ thanks: z.literal(true) }) } },
    problems: [410, 429],
    async handler({ params, body, rc }) {
      await limit(rc);
      const store = rc.deps.store;
      let wake = (): void => {};
      const out = await store.db.transaction(async (tx) => {
        const check = await consumePublicToken(tx, SURVEY_PURPOSE, params.token, rc.now);
        if (!check.ok) throw publicTokenProblem(check.reason);
        const orgId = check.record.orgId;
        const c = await caseRow(tx, orgId, check.record.subject.id);
        if (c === undefined) throw publicTokenProblem('unknown');
        // Another link of the same case answered first: this one is used up too.
        if ((await tx.query(`SELECT 1 FROM survey_responses WHERE case_id = $1`, [c.id])).rows.length > 0) throw publicTokenProblem('consumed');
        const staff = (
          await tx.query<{ s: string }>(`SELECT DISTINCT closed_by AS s FROM tasks WHERE case_id = $1 AND status = 'completed' AND closed_by IS NOT NULL AND closed_by <> 'system' ORDER BY 1`, [c.id])
        ).rows.map((r) => r.s);
        const at = new Date(rc.now).toISOString();
        // The score goes into the case data, where the CSAT KPI reads it.
        await tx.query(
          `UPDATE cases SET state = jsonb_set(jsonb_set(state, '{data,${DEFAULT_CSAT_VARIABLE}}', to_jsonb($2::int)), '{data,nps}', coalesce(to_jsonb($3::int), 'null'::jsonb)), updated_at = $4 WHERE id = $1`,
          [c.id, body.csat, body.nps ?? null, at],
        );
        let recovery: string | null = null;
        if (body.csat <= LOW_CSAT) {
          const joined = joinTransaction(store, tx);
          try {
            const r = await startCase(
              joined.store,
              { orgId, process: RECOVERY_PROCESS, storeId: c.store_id ?? undefined, customerId: c.customer_id ?? undefined, data: { surveyCaseId: c.id, csat: body.csat } },
              { now: rc.now, actor: 'system' },
            );
            recovery = r.caseId;
            wake = () => joined.wake();
          } catch (e) {
            // No recovery SOP published in this organisation: the answer is still kept (GET shows recoveryCaseId null).
            if (!(e instanceof StoreError && e.code === 'DEFINITION_NOT_FOUND')) throw e;
          }
        }
        await tx.query(
          `INSERT INTO survey_responses (case_id, org_id, store_id, staff_ids, csat, nps, comment, recovery_case_id, answered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [c.id, orgId, c.store_id, staff, body.csat, body.nps ?? null, body.comment === undefined || body.comment === '' ? null : body.comment, recovery, at],
        );
        await tx.query(
          `INSERT INTO audit_log (org_id, at, actor_id, via, request_id, action, target_type, target_id, store_id, after)
           VALUES ($1, $2, 'public', 'public', $3, 'survey.answer', 'case', $4, $5, $6::jsonb)`,
          [orgId, at, rc.requestId, c.id, c.store_id, JSON.stringify({ csat: body.csat, nps: body.nps ?? null, comment: body.comment !== undefined, recoveryCaseId: recovery })],
        );
        return { status: 201, body: { thanks: true as const } };
      });
      wake();
      return out;
    },
  }),
];
