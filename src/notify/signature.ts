import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures: `X-Servflow-Signature: sha256=<hex HMAC-SHA256 of the raw body>` with the
 * subscription's secret. The body carries `sentAt`, so a receiver that checks the signature and
 * then the age of `sentAt` refuses replays of old deliveries.
 */

/** The signature header value for a body. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** True when `header` is the signature of `body` with `secret` (compared in constant time). */
export function verifySignature(secret: string, body: string, header: string | undefined): boolean {
  if (header === undefined) return false;
  const want = Buffer.from(signBody(secret, body), 'utf8');
  const got = Buffer.from(header, 'utf8');
  return want.length === got.length && timingSafeEqual(want, got);
}
