import nodemailer from 'nodemailer';
import { DEFAULT_BODY, type ChannelSettings, type EmailSettings, type HttpSettings } from './config.ts';

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

export function httpTransport(kind: 'sms' | 'wecom', s: HttpSettings, secret: string | null): Transport {
  return {
    async send(m) {
      const vars = { ...m.vars, to: m.to, subject: m.subject, text: m.text };
      const body = JSON.stringify(renderTemplate(s.bodyTemplate ?? DEFAULT_BODY[kind], vars));
      const url = s.url.replaceAll('{{secret}}', encodeURIComponent(secret ?? ''));
      const shownUrl = s.url.replaceAll('{{secret}}', '…');
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
      if (s.successField !== undefined) {
        let answer: unknown;
        try {
          answer = JSON.parse(text);
        } catch {
          throw new Error(`${kind} via ${shownUrl}: the answer is not JSON, cannot check ${s.successField}`);
        }
        const got = fieldAt(answer, s.successField);
        if (got !== s.successValue) throw new Error(`${kind} via ${shownUrl}: ${s.successField} is ${JSON.stringify(got)}, not ${JSON.stringify(s.successValue)}: ${text.slice(0, 200)}`);
      }
    },
  };
}

/** The transport for a configured channel. */
export function transportFor(c: ChannelSettings, secret: string | null): Transport {
  return c.kind === 'email' ? emailTransport(c.settings, secret) : httpTransport(c.kind, c.settings, secret);
}
