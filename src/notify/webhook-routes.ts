import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isAdmin } from '../api/policy/access.ts';
import { ApiProblem, forbidden, notFound } from '../api/problem.ts';
import { defineRoute, type RouteDef } from '../api/route.ts';
import { idSchema, isoTime } from '../api/schemas/common.ts';
import type { Principal } from '../api/auth/principal.ts';
import { deliveryHeaders, fetchPoster } from './webhooks.ts';
import {
  EVENT_TYPE_PATTERN,
  createSubscription,
  getSubscription,
  listDeliveries,
  listSubscriptions,
  maskSecret,
  newSecret,
  redeliver,
  updateSubscription,
  type Subscription,
} from './webhook-store.ts';

/**
 * Webhook subscriptions, their delivery log and a test ping. Admins only: a subscription sends
 * the organisation's case and task events to another system.
 */

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const webhookUrl = z
  .url({ protocol: /^https?$/, error: 'an http:// or https:// URL' })
  .max(2000)
  .describe('Where deliveries are POSTed');
const eventTypes = z
  .array(z.string().regex(EVENT_TYPE_PATTERN, 'an event type like case.start, task.complete, sla.breach, case.* or *'))
  .min(1)
  .max(50)
  .describe('Event types to receive: case.<lifecycle>, task.<lifecycle>, step.<lifecycle>, sla.<lifecycle>, a family (task.*) or * for all');
const secretInput = z.string().min(16, 'at least 16 characters').max(200);

const subscriptionSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    eventTypes: z.array(z.string()),
    status: z.enum(['active', 'paused']),
    description: z.string().nullable(),
    secretSet: z.boolean().describe('Whether a signing secret is stored (encrypted; shown only in the answer that set it)'),
    secretHint: z.string().nullable().describe('The last characters of the signing secret (the secret itself is shown only when set)'),
    createdBy: z.string(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: 'WebhookSubscription' });

