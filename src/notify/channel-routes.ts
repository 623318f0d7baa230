import { z } from 'zod';
import { isAdmin } from '../api/policy/access.ts';
import { ApiProblem, forbidden, notFound } from '../api/problem.ts';
import { defineRoute, type RouteDef } from '../api/route.ts';
import { idSchema, isoTime } from '../api/schemas/common.ts';
import type { Principal } from '../api/auth/principal.ts';
import type { Queryable } from '../store/db.ts';
import { CHANNEL_KINDS, CONTACT_FIELD, emailSettings, httpSettings, parseSettings, type ChannelKind } from './channels/config.ts';
import { deleteChannel, getContacts, getRoutes, listChannels, NO_CONTACT, putChannel, putContact, setRoutes, type Contact, type StoredChannel } from './channel-store.ts';
import { sendTest } from './org-channel.ts';
import { maskSecret } from './webhook-store.ts';

/**
 * Notification channels of the organisation (admins): settings per kind with the secret kept
 * apart and shown masked, routing of reasons to channels, a test send, and staff contacts
 * (admins, and each person for themselves).
 */

const kindParam = z.strictObject({ kind: z.enum(CHANNEL_KINDS) });

const channelSchema = z
  .object({
    kind: z.enum(CHANNEL_KINDS),
    enabled: z.boolean(),
    settings: z.union([emailSettings, httpSettings]),
    secretSet: z.boolean().describe('Whether a secret is stored (encrypted; it is never returned)'),
    secretHint: z.string().nullable().describe('•••• when a secret is set, with its last four characters for keys of 16+ characters; the secret itself is never returned'),
    updatedAt: isoTime,
  })
  .meta({ id: 'NotifyChannel' });

const show = (c: StoredChannel) => ({ kind: c.kind, enabled: c.enabled, settings: c.config.settings, secretSet: c.secret !== null || c.secretError !== undefined, secretHint: c.secretError !== undefined ? '••••' : maskSecret(c.secret), updatedAt: new Date(c.updatedAt).toISOString() });

const contactSchema = z
  .object({
    email: z.email().max(255).nullable(),
    phone: z
      .string()
      .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'a phone number: digits, optional leading +, spaces or dashes')
      .nullable(),
    wecomUserId: z.string().regex(/^[A-Za-z0-9@._-]{1,64}$/, 'a WeCom user id (letters, digits, @ . _ -)').nullable(),
  })
  .meta({ id: 'StaffContact' });

function adminOnly(p: Principal): void {
  if (!isAdmin(p)) throw forbidden('only organisation admins manage notification channels');
}

async function staffOfOrg(q: Queryable, orgId: string, staffId: string): Promise<boolean> {
  return (await q.query(`SELECT 1 FROM staff WHERE org_id = $1 AND id = $2`, [orgId, staffId])).rows.length > 0;
}

/** Settings errors as a 422 with the zod issues. */
function parsedSettings(kind: ChannelKind, raw: unknown) {
  try {
    return parseSettings(kind, raw);
  } catch (e) {
    if (e instanceof z.ZodError)
      throw new ApiProblem(422, 'INVALID_CHANNEL_SETTINGS', `the settings are not valid for a ${kind} channel`, {
        issues: e.issues.map((i) => ({ path: ['body', 'settings', ...i.path.map(String)].join('.'), message: i.message })),
      });
    throw e;
  }
}

const routesBody = z.record(
  z.string().regex(/^(\*|[a-z][\w.-]{0,63})$/, 'a notification reason such as sla.breach, task.assigned, or * for every other reason'),
  z.array(z.enum(CHANNEL_KINDS)).max(3),
);

