import { leaseNotifications, settleNotification, type OutboxNotification, type Store } from '../store/index.ts';
import { backoffMs } from './backoff.ts';

/**
 * Delivering the notifications outbox through a channel. The channels themselves (e-mail over
 * SMTP, SMS and WeCom over HTTP, routed per organisation) are in src/notify: `orgChannel` is
 * what the server uses. The log channel here writes a line and counts the notification as
 * delivered; it is the fallback for organisations that route nothing.
 */

export interface NotificationChannel {
  /** Delivers one notification; throw to have it retried. Deliveries may repeat: dedupe by `n.id`. */
  deliver(n: OutboxNotification): Promise<void>;
}

/** A channel that only logs. */
export function logChannel(log: (line: string) => void = (l) => console.info(l)): NotificationChannel {
  return {
    async deliver(n) {
      const to = 'staffId' in n.to ? `staff ${n.to.staffId}` : `role ${n.to.role}`;
      log(`servflow notify ${to}: ${n.reason} (case ${n.caseId}${n.taskId ? `, task ${n.taskId}` : ''})`);
    },
  };
}

export interface NotificationOptions {
  readonly channel?: NotificationChannel;
  readonly batchSize?: number;
  /** Attempts before a notification is marked failed; default 5. */
  readonly maxAttempts?: number;
  readonly leaseMs?: number;
}

const BACKOFF = { initialMs: 10_000, factor: 3, maxMs: 3_600_000 };

/** Delivers one batch of due notifications; returns how many were handled. */
export async function deliverNotifications(store: Store, now: number, opts: NotificationOptions = {}): Promise<{ delivered: number; failed: number }> {
  const channel = opts.channel ?? logChannel();
  const batch = await leaseNotifications(store.db, now, opts.batchSize ?? 50, opts.leaseMs ?? 60_000);
  let delivered = 0;
  let failed = 0;
  for (const n of batch) {
    try {
      await channel.deliver(n);
      await settleNotification(store.db, n.id, { delivered: true, at: now });
      delivered++;
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      const giveUp = n.attempts >= (opts.maxAttempts ?? 5);
      await settleNotification(store.db, n.id, { delivered: false, error, at: now, retryAt: giveUp ? undefined : now + backoffMs(n.attempts, BACKOFF) });
      failed++;
    }
  }
  return { delivered, failed };
}