const attemptSchema = z.object({ attempt: z.number().int(), at: isoTime, durationMs: z.number().int(), responseStatus: z.number().int().nullable(), error: z.string().nullable() });
const deliverySchema = z
  .object({
    id: z.string().describe('Stable across retries; sent as X-Servflow-Delivery'),
    eventSeq: z.number().int(),
    eventType: z.string(),
    status: z.enum(['pending', 'sending', 'delivered', 'failed']),
    attempts: z.number().int(),
    nextAttemptAt: isoTime.nullable(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: isoTime,
    deliveredAt: isoTime.nullable(),
    attemptLog: z.array(attemptSchema),
  })
  .meta({ id: 'WebhookDelivery' });

const show = (s: Subscription & { secret: string; secretError?: string }) => ({
  id: s.id,
  url: s.url,
  eventTypes: [...s.eventTypes],
  status: s.status === 'paused' ? ('paused' as const) : ('active' as const),
  description: s.description,
  secretSet: s.secret !== '' || s.secretError !== undefined,
  secretHint: s.secretError !== undefined ? '••••' : maskSecret(s.secret),
  createdBy: s.createdBy,
  createdAt: new Date(s.createdAt).toISOString(),
  updatedAt: new Date(s.updatedAt).toISOString(),
});

const audited = (s: { url: string; eventTypes: readonly string[]; status: string }) => ({ url: s.url, eventTypes: [...s.eventTypes], status: s.status });

function adminOnly(p: Principal): void {
  if (!isAdmin(p)) throw forbidden('only organisation admins manage webhooks');
}

const webhookParams = z.strictObject({ webhookId: idSchema });

export const webhookRoutes: RouteDef[] = [
  defineRoute({
    method: 'get',
    path: '/api/webhooks',
    operationId: 'listWebhooks',
    tag: 'integrations',
    summary: 'Webhook subscriptions of the organisation (admins)',
    access: 'signedIn',
    responses: { 200: { description: 'Subscriptions (secrets masked)', schema: z.object({ items: z.array(subscriptionSchema) }) } },
    async handler({ principal: p, rc }) {
      adminOnly(p);
      return { status: 200, body: { items: (await listSubscriptions(rc.deps.store.db, p.orgId)).map(show) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/webhooks',
    operationId: 'createWebhook',
    tag: 'integrations',
    summary: 'Subscribe a URL to case and task events (admins)',
    description:
      'Each matching event is POSTed as JSON with `X-Servflow-Signature: sha256=<hex HMAC-SHA256 of the raw body>` keyed by the secret, ' +
      '`X-Servflow-Delivery` (the same on every retry: dedupe by it) and `X-Servflow-Timestamp`. The secret is in this answer once.',
    access: 'signedIn',
    body: z.strictObject({ url: webhookUrl, eventTypes, description: z.string().trim().max(200).optional(), secret: secretInput.optional().describe('Your own signing secret; default: a generated one') }),
    idempotent: true,
    responses: { 201: { description: 'Subscribed', schema: z.object({ subscription: subscriptionSchema, secret: z.string().describe('Shown this once') }) } },
    async handler({ body, principal: p, rc }) {
      adminOnly(p);
      const secret = body.secret ?? newSecret();
      return rc.write(p, async (w) => {
        const id = w.store.ids.next('webhook');
        const s = await createSubscription(w.tx, { id, orgId: p.orgId, url: body.url, eventTypes: body.eventTypes, secret, description: body.description, createdBy: p.staffId }, rc.now);
        w.audit({ action: 'webhook.create', targetType: 'webhook', targetId: id, after: audited(s) });
        return { status: 201, body: { subscription: show({ ...s, secret }), secret } };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/webhooks/{webhookId}',
    operationId: 'getWebhook',
    tag: 'integrations',
    summary: 'One webhook subscription (admins)',
    access: 'signedIn',
    params: webhookParams,
    responses: { 200: { description: 'The subscription', schema: subscriptionSchema } },
    async handler({ params, principal: p, rc }) {
      adminOnly(p);
      const s = await getSubscription(rc.deps.store.db, p.orgId, params.webhookId);
      if (s === undefined) throw notFound('webhook', params.webhookId);
      return { status: 200, body: show(s) };
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/api/webhooks/{webhookId}',
    operationId: 'updateWebhook',
    tag: 'integrations',
    summary: 'Change a subscription: URL, event types, pause/resume, new secret (admins)',
    description: 'Paused subscriptions keep collecting deliveries and send them once resumed.',
    access: 'signedIn',
    params: webhookParams,
    body: z.strictObject({
      url: webhookUrl.optional(),
      eventTypes: eventTypes.optional(),
      status: z.enum(['active', 'paused']).optional(),
      description: z.string().trim().max(200).nullable().optional(),
      secret: secretInput.optional().describe('Set this signing secret'),
      rotateSecret: z.literal(true).optional().describe('Generate a new signing secret (shown in the answer once)'),
    }),
    responses: { 200: { description: 'Changed', schema: z.object({ subscription: subscriptionSchema, secret: z.string().optional().describe('The new secret, when it changed') }) } },
    async handler({ params, body, principal: p, rc }) {
      adminOnly(p);
      if (body.secret !== undefined && body.rotateSecret === true) throw new ApiProblem(422, 'SECRET_TWICE', 'give either secret or rotateSecret, not both');
      const secret = body.rotateSecret === true ? newSecret() : body.secret;
      return rc.write(p, async (w) => {
        const before = await getSubscription(w.tx, p.orgId, params.webhookId, { forUpdate: true });
        if (before === undefined) throw notFound('webhook', params.webhookId);
        await updateSubscription(w.tx, p.orgId, params.webhookId, { url: body.url, eventTypes: body.eventTypes, status: body.status, description: body.description, secret }, rc.now);
        const after = (await getSubscription(w.tx, p.orgId, params.webhookId))!;
        w.audit({ action: 'webhook.update', targetType: 'webhook', targetId: params.webhookId, before: { ...audited(before), secretChanged: false }, after: { ...audited(after), secretChanged: secret !== undefined } });
        return { status: 200, body: { subscription: show(after), ...(secret !== undefined ? { secret } : {}) } };
      });
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/webhooks/{webhookId}',
    operationId: 'deleteWebhook',
    tag: 'integrations',
    summary: 'End a subscription (admins); its delivery log is kept',
    access: 'signedIn',
    params: webhookParams,
    responses: { 204: { description: 'Deleted' } },
    async handler({ params, principal: p, rc }) {
      adminOnly(p);
      return rc.write(p, async (w) => {
        const before = await getSubscription(w.tx, p.orgId, params.webhookId, { forUpdate: true });
        if (before === undefined) throw notFound('webhook', params.webhookId);
        await updateSubscription(w.tx, p.orgId, params.webhookId, { status: 'deleted' }, rc.now);
        w.audit({ action: 'webhook.delete', targetType: 'webhook', targetId: params.webhookId, before: audited(before), after: { status: 'deleted' } });
        return { status: 204 };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/webhooks/{webhookId}/deliveries',
    operationId: 'listWebhookDeliveries',
    tag: 'integrations',
    summary: 'The delivery log of a subscription: each delivery with its attempts (admins)',
    access: 'signedIn',
    params: webhookParams,
    query: z.strictObject({
      status: z.enum(['pending', 'sending', 'delivered', 'failed']).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: z.string().regex(/^\d+$/, 'the nextCursor of the previous page').max(20).optional(),
    }),
    responses: { 200: { description: 'Deliveries, newest event first', schema: z.object({ items: z.array(deliverySchema), nextCursor: z.string().nullable() }) } },
    async handler({ params, query, principal: p, rc }) {
      adminOnly(p);
      const s = await getSubscription(rc.deps.store.db, p.orgId, params.webhookId);
      if (s === undefined) throw notFound('webhook', params.webhookId);
      const items = await listDeliveries(rc.deps.store.db, p.orgId, params.webhookId, { status: query.status, limit: query.limit, before: query.cursor === undefined ? undefined : Number(query.cursor) });
      const last = items.at(-1);
      return {
        status: 200,
        body: {
          items: items.map((d) => ({
            ...d,
            nextAttemptAt: iso(d.nextAttemptAt),
            createdAt: iso(d.createdAt),
            deliveredAt: iso(d.deliveredAt),
            attemptLog: d.attemptLog.map((a) => ({ ...a, at: iso(a.at) })),
          })),
          nextCursor: items.length === query.limit && last !== undefined ? String(last.eventSeq) : null,
        },
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver',
    operationId: 'redeliverWebhook',
    tag: 'integrations',
    summary: 'Give a failed delivery one more attempt now, with the same delivery id (admins)',
    access: 'signedIn',
    params: z.strictObject({ webhookId: idSchema, deliveryId: idSchema }),
    responses: { 202: { description: 'Queued: the worker sends it on its next round', schema: z.object({ id: z.string(), status: z.literal('pending') }) } },
    problems: [409],
    async handler({ params, principal: p, rc }) {
      adminOnly(p);
      return rc.write(p, async (w) => {
        if ((await getSubscription(w.tx, p.orgId, params.webhookId)) === undefined) throw notFound('webhook', params.webhookId);
        const out = await redeliver(w.tx, p.orgId, params.webhookId, params.deliveryId, rc.now);
        if (out === 'missing') throw notFound('webhook delivery', params.deliveryId);
        if (out === 'not-failed') throw new ApiProblem(409, 'DELIVERY_NOT_FAILED', `delivery ${params.deliveryId} has not failed: only failed deliveries are sent again (delivered ones never are)`);
        w.audit({ action: 'webhook.redeliver', targetType: 'webhook', targetId: params.webhookId, after: { deliveryId: params.deliveryId } });
        return { status: 202, body: { id: params.deliveryId, status: 'pending' as const } };
      });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/webhooks/{webhookId}/test',
    operationId: 'testWebhook',
    tag: 'integrations',
    summary: 'Send a signed `ping` to the subscription now and report the answer (admins)',
    access: 'signedIn',
    params: webhookParams,
    responses: { 200: { description: 'What the receiver answered', schema: z.object({ ok: z.boolean(), status: z.number().int().nullable(), error: z.string().nullable() }) } },
    async handler({ params, principal: p, rc }) {
      adminOnly(p);
      const s = await getSubscription(rc.deps.store.db, p.orgId, params.webhookId);
      if (s === undefined) throw notFound('webhook', params.webhookId);
      const id = `whping_${randomUUID()}`;
      const body = JSON.stringify({ id, type: 'ping', orgId: p.orgId, attempt: 1, sentAt: new Date(rc.now).toISOString(), event: null });
      const answer = s.secretError !== undefined ? { status: null, error: s.secretError } : await fetchPoster(s.url, body, deliveryHeaders({ id, eventType: 'ping', secret: s.secret }, body, rc.now), 10_000);
      const ok = answer.status !== null && answer.status >= 200 && answer.status < 300;
      return rc.write(p, async (w) => {
        w.audit({ action: 'webhook.test', targetType: 'webhook', targetId: s.id, after: { ok, status: answer.status } });
        return { status: 200, body: { ok, status: answer.status, error: ok ? null : answer.error } };
      });
    },
  }),
];