export const channelRoutes: RouteDef[] = [
  defineRoute({
    method: 'get',
    path: '/api/notify/channels',
    operationId: 'listNotifyChannels',
    tag: 'integrations',
    summary: 'Configured notification channels (admins; secrets masked)',
    access: 'signedIn',
    responses: { 200: { description: 'Channels', schema: z.object({ items: z.array(channelSchema) }) } },
    async handler({ principal: p, rc }) {
      adminOnly(p);
      return { status: 200, body: { items: (await listChannels(rc.deps.store.db, p.orgId)).map(show) } };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/notify/channels/{kind}',
    operationId: 'putNotifyChannel',
    tag: 'integrations',
    summary: 'Configure a channel: email (SMTP), sms or wecom (HTTP JSON POST) (admins)',
    description: 'Leave out `secret` to keep the stored one; `null` removes it.',
    access: 'signedIn',
    params: kindParam,
    body: z.strictObject({
      enabled: z.boolean().default(true),
      settings: z.record(z.string(), z.unknown()).describe('EmailChannelSettings for email, HttpChannelSettings for sms and wecom'),
      secret: z.string().min(1).max(2000).nullable().optional().describe('SMTP password or provider key/token'),
    }),
    responses: { 200: { description: 'Saved', schema: channelSchema } },
    async handler({ params, body, principal: p, rc }) {
      adminOnly(p);
      const config = parsedSettings(params.kind, body.settings);
      return rc.write(p, async (w) => {
        const before = (await listChannels(w.tx, p.orgId)).find((c) => c.kind === params.kind);
        await putChannel(w.tx, p.orgId, { kind: params.kind, enabled: body.enabled, settings: config.settings, secret: body.secret }, rc.now);
        const after = (await listChannels(w.tx, p.orgId)).find((c) => c.kind === params.kind)!;
        // Settings go to the audit log; the secret never does, only whether it changed.
        w.audit({
          action: 'notify.channel.set',
          targetType: 'notify_channel',
          targetId: params.kind,
          before: before === undefined ? null : { enabled: before.enabled, settings: before.config.settings, hasSecret: before.secret !== null },
          after: { enabled: after.enabled, settings: after.config.settings, hasSecret: after.secret !== null, secretChanged: body.secret !== undefined },
        });
        return { status: 200, body: show(after) };
      });
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/notify/channels/{kind}',
    operationId: 'deleteNotifyChannel',
    tag: 'integrations',
    summary: 'Remove a channel and its secret (admins)',
    access: 'signedIn',
    params: kindParam,
    responses: { 204: { description: 'Removed' } },
    async handler({ params, principal: p, rc }) {
      adminOnly(p);
      return rc.write(p, async (w) => {
        if (!(await deleteChannel(w.tx, p.orgId, params.kind))) throw notFound('notification channel', params.kind);
        w.audit({ action: 'notify.channel.delete', targetType: 'notify_channel', targetId: params.kind, after: null });
        return { status: 204 };
      });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/notify/channels/{kind}/test',
    operationId: 'testNotifyChannel',
    tag: 'integrations',
    summary: "Send a test message on a channel to a staff member's contact now (admins)",
    access: 'signedIn',
    params: kindParam,
    body: z.strictObject({ staffId: idSchema.describe('Whose contact to send to') }),
    responses: { 200: { description: 'Whether it was sent', schema: z.object({ ok: z.boolean(), error: z.string().nullable() }) } },
    problems: [409],
    async handler({ params, body, principal: p, rc }) {
      adminOnly(p);
      const db = rc.deps.store.db;
      if (!(await staffOfOrg(db, p.orgId, body.staffId))) throw notFound('staff member', body.staffId);
      const channel = (await listChannels(db, p.orgId)).find((c) => c.kind === params.kind);
      if (channel === undefined) throw notFound('notification channel', params.kind);
      const to = ((await getContacts(db, p.orgId, [body.staffId])).get(body.staffId) ?? NO_CONTACT)[CONTACT_FIELD[params.kind]];
      if (to === null) throw new ApiProblem(409, 'NO_CONTACT', `${body.staffId} has no ${CONTACT_FIELD[params.kind]} to send a ${params.kind} message to; set it with PUT /api/staff/${body.staffId}/contact`);
      let error: string | null = null;
      try {
        await sendTest(channel, to, body.staffId);
      } catch (e) {
        error = (e as Error).message;
      }
      return rc.write(p, async (w) => {
        w.audit({ action: 'notify.channel.test', targetType: 'notify_channel', targetId: params.kind, after: { staffId: body.staffId, ok: error === null } });
        return { status: 200, body: { ok: error === null, error } };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/notify/routing',
    operationId: 'getNotifyRouting',
    tag: 'integrations',
    summary: 'Which notification reason goes to which channels (admins)',
    access: 'signedIn',
    responses: { 200: { description: 'reason → channels; "*" for every other reason', schema: z.object({ routes: z.record(z.string(), z.array(z.enum(CHANNEL_KINDS))) }) } },
    async handler({ principal: p, rc }) {
      adminOnly(p);
      return { status: 200, body: { routes: await getRoutes(rc.deps.store.db, p.orgId) } };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/notify/routing',
    operationId: 'putNotifyRouting',
    tag: 'integrations',
    summary: 'Replace the routing of notification reasons to channels (admins)',
    description: 'With no routes at all, notifications are only logged. A reason routed to `[]` is not sent anywhere.',
    access: 'signedIn',
    body: z.strictObject({ routes: routesBody }),
    responses: { 200: { description: 'Saved', schema: z.object({ routes: z.record(z.string(), z.array(z.enum(CHANNEL_KINDS))) }) } },
    async handler({ body, principal: p, rc }) {
      adminOnly(p);
      return rc.write(p, async (w) => {
        const before = await getRoutes(w.tx, p.orgId);
        const routes = Object.fromEntries(Object.entries(body.routes).map(([r, ks]) => [r, [...new Set(ks)]]));
        await setRoutes(w.tx, p.orgId, routes);
        w.audit({ action: 'notify.routing.set', targetType: 'notify_routing', targetId: p.orgId, before, after: routes });
        return { status: 200, body: { routes } };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/staff/{staffId}/contact',
    operationId: 'getStaffContact',
    tag: 'integrations',
    summary: 'How a staff member is notified: e-mail, phone, WeCom id (admins; everyone for themselves)',
    access: 'signedIn',
    params: z.strictObject({ staffId: idSchema }),
    responses: { 200: { description: 'The contact (nulls when not set)', schema: contactSchema } },
    async handler({ params, principal: p, rc }) {
      const db = rc.deps.store.db;
      if (!(await staffOfOrg(db, p.orgId, params.staffId))) throw notFound('staff member', params.staffId);
      if (params.staffId !== p.staffId && !isAdmin(p)) throw forbidden("only admins see other people's contact details");
      return { status: 200, body: (await getContacts(db, p.orgId, [params.staffId])).get(params.staffId) ?? NO_CONTACT };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/staff/{staffId}/contact',
    operationId: 'putStaffContact',
    tag: 'integrations',
    summary: 'Set how a staff member is notified (admins; everyone for themselves)',
    access: 'signedIn',
    params: z.strictObject({ staffId: idSchema }),
    body: z.strictObject({ email: contactSchema.shape.email.default(null), phone: contactSchema.shape.phone.default(null), wecomUserId: contactSchema.shape.wecomUserId.default(null) }),
    responses: { 200: { description: 'Saved', schema: contactSchema } },
    async handler({ params, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        if (!(await staffOfOrg(w.tx, p.orgId, params.staffId))) throw notFound('staff member', params.staffId);
        if (params.staffId !== p.staffId && !isAdmin(p)) throw forbidden("only admins change other people's contact details");
        const before = (await getContacts(w.tx, p.orgId, [params.staffId])).get(params.staffId) ?? NO_CONTACT;
        const after: Contact = { email: body.email, phone: body.phone, wecomUserId: body.wecomUserId };
        await putContact(w.tx, p.orgId, params.staffId, after, rc.now);
        // Contact details are personal: the audit names the fields that changed, never their values.
        const changed = (['email', 'phone', 'wecomUserId'] as const).filter((f) => before[f] !== after[f]);
        w.audit({ action: 'staff.contact.set', targetType: 'staff_contact', targetId: params.staffId, after: { set: (['email', 'phone', 'wecomUserId'] as const).filter((f) => after[f] !== null) }, personal: changed });
        return { status: 200, body: after };
      });
    },
  }),
];
