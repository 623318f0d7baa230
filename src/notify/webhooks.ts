import { backoffMs } from '../runtime/backoff.ts';
import { signBody } from './signature.ts';
import { leaseDeliveries, settleDelivery, type LeasedDelivery } from './webhook-store.ts';
import type { Store } from '../store/store.ts';

/**
 * Delivering webhooks: leases due deliveries, POSTs each as signed JSON, records the attempt
 * (status code, error, duration) and settles it — delivered on any 2xx, otherwise retried with
 * exponential backoff until `maxAttempts`, then failed. At-least-once: a process that dies
 * mid-POST leaves a lease that runs out and the delivery is sent again with the same
 * `X-Servflow-Delivery` id, which receivers use to ignore repeats.
 */

export interface PostAnswer {
  /** The HTTP status, or null when no answer came (network error, timeout). */
  readonly status: number | null;
  readonly error: string | null;
}

/** Sends one POST; never throws. */
export type WebhookPoster = (url: string, body: string, headers: Record<string, string>, timeoutMs: number) => Promise<PostAnswer>;

/** POST with fetch; the answer body is read (and dropped) so the connection can be reused. */
export const fetchPoster: WebhookPoster = async (url, body, headers, timeoutMs) => {
  try {
    const res = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text().catch(() => '');
    if (res.status >= 200 && res.status < 300) return { status: res.status, error: null };
    return { status: res.status, error: `HTTP ${res.status}${text === '' ? '' : `: ${text.slice(0, 200)}`}` };
  } catch (e) {
    const err = e as Error;
    return { status: null, error: err.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ''}` };
  }
};

export interface WebhookOptions {
  readonly poster?: WebhookPoster;
  readonly batchSize?: number;
  /** Attempts before a delivery is marked failed; default 8 (the last about 3 days after the first). */
  readonly maxAttempts?: number;
  readonly leaseMs?: number;
  readonly timeoutMs?: number;
  /** Retry delays: initial × factor^(n−1), capped. */
  readonly backoff?: { readonly initialMs: number; readonly factor: number; readonly maxMs: number };
}

export const WEBHOOK_BACKOFF = { initialMs: 30_000, factor: 4, maxMs: 12 * 3_600_000 };

/** The JSON body of a delivery (also what receivers get documented). */
export function deliveryBody(d: LeasedDelivery, now: number): string {
  return JSON.stringify({
    id: d.id,
    type: d.eventType,
    orgId: d.orgId,
    attempt: d.attempt,
    sentAt: new Date(now).toISOString(),
    event: { ...d.event, at: new Date(d.event.at).toISOString() },
  });
}

/** The headers of a delivery: content type, delivery id, event type, timestamp, signature. */
export function deliveryHeaders(d: { id: string; eventType: string; secret: string }, body: string, now: number): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'servflow-webhooks/1',
    'x-servflow-delivery': d.id,
    'x-servflow-event': d.eventType,
    'x-servflow-timestamp': String(Math.floor(now / 1000)),
    'x-servflow-signature': signBody(d.secret, body),
  };
}

/** Delivers one batch of due webhooks; returns how many succeeded and failed (this attempt). */
export async function deliverWebhooks(store: Store, now: number, opts: WebhookOptions = {}): Promise<{ delivered: number; failed: number }> {
  const poster = opts.poster ?? fetchPoster;
  const maxAttempts = opts.maxAttempts ?? 8;
  const batch = await leaseDeliveries(store.db, now, opts.batchSize ?? 20, opts.leaseMs ?? 120_000);
  let delivered = 0;
  let failed = 0;
  await Promise.all(
    batch.map(async (d) => {
      const body = deliveryBody(d, now);
      const started = performance.now();
      const answer = d.secretError !== undefined ? { status: null, error: d.secretError } : await poster(d.url, body, deliveryHeaders(d, body, now), opts.timeoutMs ?? 10_000);
      const durationMs = performance.now() - started;
      const ok = answer.status !== null && answer.status >= 200 && answer.status < 300;
      const retryAt = ok || d.attempt >= maxAttempts ? undefined : now + backoffMs(d.attempt, opts.backoff ?? WEBHOOK_BACKOFF);
      await settleDelivery(store.db, d, { at: now, durationMs, responseStatus: answer.status, error: ok ? null : answer.error, delivered: ok, retryAt });
      if (ok) delivered++;
      else failed++;
    }),
  );
  return { delivered, failed };
}
