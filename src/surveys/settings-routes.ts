import { z } from 'zod';
import { isAdmin, seesStore } from '../api/policy/access.ts';
import { forbidden, notFound } from '../api/problem.ts';
import { defineRoute, type RouteDef } from '../api/route.ts';
import { idSchema, isoTime } from '../api/schemas/common.ts';
import { processKeySchema } from '../api/schemas/definitions.ts';
import { CUSTOMER_CHANNELS, deleteSurveySettings, getSurveySettings, listSurveySettings, putSurveySettings } from './settings.ts';

/** Which SOPs send survey links by themselves (admins), and whether a case's link went out. */

const settingsSchema = z
  .object({
    process: z.string(),
    channels: z.array(z.enum(CUSTOMER_CHANNELS)),
    ttlDays: z.number().int(),
    delayMinutes: z.number().int(),
    linkBase: z.string(),
    updatedBy: z.string(),
    updatedAt: isoTime,
  })
  .meta({ id: 'SurveySettings' });

const invitationSchema = z
  .object({
    caseId: z.string(),
    status: z.enum(['pending', 'sending', 'sent', 'skipped', 'failed']),
    channel: z.enum(CUSTOMER_CHANNELS).nullable(),
    attempts: z.number().int(),
    nextAttemptAt: isoTime.nullable(),
    sentAt: isoTime.nullable(),
    expiresAt: isoTime.nullable(),
    skipReason: z.string().nullable().describe('Why no link was sent: no customer, no consent or no address per channel, already answered…'),
    lastError: z.string().nullable().describe('Shown to admins only: a gateway error may echo the address'),
  })
  .meta({ id: 'SurveyInvitation' });

const processParams = z.strictObject({ process: processKeySchema });

export const surveySettingsRoutes: RouteDef[] = [
  defineRoute({
    method: 'get',
    path: '/api/surveys/settings',
    operationId: 'listSurveySettings',
    tag: 'surveys',
    summary: 'The SOPs whose completed cases send the customer a survey link by themselves',
    access: 'signedIn',
    responses: { 200: { description: 'Settings', schema: z.object({ items: z.array(settingsSchema) }) } },
    async handler({ principal: p, rc }) {
      return { status: 200, body: { items: await listSurveySettings(rc.deps.store.db, p.orgId) } };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/surveys/settings/{process}',
    operationId: 'setSurveySettings',
    tag: 'surveys',
    summary: 'Send a survey link automatically when a case of this SOP completes (admins)',
    description:
      'From now on each completed case of the SOP with a customer sends one link, through the first of `channels` that the organisation has configured and the customer consented to (`consent.sms` / `consent.email`) and can be reached on (first phone / `email` attribute). `consent.survey: false` opts a customer out.',
    access: 'signedIn',
    params: processParams,
    body: z.strictObject({
      channels: z.array(z.enum(CUSTOMER_CHANNELS)).min(1).max(2).default(['sms']).describe('In order of preference'),
      ttlDays: z.number().int().min(1).max(90).default(14).describe('Days the link stays valid'),
      delayMinutes: z.number().int().min(0).max(10080).default(0).describe('Minutes after completion before the link goes out'),
      linkBase: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }).max(500).describe('The public address of this server; the link is <linkBase>/survey/<token>'),
    }),
    responses: { 200: { description: 'Saved', schema: settingsSchema } },
    async handler({ params, body, principal: p, rc }) {
      if (!isAdmin(p)) throw forbidden('only organisation admins decide which SOPs send survey links');
      return rc.write(p, async (w) => {
        const channels = [...new Set(body.channels)];
        const out = await putSurveySettings(w.tx, p.orgId, { process: params.process, channels, ttlDays: body.ttlDays, delayMinutes: body.delayMinutes, linkBase: body.linkBase }, p.staffId, rc.now);
        w.audit({ action: 'survey.settings', targetType: 'definition', targetId: params.process, after: { channels, ttlDays: out.ttlDays, delayMinutes: out.delayMinutes, linkBase: out.linkBase } });
        return { status: 200, body: out };
      });
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/surveys/settings/{process}',
    operationId: 'deleteSurveySettings',
    tag: 'surveys',
    summary: 'Stop sending survey links for this SOP (admins); links not yet sent are not sent',
    access: 'signedIn',
    params: processParams,
    responses: { 204: { description: 'Stopped' } },
    async handler({ params, principal: p, rc }) {
      if (!isAdmin(p)) throw forbidden('only organisation admins decide which SOPs send survey links');
      return rc.write(p, async (w) => {
        const before = await getSurveySettings(w.tx, p.orgId, params.process);
        if (before === undefined || !(await deleteSurveySettings(w.tx, p.orgId, params.process))) throw notFound('survey settings of SOP', params.process);
        w.audit({ action: 'survey.settings', targetType: 'definition', targetId: params.process, before: { channels: before.channels, ttlDays: before.ttlDays }, after: null });
        return { status: 204 };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/cases/{caseId}/survey/invitation',
    operationId: 'getSurveyInvitation',
    tag: 'surveys',
    summary: 'Whether the survey link of a completed case went out, when, on which channel, or why not (404 when the SOP sends none)',
    access: 'signedIn',
    params: z.strictObject({ caseId: idSchema }),
    responses: { 200: { description: 'The invitation', schema: invitationSchema } },
    async handler({ params, principal: p, rc }) {
      const db = rc.deps.store.db;
      const r = (
        await db.query<{
          case_id: string;
          store_id: string | null;
          status: 'pending' | 'sending' | 'sent' | 'skipped' | 'failed';
          channel: 'sms' | 'email' | null;
          attempts: number;
          next_attempt_at: Date;
          sent_at: Date | null;
          expires_at: Date | null;
          skip_reason: string | null;
          last_error: string | null;
        }>(
          `SELECT i.case_id, c.store_id, i.status, i.channel, i.attempts, i.next_attempt_at, i.sent_at, i.expires_at, i.skip_reason, i.last_error
             FROM survey_invitations i JOIN cases c ON c.id = i.case_id WHERE i.org_id = $1 AND i.case_id = $2`,
          [p.orgId, params.caseId],
        )
      ).rows[0];
      if (r === undefined || !seesStore(p, r.store_id)) throw notFound('survey invitation of case', params.caseId);
      return {
        status: 200,
        body: {
          caseId: r.case_id,
          status: r.status,
          channel: r.channel,
          attempts: r.attempts,
          nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
          sentAt: r.sent_at?.toISOString() ?? null,
          expiresAt: r.expires_at?.toISOString() ?? null,
          skipReason: r.skip_reason,
          lastError: isAdmin(p) ? r.last_error : null,
        },
      };
    },
  }),
];
