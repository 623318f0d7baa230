import { z } from 'zod';

/**
 * Channel settings per organisation. Each kind has non-secret settings (shown by the API) and
 * one secret (SMTP password, provider API key/token) kept apart and only ever shown masked.
 *
 * - email: SMTP server, sender;
 * - sms, wecom: a generic HTTP JSON POST — URL, headers, the auth header that carries the
 *   secret, a body template with {{placeholders}}, and optionally a field of the JSON answer
 *   that must hold a value for the send to count (WeCom answers 200 with `errcode` ≠ 0 on
 *   errors).
 */

export const CHANNEL_KINDS = ['email', 'sms', 'wecom'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const emailSettings = z
  .strictObject({
    host: z.string().trim().min(1).max(255).describe('SMTP server host'),
    port: z.number().int().min(1).max(65535).describe('587 (STARTTLS), 465 (TLS) or 25'),
    secure: z.boolean().default(false).describe('TLS from the start (port 465); otherwise STARTTLS when the server offers it'),
    user: z.string().max(255).optional().describe('SMTP login; the password is the secret'),
    from: z.string().trim().min(3).max(255).describe('Sender, e.g. "servflow <noreply@example.com>"'),
    timeoutMs: z.number().int().min(1000).max(60_000).default(10_000),
  })
  .meta({ id: 'EmailChannelSettings' });
export type EmailSettings = z.output<typeof emailSettings>;

export const TEMPLATE_VARS = ['to', 'subject', 'text', 'reason', 'process', 'step', 'caseId', 'taskId', 'storeId', 'staffId', 'notificationId'] as const;

/**
 * WeCom and WeChat want a short-lived access token on each call, fetched with the corp (app)
 * secret: `url` is the token endpoint (GET) with `{{secret}}` where the secret goes; the answer's
 * `tokenField` and `expiresField` (seconds) are read; the token is cached until shortly before
 * it expires and fetched again when the API answers with one of `refreshOn` in `errcodeField`
 * (40014 invalid, 42001 expired), the send then being retried once.
 */
export const accessTokenSettings = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/, error: 'an http:// or https:// URL' })
      .max(2000)
      .refine((u) => u.includes('{{secret}}'), 'the token URL must carry the secret: {{secret}}, e.g. …/gettoken?corpid=ww…&corpsecret={{secret}}')
      .describe('Token endpoint (GET), e.g. https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=ww123&corpsecret={{secret}}'),
    tokenField: z.string().max(100).default('access_token'),
    expiresField: z.string().max(100).default('expires_in'),
    errcodeField: z.string().max(100).default('errcode'),
    refreshOn: z.array(z.number().int()).max(10).default([40014, 42001]).describe('Error codes meaning "get a new token": 40014 invalid, 42001 expired'),
  })
  .meta({ id: 'AccessTokenSettings' });
export type AccessTokenSettings = z.output<typeof accessTokenSettings>;

export const httpSettings = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/, error: 'an http:// or https:// URL' })
      .max(2000)
      .describe('Where to POST; may contain {{secret}} (e.g. a WeCom robot key or access_token query parameter)'),
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/, 'a header name'), z.string().max(500)).default({}).describe('Extra request headers'),
    authHeader: z.string().regex(/^[A-Za-z0-9-]+$/, 'a header name').optional().describe('Header carrying the secret, e.g. Authorization'),
    authPrefix: z.string().max(50).default('').describe('Put before the secret in the auth header, e.g. "Bearer "'),
    bodyTemplate: z
      .json()
      .optional()
      .describe(`JSON body; strings may use {{${TEMPLATE_VARS.join('}}, {{')}}}. Default per kind (see docs/notifications.md)`),
    successField: z.string().max(100).optional().describe('Dot path in the JSON answer that must equal successValue, e.g. errcode'),
    successValue: z.union([z.string(), z.number(), z.boolean()]).optional(),
    timeoutMs: z.number().int().min(1000).max(60_000).default(10_000),
    accessToken: accessTokenSettings.optional().describe('Fetch and cache an access token (WeCom, WeChat) and put it where the URL says {{accessToken}}'),
  })
  .refine((s) => s.accessToken === undefined || s.url.includes('{{accessToken}}'), { message: 'with accessToken set, the url must use {{accessToken}} (e.g. …/message/send?access_token={{accessToken}})', path: ['url'] })
  .meta({ id: 'HttpChannelSettings' });
export type HttpSettings = z.output<typeof httpSettings>;

/** Default bodies: a generic SMS gateway, and WeCom's application message API. */
export const DEFAULT_BODY: Record<'sms' | 'wecom', unknown> = {
  sms: { to: '{{to}}', text: '{{text}}', reference: '{{notificationId}}' },
  wecom: { touser: '{{to}}', msgtype: 'text', text: { content: '{{text}}' } },
};

export type ChannelSettings = { kind: 'email'; settings: EmailSettings } | { kind: 'sms' | 'wecom'; settings: HttpSettings };

/** Parses settings for a kind; throws the zod error with the issues. */
export function parseSettings(kind: ChannelKind, raw: unknown): ChannelSettings {
  if (kind === 'email') return { kind, settings: emailSettings.parse(raw) };
  return { kind, settings: httpSettings.parse(raw) };
}

/** Which staff contact field a channel sends to. */
export const CONTACT_FIELD: Record<ChannelKind, 'email' | 'phone' | 'wecomUserId'> = { email: 'email', sms: 'phone', wecom: 'wecomUserId' };
