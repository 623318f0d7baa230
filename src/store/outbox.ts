import { iso } from './values.ts';
import type { Queryable } from './db.ts';
import type { LocalizedText } from '../model/types.ts';

/**
 * The notifications outbox: commands write notifications in their own transaction; delivery
 * leases them (`sending` until `locked_until`), hands them to a channel outside any
 * transaction, and marks the outcome. A lease that runs out (the process died mid-delivery)
 * makes the notification due again: delivery is at-least-once, channels dedupe by `id`.
 */

export interface OutboxNotification {
  readonly id: number;
  readonly orgId: string;
  readonly caseId: string;
  readonly taskId: string | null;
  readonly storeId: string | null;
  readonly to: { readonly staffId: string } | { readonly role: string };
  readonly reason: string;
  readonly message: LocalizedText | null;
  readonly createdAt: number;
  readonly attempts: number;
}

type Row = {
  id: number;
  org_id: string;
  case_id: string;
  task_id: string | null;
  store_id: string | null;
  to_staff: string | null;
  to_role: string | null;
  reason: string;
  message: LocalizedText | null;
  created_at: Date;
  attempts: number;
};

/** Leases up to `limit` notifications that are due for delivery. */
export async function leaseNotifications(q: Queryable, now: number, limit: number, leaseMs: number): Promise<OutboxNotification[]> {
  const r = await q.query<Row>(
    `UPDATE notifications SET status = 'sending', attempts = attempts + 1, locked_until = $3
      WHERE id IN (SELECT id FROM notifications
                    WHERE (status = 'pending' AND (locked_until IS NULL OR locked_until <= $1))
                       OR (status = 'sending' AND locked_until < $1)
                    ORDER BY id
                    LIMIT $2
                      FOR UPDATE SKIP LOCKED)
      RETURNING id, org_id, case_id, task_id, store_id, to_staff, to_role, reason, message, created_at, attempts`,
    [iso(now), limit, iso(now + leaseMs)],
  );
  return r.rows
    .map((x) => ({
      id: x.id,
      orgId: x.org_id,
      caseId: x.case_id,
      taskId: x.task_id,
      storeId: x.store_id,
      to: x.to_staff !== null ? { staffId: x.to_staff } : { role: x.to_role! },
      reason: x.reason,
      message: x.message,
      createdAt: x.created_at.getTime(),
      attempts: x.attempts,
    }))
    .sort((a, b) => a.id - b.id);
}

/** Records a delivery outcome: delivered, retry at `retryAt`, or failed for good. */
export async function settleNotification(
  q: Queryable,
  id: number,
  outcome: { readonly delivered: true; readonly at: number } | { readonly delivered: false; readonly error: string; readonly retryAt?: number; readonly at: number },
): Promise<void> {
  if (outcome.delivered) {
    await q.query(`UPDATE notifications SET status = 'delivered', delivered_at = $2, locked_until = NULL WHERE id = $1 AND status = 'sending'`, [id, iso(outcome.at)]);
    return;
  }
  await q.query(`UPDATE notifications SET status = $2, locked_until = $3, last_error = $4 WHERE id = $1 AND status = 'sending'`, [
    id,
    outcome.retryAt === undefined ? 'failed' : 'pending',
    iso(outcome.retryAt),
    outcome.error,
  ]);
}
