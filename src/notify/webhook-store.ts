import { randomBytes } from 'node:crypto';
import { iso } from '../store/values.ts';
import { isSealed, SecretKeyError, secrets, webhookContext } from './secret-box.ts';
import type { Queryable } from '../store/db.ts';

/**
 * Webhook subscriptions and their deliveries in the database. Deliveries are made by a trigger
 * on the event log (migration 330) in the transaction that appends the events; here they are
 * leased, attempted and settled. A delivery's id is stable across attempts: receivers dedupe
 * by it, and once a delivery succeeded it is never leased again.
 */

export type SubscriptionStatus = 'active' | 'paused' | 'deleted';

export interface Subscription {
  readonly id: string;
  readonly orgId: string;
  readonly url: string;
  readonly eventTypes: readonly string[];
  readonly status: SubscriptionStatus;
  readonly description: string | null;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Event type patterns a subscription may name. */
export const EVENT_TYPE_PATTERN = /^(\*|(case|task|step|sla)\.(\*|[a-z_]+))$/;

/** New subscription secrets: `whsec_` + 32 random bytes, base64url. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * A secret as the API shows it: that one is set, and for long generated keys and tokens (16+
 * characters) their last four characters to tell them apart. A short password shows nothing
 * of itself: four characters of an eight-character password would be half of it.
 */
export function maskSecret(secret: string | null | undefined): string | null {
  if (secret === null || secret === undefined || secret === '') return null;
  return secret.length >= 16 ? `••••${secret.slice(-4)}` : '••••';
}

type SubRow = {
  id: string;
  org_id: string;
  url: string;
  event_types: string[];
  status: SubscriptionStatus;
  description: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
};
const SUB_COLS = 'id, org_id, url, event_types, status, description, created_by, created_at, updated_at';
const toSub = (r: SubRow): Subscription => ({
  id: r.id,
  orgId: r.org_id,
  url: r.url,
  eventTypes: r.event_types,
  status: r.status,
  description: r.description,
  createdBy: r.created_by,
  createdAt: r.created_at.getTime(),
  updatedAt: r.updated_at.getTime(),
});

export async function createSubscription(
  q: Queryable,
  s: { id: string; orgId: string; url: string; eventTypes: readonly string[]; secret: string; description?: string; createdBy: string },
  now: number,
): Promise<Subscription> {
  const r = await q.query<SubRow>(
    `INSERT INTO webhook_subscriptions (id, org_id, url, event_types, secret, status, description, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, ARRAY(SELECT jsonb_array_elements_text($4::jsonb)), $5, 'active', $6, $7, $8, $8) RETURNING ${SUB_COLS}`,
    [s.id, s.orgId, s.url, JSON.stringify(s.eventTypes), secrets().seal(s.secret, webhookContext(s.id)), s.description ?? null, s.createdBy, iso(now)],
  );
  return toSub(r.rows[0]!);
}

/** A subscription of the organisation (deleted ones are gone for the API). */
/** A subscription with its signing secret in clear; `secretError` when it does not decrypt (another key). */
export type SubscriptionWithSecret = Subscription & { readonly secret: string; readonly secretError?: string };

export async function getSubscription(q: Queryable, orgId: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<SubscriptionWithSecret | undefined> {
  const r = await q.query<SubRow & { secret: string }>(
    `SELECT ${SUB_COLS}, secret FROM webhook_subscriptions WHERE org_id = $1 AND id = $2 AND status <> 'deleted'${opts.forUpdate === true ? ' FOR UPDATE' : ''}`,
    [orgId, id],
  );
  const row = r.rows[0];
  return row === undefined ? undefined : { ...toSub(row), ...(await openSecret(q, row.id, row.secret)) };
}

/**
 * A subscription's signing secret in clear, for signing. A secret still in plain text from
 * before encryption is sealed on this first read (unless it changed meanwhile).
 */
async function openSecret(q: Queryable, id: string, stored: string): Promise<{ secret: string; secretError?: string }> {
  const box = secrets();
  if (!isSealed(stored)) await q.query(`UPDATE webhook_subscriptions SET secret = $3 WHERE id = $1 AND secret = $2`, [id, stored, box.seal(stored, webhookContext(id))]);
  try {
    return { secret: box.open(stored, webhookContext(id)) };
  } catch (e) {
    if (!(e instanceof SecretKeyError)) throw e;
    return { secret: '', secretError: e.message };
  }
}

export async function listSubscriptions(q: Queryable, orgId: string): Promise<SubscriptionWithSecret[]> {
  const r = await q.query<SubRow & { secret: string }>(`SELECT ${SUB_COLS}, secret FROM webhook_subscriptions WHERE org_id = $1 AND status <> 'deleted' ORDER BY created_at, id`, [orgId]);
  const out: SubscriptionWithSecret[] = [];
  for (const row of r.rows) out.push({ ...toSub(row), ...(await openSecret(q, row.id, row.secret)) });
  return out;
}

export async function updateSubscription(
  q: Queryable,
  orgId: string,
  id: string,
  change: { url?: string; eventTypes?: readonly string[]; status?: SubscriptionStatus; description?: string | null; secret?: string },
  now: number,
): Promise<void> {
  await q.query(
    `UPDATE webhook_subscriptions SET
       url = COALESCE($3, url),
       event_types = CASE WHEN $4::jsonb IS NULL THEN event_types ELSE ARRAY(SELECT jsonb_array_elements_text($4::jsonb)) END,
       status = COALESCE($5, status),
       description = CASE WHEN $6::boolean THEN $7 ELSE description END,
       secret = COALESCE($8, secret),
       updated_at = $9
     WHERE org_id = $1 AND id = $2`,
    [
      orgId,
      id,
      change.url ?? null,
      change.eventTypes === undefined ? null : JSON.stringify(change.eventTypes),
      change.status ?? null,
      change.description !== undefined,
      change.description ?? null,
      change.secret === undefined ? null : secrets().seal(change.secret, webhookContext(id)),
      iso(now),
    ],
  );
}

// ---------------------------------------------------------------------------------------------
// Deliveries

export type DeliveryStatus = 'pending' | 'sending' | 'delivered' | 'failed';

export interface Delivery {
  readonly id: string;
  readonly subscriptionId: string;
  readonly eventSeq: number;
  readonly eventType: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: number | null;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly deliveredAt: number | null;
}

export interface Attempt {
  readonly attempt: number;
  readonly at: number;
  readonly durationMs: number;
  readonly responseStatus: number | null;
  readonly error: string | null;
}

/** A leased delivery with what its body is made of. */
export interface LeasedDelivery {
  readonly id: string;
  readonly orgId: string;
  readonly subscriptionId: string;
  readonly url: string;
  readonly secret: string;
  /** Set when the signing secret does not decrypt (another key): the attempt fails with it, nothing is sent unsigned. */
  readonly secretError?: string;
  readonly eventType: string;
  /** This attempt's number (1 = first). */
  readonly attempt: number;
  readonly event: {
    readonly seq: number;
    readonly caseId: string;
    readonly storeId: string | null;
    readonly processKey: string;
    readonly processVersion: number;
    readonly scope: string;
    readonly activity: string;
    readonly lifecycle: string;
    readonly at: number;
    readonly resource: string | null;
    readonly taskId: string | null;
    readonly attrs: unknown;
  };
}

type DelRow = {
  id: string;
  subscription_id: string;
  seq: number;
  event_type: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  last_status: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
};
const DEL_COLS = `id, subscription_id, event_seq::float8 AS seq, event_type, status, attempts, next_attempt_at, last_status, last_error, created_at, delivered_at`;
const toDelivery = (r: DelRow): Delivery => ({
  id: r.id,
  subscriptionId: r.subscription_id,
  eventSeq: Number(r.seq),
  eventType: r.event_type,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.getTime() : null,
  lastStatus: r.last_status,
  lastError: r.last_error,
  createdAt: r.created_at.getTime(),
  deliveredAt: r.delivered_at?.getTime() ?? null,
});

/** Deliveries of a subscription, newest event first, `before` = an event seq to page on. */
export async function listDeliveries(
  q: Queryable,
  orgId: string,
  subscriptionId: string,
  opts: { status?: DeliveryStatus; limit: number; before?: number },
): Promise<(Delivery & { attemptLog: Attempt[] })[]> {
  const r = await q.query<DelRow>(
    `SELECT ${DEL_COLS} FROM webhook_deliveries
      WHERE org_id = $1 AND subscription_id = $2 AND ($3::text IS NULL OR status = $3) AND ($4::bigint IS NULL OR event_seq < $4)
      ORDER BY event_seq DESC LIMIT $5`,
    [orgId, subscriptionId, opts.status ?? null, opts.before ?? null, opts.limit],
  );
  const deliveries = r.rows.map(toDelivery);
  if (deliveries.length === 0) return [];
  const a = await q.query<{ delivery_id: string; attempt: number; at: Date; duration_ms: number; response_status: number | null; error: string | null }>(
    `SELECT delivery_id, attempt, at, duration_ms, response_status, error FROM webhook_attempts
      WHERE delivery_id IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY delivery_id, attempt`,
    [JSON.stringify(deliveries.map((d) => d.id))],
  );
  const byDelivery = new Map<string, Attempt[]>();
  for (const x of a.rows) {
    const list = byDelivery.get(x.delivery_id) ?? [];
    list.push({ attempt: x.attempt, at: x.at.getTime(), durationMs: x.duration_ms, responseStatus: x.response_status, error: x.error });
    byDelivery.set(x.delivery_id, list);
  }
  return deliveries.map((d) => ({ ...d, attemptLog: byDelivery.get(d.id) ?? [] }));
}

/**
 * Leases up to `limit` due deliveries of active subscriptions (pending and due, or sending with
 * a lease that ran out because its process died), counting the attempt.
 */
export async function leaseDeliveries(q: Queryable, now: number, limit: number, leaseMs: number): Promise<LeasedDelivery[]> {
  const leased = await q.query<{ id: string; attempts: number }>(
    `UPDATE webhook_deliveries SET status = 'sending', attempts = attempts + 1, locked_until = $3
      WHERE id IN (SELECT d.id FROM webhook_deliveries d
                     JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.status = 'active'
                    WHERE (d.status = 'pending' AND d.next_attempt_at <= $1) OR (d.status = 'sending' AND d.locked_until < $1)
                    ORDER BY d.next_attempt_at, d.id
                    LIMIT $2
                      FOR UPDATE OF d SKIP LOCKED)
      RETURNING id, attempts`,
    [iso(now), limit, iso(now + leaseMs)],
  );
  if (leased.rows.length === 0) return [];
  const attempts = new Map(leased.rows.map((r) => [r.id, r.attempts]));
  const r = await q.query<{
    id: string;
    org_id: string;
    subscription_id: string;
    url: string;
    secret: string;
    event_type: string;
    seq: number;
    case_id: string;
    store_id: string | null;
    process_key: string;
    process_version: number;
    scope: string;
    activity: string;
    lifecycle: string;
    at: Date;
    resource: string | null;
    task_id: string | null;
    attrs: unknown;
  }>(
    `SELECT d.id, d.org_id, d.subscription_id, s.url, s.secret, d.event_type, e.seq::float8 AS seq, e.case_id, c.store_id, e.process_key,
            e.process_version, e.scope, e.activity, e.lifecycle, e.at, e.resource, e.task_id, e.attrs
       FROM webhook_deliveries d
       JOIN webhook_subscriptions s ON s.id = d.subscription_id
       JOIN events e ON e.seq = d.event_seq
       LEFT JOIN cases c ON c.id = e.case_id
      WHERE d.id IN (SELECT jsonb_array_elements_text($1::jsonb))
      ORDER BY d.event_seq, d.id`,
    [JSON.stringify([...attempts.keys()])],
  );
  const opened = new Map<string, { secret: string; secretError?: string }>();
  for (const x of r.rows) if (!opened.has(x.subscription_id)) opened.set(x.subscription_id, await openSecret(q, x.subscription_id, x.secret));
  return r.rows.map((x) => ({
    id: x.id,
    orgId: x.org_id,
    subscriptionId: x.subscription_id,
    url: x.url,
    ...opened.get(x.subscription_id)!,
    eventType: x.event_type,
    attempt: attempts.get(x.id)!,
    event: {
      seq: Number(x.seq),
      caseId: x.case_id,
      storeId: x.store_id,
      processKey: x.process_key,
      processVersion: x.process_version,
      scope: x.scope,
      activity: x.activity,
      lifecycle: x.lifecycle,
      at: x.at.getTime(),
      resource: x.resource,
      taskId: x.task_id,
      attrs: x.attrs ?? null,
    },
  }));
}

/**
 * Records one attempt and its outcome: delivered, retry at `retryAt`, or failed for good. Only
 * the holder of this attempt's lease settles it (a process whose lease ran out and was taken
 * over changes nothing).
 */
export async function settleDelivery(
  q: Queryable,
  d: { id: string; orgId: string; attempt: number },
  outcome: { at: number; durationMs: number; responseStatus: number | null; error: string | null; delivered: boolean; retryAt?: number },
): Promise<boolean> {
  const status = outcome.delivered ? 'delivered' : outcome.retryAt === undefined ? 'failed' : 'pending';
  const r = await q.query(
    `UPDATE webhook_deliveries SET status = $3, locked_until = NULL, last_status = $4, last_error = $5,
            next_attempt_at = COALESCE($6, next_attempt_at), delivered_at = $7
      WHERE id = $1 AND attempts = $2 AND status = 'sending'`,
    [d.id, d.attempt, status, outcome.responseStatus, outcome.error, iso(outcome.retryAt), outcome.delivered ? iso(outcome.at) : null],
  );
  await q.query(
    `INSERT INTO webhook_attempts (delivery_id, attempt, org_id, at, duration_ms, response_status, error) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT DO NOTHING`,
    [d.id, d.attempt, d.orgId, iso(outcome.at), Math.max(0, Math.round(outcome.durationMs)), outcome.responseStatus, outcome.error],
  );
  return (r.rowCount ?? 0) > 0;
}

/**
 * Gives a delivery that failed for good one more attempt, due now (the worker sends it on its
 * next round; if that attempt fails too, the delivery is failed again). Only failed deliveries.
 */
export async function redeliver(q: Queryable, orgId: string, subscriptionId: string, deliveryId: string, now: number): Promise<'requeued' | 'not-failed' | 'missing'> {
  const r = await q.query<{ status: DeliveryStatus }>(`SELECT status FROM webhook_deliveries WHERE org_id = $1 AND subscription_id = $2 AND id = $3 FOR UPDATE`, [orgId, subscriptionId, deliveryId]);
  const row = r.rows[0];
  if (row === undefined) return 'missing';
  if (row.status !== 'failed') return 'not-failed';
  await q.query(`UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $2, locked_until = NULL WHERE id = $1`, [deliveryId, iso(now)]);
  return 'requeued';
}

/**
 * Housekeeping: forgets deliveries settled (delivered or failed) before `now − keepMs` with
 * their attempts, and the per-recipient send records of notifications settled as long ago.
 * Pending work is never touched. Returns how many deliveries and send records went.
 */
export async function purgeNotifyLog(q: Queryable, now: number, keepMs = 30 * 86_400_000): Promise<{ deliveries: number; sends: number }> {
  const before = iso(now - keepMs);
  await q.query(
    `DELETE FROM webhook_attempts WHERE delivery_id IN (
       SELECT id FROM webhook_deliveries WHERE status IN ('delivered', 'failed') AND COALESCE(delivered_at, next_attempt_at) < $1)`,
    [before],
  );
  const d = await q.query(`DELETE FROM webhook_deliveries WHERE status IN ('delivered', 'failed') AND COALESCE(delivered_at, next_attempt_at) < $1`, [before]);
  const s = await q.query(
    `DELETE FROM notification_sends WHERE sent_at < $1 AND notification_id IN (SELECT id FROM notifications WHERE status IN ('delivered', 'failed'))`,
    [before],
  );
  return { deliveries: d.rowCount, sends: s.rowCount };
}
