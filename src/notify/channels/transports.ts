import nodemailer from 'nodemailer';
import { AccessTokenCache, sharedTokenCache, tokenKey, type IssuedToken } from './access-token.ts';
import { DEFAULT_BODY, type AccessTokenSettings, type ChannelSettings, type EmailSettings, type HttpSettings } from './config.ts';

/**
 * The adapters that actually send: SMTP through nodemailer, and a generic HTTP JSON POST for
 * SMS gateways and WeCom. Each send throws on failure with a message naming the channel and
 * what went wrong (never the secret).
 */

export interface OutgoingMessage {
  /** The address on this channel: e-mail, phone number or WeCom user id. */
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** Template variables besides to/subject/text (reason, caseId…). */
  readonly vars: Readonly<Record<string, string>>;
}

export interface Transport {
  send(m: OutgoingMessage): Promise<void>;
}

export function emailTransport(s: EmailSettings, secret: string | null): Transport {
  return {
    async send(m) {
      const t = nodemailer.createTransport({
        host: s.host,
        port: s.port,
        secure: s.secure,
        auth: s.user !== undefined && s.user !== '' ? { user: s.user, pass: secret ?? '' } : undefined,
        connectionTimeout: s.timeoutMs,
        greetingTimeout: s.timeoutMs,
        socketTimeout: s.timeoutMs,
      });
      try {
        await t.sendMail({ from: s.from, to: m.to, subject: m.subject, text: m.text });
      } catch (e) {
        throw new Error(`e-mail via ${s.host}:${s.port} failed: ${(e as Error).message}`);
      } finally {
        t.close();
      }
    },
  };
}

const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/** Fills {{name}} placeholders in every string of a JSON template. Unknown names are an error. */
export function renderTemplate(template: unknown, vars: Readonly<Record<string, string>>): unknown {
  if (typeof template === 'string')
    return template.replace(PLACEHOLDER, (_m, name: string) => {
      const v = vars[name];
      if (v === undefined) throw new Error(`the body template uses {{${name}}}, which is not a known variable`);
      return v;
    });
  if (Array.isArray(template)) return template.map((x) => renderTemplate(x, vars));
  if (template !== null && typeof template === 'object') return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, renderTemplate(v, vars)]));
  return template;
}

function fieldAt(value: unknown, path: string): unknown {
  let cur = value;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export interface HttpTransportOptions {
  /** Access-token cache (WeCom, WeChat); default: the process's shared one. */
  readonly tokens?: AccessTokenCache;
}

/** GETs a new access token from the token endpoint; errors never show the secret. */
async function fetchToken(kind: string, t: AccessTokenSettings, secret: string | null, timeoutMs: number): Promise<IssuedToken> {
  const shown = t.url.replaceAll('{{secret}}', '…');
  let res: Response;
  try {
    res = await fetch(t.url.replaceAll('{{secret}}', encodeURIComponent(secret ?? '')), { method: 'GET', redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const err = e as Error;
    throw new Error(`${kind} access token from ${shown}: ${err.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : err.message}`);
  }
  const text = await res.text();
  if (!res.ok) throw new Error(`${kind} access token from ${shown}: HTTP ${res.status} ${text.slice(0, 200)}`);
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    throw new Error(`${kind} access token from ${shown}: the answer is not JSON`);
  }
  const token = fieldAt(answer, t.tokenField);
  const expires = Number(fieldAt(answer, t.expiresField));
  if (typeof token !== 'string' || token === '' || !(expires > 0)) throw new Error(`${kind} access token from ${shown}: no ${t.tokenField} with ${t.expiresField} in the answer: ${text.slice(0, 200)}`);
  return { token, expiresInS: expires };
}

export function httpTransport(kind: 'sms' | 'wecom', s: HttpSettings, secret: string | null, opts: HttpTransportOptions = {}): Transport {
  const tokens = opts.tokens ?? sharedTokenCache;
  const shownUrl = s.url.replaceAll('{{secret}}', '…').replaceAll('{{accessToken}}', '…');

  /** One POST; answers the parsed JSON answer (undefined when not JSON) after the HTTP checks. */
  async function post(body: string, token: string | undefined): Promise<{ text: string; answer: unknown }> {
    const url = s.url.replaceAll('{{secret}}', encodeURIComponent(secret ?? '')).replaceAll('{{accessToken}}', encodeURIComponent(token ?? ''));
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', ...s.headers };
    if (s.authHeader !== undefined) headers[s.authHeader] = `${s.authPrefix}${secret ?? ''}`;
    let res: Response;
    try {
      res = await fetch(url, { method: 'POST', headers, body, redirect: 'error', signal: AbortSignal.timeout(s.timeoutMs) });
    } catch (e) {
      const err = e as Error;
      throw new Error(`${kind} via ${shownUrl}: ${err.name === 'TimeoutError' ? `no answer within ${s.timeoutMs} ms` : err.message}`);
    }
    const text = await res.text();
    if (!res.ok) throw new Error(`${kind} via ${shownUrl}: HTTP ${res.status} ${text.slice(0, 200)}`);
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      answer = undefined;
    }
    return { text, answer };
  }

  return {
    async send(m) {
      const vars = { ...m.vars, to: m.to, subject: m.subject, text: m.text };
      const body = JSON.stringify(renderTemplate(s.bodyTemplate ?? DEFAULT_BODY[kind], vars));
      const t = s.accessToken;
      const { text, answer } = await (async () => {
        if (t === undefined) return post(body, undefined);
        const key = tokenKey(t.url, secret);
        const getToken = () => tokens.get(key, () => fetchToken(kind, t, secret, s.timeoutMs));
        const token = await getToken();
        const first = await post(body, token);
        const code = fieldAt(first.answer, t.errcodeField);
        if (typeof code !== 'number' || !t.refreshOn.includes(code)) return first;
        // The token was replaced or revoked before its time (another server fetched a new one,
        // the secret was reset): drop it, fetch a new one, and send this message once more.
        tokens.invalidate(key, token);
        return post(body, await getToken());
      })();
      if (s.successField !== undefined) {
        if (answer === undefined) throw new Error(`${kind} via ${shownUrl}: the answer is not JSON, cannot check ${s.successField}`);
        const got = fieldAt(answer, s.successField);
        if (got !== s.successValue) throw new Error(`${kind} via ${shownUrl}: ${s.successField} is ${JSON.stringify(got)}, not ${JSON.stringify(s.successValue)}: ${text.slice(0, 200)}`);
      }
    },
  };
}

/** The transport for a configured channel. */
export function transportFor(c: ChannelSettings, secret: string | null, opts: HttpTransportOptions = {}): Transport {
  return c.kind === 'email' ? emailTransport(c.settings, secret) : httpTransport(c.kind, c.settings, secret, opts);
}
