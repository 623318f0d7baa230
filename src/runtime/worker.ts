import { randomUUID } from 'node:crypto';
import { nextJobDueAt, onJobsScheduled, type Store } from '../store/index.ts';
import { systemClock, type Clock } from './clock.ts';
import { runCommandJobs, type CommandJobOptions } from './command-jobs.ts';
import { deliverNotifications, type NotificationOptions } from './notifications.ts';
import { runServiceJobs, type ServiceJobOptions } from './service-jobs.ts';
import { runCareJobs } from '../schedules/care-jobs.ts';
import { runAppointmentJobs } from '../appointments/reminders.ts';
import { deliverWebhooks, type WebhookOptions } from '../notify/webhooks.ts';

/**
 * The worker loop of one process: command jobs, service calls, notifications and webhook
 * deliveries, each in its own loop so a slow service never delays a timer.
 *
 * How new work is noticed: short polling (`pollMs`, default 1 s), cut short when a command in
 * THIS process schedules a job (the store tells us) or when the next known job falls due.
 * Rejected: LISTEN/NOTIFY. A notification only says "something was inserted" — jobs due later
 * need a timer anyway — and it needs a dedicated connection per process with reconnect logic,
 * plus it behaves differently in PGlite. Polling costs one indexed query per second per idle
 * process, works the same on both backends, and can never miss a wake-up. Another process's
 * new job is picked up within `pollMs`.
 */

export interface WorkerOptions extends CommandJobOptions, ServiceJobOptions, NotificationOptions {
  readonly clock?: Clock;
  /** Webhook deliveries (src/notify); false: this process does not deliver them. */
  readonly webhooks?: WebhookOptions | false;
  readonly pollMs?: number;
  /** Called with errors the loops survive (lost connection…); default: console.error. */
  readonly onLoopError?: (error: unknown) => void;
}

export interface Worker {
  readonly id: string;
  /** Look for work now. */
  wake(): void;
  /** Finishes the work in hand and stops. */
  stop(): Promise<void>;
}

/** Starts the worker loops on a store; they run until `stop()`. */
export function startWorker(store: Store, opts: WorkerOptions = {}): Worker {
  const clock = opts.clock ?? systemClock;
  const pollMs = opts.pollMs ?? 1_000;
  const id = opts.workerId ?? `worker-${randomUUID()}`;
  const onLoopError = opts.onLoopError ?? ((e: unknown) => console.error('servflow worker:', e));
  let stopped = false;
  const sleepers = new Set<() => void>();

  const wake = (): void => {
    for (const s of [...sleepers]) s();
  };
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (stopped) return resolve();
      const done = (): void => {
        clearTimeout(t);
        sleepers.delete(done);
        resolve();
      };
      const t = setTimeout(done, Math.max(0, ms));
      sleepers.add(done);
    });

  const loop = async (step: () => Promise<number>, untilNext: boolean): Promise<void> => {
    while (!stopped) {
      let did = 0;
      try {
        did = await step();
      } catch (e) {
        onLoopError(e);
        await sleep(pollMs);
        continue;
      }
      if (did > 0) continue;
      let wait = pollMs;
      if (untilNext) {
        try {
          const next = await nextJobDueAt(store.db);
          if (next !== undefined) wait = Math.min(pollMs, next - clock());
        } catch (e) {
          onLoopError(e);
        }
      }
      await sleep(wait);
    }
  };

  const unsubscribe = onJobsScheduled(store, (dueAt) => {
    if (dueAt <= clock() + pollMs) wake();
  });
  const loops = [
    loop(async () => {
      const r = await runCommandJobs(store, clock(), opts);
      return r.fired + r.failed + r.retried;
    }, true),
    loop(async () => {
      const r = await runServiceJobs(store, clock(), { ...opts, workerId: id, clock });
      return r.answered + r.failed + r.retried;
    }, true),
    loop(async () => {
      const r = await deliverNotifications(store, clock(), opts);
      return r.delivered + r.failed;
    }, false),
    // Scheduled cases (SOP `schedules`) and inspection follow-ups (src/schedules/care-jobs.ts).
    loop(() => runCareJobs(store, clock()), false),
    // appointment reminders the day before (their own table: an appointment has no case yet)
    loop(async () => {
      const r = await runAppointmentJobs(store.db, clock());
      return r.reminded + r.skipped;
    }, false),
  ];
  const webhooks = opts.webhooks;
  if (webhooks !== false)
    loops.push(
      loop(async () => {
        const r = await deliverWebhooks(store, clock(), webhooks);
        return r.delivered + r.failed;
      }, false),
    );

  return {
    id,
    wake,
    async stop() {
      stopped = true;
      unsubscribe();
      wake();
      await Promise.all(loops);
    },
  };
}
