import { z } from 'zod';
import { isAdmin } from '../api/policy/access.ts';
import { forbidden } from '../api/problem.ts';
import { defineRoute, type RouteDef } from '../api/route.ts';
import { isoTime } from '../api/schemas/common.ts';

/**
 * The notification outbox of the organisation, for its admins: what was sent, what failed for
 * good, and what waits for another attempt (with the last error), each with the sends that
 * already went out per channel and person. Texts are not shown: the outbox keeps the reason and
 * the case, the message is composed when it is sent.
 */

const OUTBOX_STATUS = ['pending', 'retrying', 'sending', 'delivered', 'failed'] as const;
type OutboxStatus = (typeof OUTBOX_STATUS)[number];

const outboxItem = z
  .object({
    id: z.number().int(),
    reason: z.string(),
    caseId: z.string(),
    taskId: z.string().nullable(),
    storeId: z.string().nullable(),
    to: z.union([z.object({ staffId: z.string() }), z.object({ role: z.string() })]),
    status: z.enum(OUTBOX_STATUS).describe('retrying: pending after a failed attempt'),
    attempts: z.number().int(),
    nextAttemptAt: isoTime.nullable(),
    lastError: z.string().nullable(),
    createdAt: isoTime,
    deliveredAt: isoTime.nullable(),
    sends: z.array(z.object({ channel: z.string(), staffId: z.string(), sentAt: isoTime })),
  })
  .meta({ id: 'OutboxNotification' });

/** SQL condition of a status as the API names it. */
const STATUS_SQL: Record<OutboxStatus, string> = {
  pending: `status = 'pending' AND attempts = 0`,
  retrying: `status = 'pending' AND attempts > 0`,
  sending: `status = 'sending'`,
  delivered: `status = 'delivered'`,
  failed: `status = 'failed'`,
};

type Row = {
  id: string;
  reason: string;
  case_id: string;
  task_id: string | null;
  store_id: string | null;
  to_staff: string | null;
  to_role: string | null;
  status: 'pending' | 'sending' | 'delivered' | 'failed';
  attempts: number;
  locked_until: Date | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
};

export const outboxRoutes: RouteDef[] = [
  defineRoute({
    method: 'get',
    path: '/api/notify/outbox',
    operationId: 'listNotifyOutbox',
    tag: 'integrations',
    summary: 'The notification outbox: sent, failed and retrying notifications with their sends, newest first (admins)',
    access: 'signedIn',
    query: z.strictObject({
      status: z.enum(OUTBOX_STATUS).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: z.string().regex(/^\d+$/, 'the nextCursor of the previous page').max(20).optional(),
    }),
    responses: { 200: { description: 'Notifications', schema: z.object({ items: z.array(outboxItem), nextCursor: z.string().nullable() }) } },
    async handler({ query, principal: p, rc }) {
      if (!isAdmin(p)) throw forbidden('only organisation admins see the notification outbox');
      const db = rc.deps.store.db;
      const r = await db.query<Row>(
        `SELECT id::text AS id, reason, case_id, task_id, store_id, to_staff, to_role, status, attempts, locked_until, last_error, created_at, delivered_at
           FROM notifications
          WHERE org_id = $1 AND ($2::bigint IS NULL OR id < $2) ${query.status === undefined ? '' : `AND ${STATUS_SQL[query.status]}`}
          ORDER BY id DESC LIMIT $3`,
        [p.orgId, query.cursor ?? null, query.limit],
      );
      const ids = r.rows.map((x) => x.id);
      const sends = new Map<string, { channel: string; staffId: string; sentAt: string }[]>();
      if (ids.length > 0) {
        const s = await db.query<{ id: string; channel: string; staff_id: string; sent_at: Date }>(
          `SELECT notification_id::text AS id, channel, staff_id, sent_at FROM notification_sends
            WHERE org_id = $1 AND notification_id IN (SELECT jsonb_array_elements_text($2::jsonb)::bigint) ORDER BY sent_at, channel, staff_id`,
          [p.orgId, JSON.stringify(ids)],
        );
        for (const x of s.rows) sends.set(x.id, [...(sends.get(x.id) ?? []), { channel: x.channel, staffId: x.staff_id, sentAt: x.sent_at.toISOString() }]);
      }
      const items = r.rows.map((x) => ({
        id: Number(x.id),
        reason: x.reason,
        caseId: x.case_id,
        taskId: x.task_id,
        storeId: x.store_id,
        to: x.to_staff !== null ? { staffId: x.to_staff } : { role: x.to_role ?? '' },
        status: (x.status === 'pending' && x.attempts > 0 ? 'retrying' : x.status) as OutboxStatus,
        attempts: x.attempts,
        nextAttemptAt: x.status === 'pending' ? (x.locked_until ?? x.created_at).toISOString() : null,
        lastError: x.last_error,
        createdAt: x.created_at.toISOString(),
        deliveredAt: x.delivered_at?.toISOString() ?? null,
        sends: sends.get(x.id) ?? [],
      }));
      const last = items.at(-1);
      return { status: 200, body: { items, nextCursor: items.length === query.limit && last !== undefined ? String(last.id) : null } };
    },
  }),
];
