import { runCommandJobs, type CommandJobOptions } from './command-jobs.ts';
import { deliverNotifications, type NotificationOptions } from './notifications.ts';
import { runServiceJobs, type ServiceJobOptions } from './service-jobs.ts';
import { runAppointmentJobs } from '../appointments/reminders.ts';
import type { Store } from '../store/index.ts';

export interface RunDueJobsOptions extends CommandJobOptions, ServiceJobOptions, NotificationOptions {
  /** Rounds before giving up on work that keeps falling due at `now` (a loop of zero timers); default 1000. */
  readonly maxRounds?: number;
}

export interface RunDueJobsResult {
  readonly fired: number;
  readonly failed: number;
  readonly retried: number;
  readonly answered: number;
  readonly notified: number;
  /** Appointment reminders written to the outbox. */
  readonly reminded: number;
}

/**
 * Does everything that is due at `now`, until nothing is: command jobs, service calls (awaited),
 * notifications. Work that falls due at `now` because of this work is done too. The step
 * function tests drive with a fake clock instead of sleeping; the worker loop runs the same parts.
 */
export async function runDueJobs(store: Store, now: number, opts: RunDueJobsOptions = {}): Promise<RunDueJobsResult> {
  const total = { fired: 0, failed: 0, retried: 0, answered: 0, notified: 0, reminded: 0 };
  for (let round = 0; round < (opts.maxRounds ?? 1000); round++) {
    const a = await runAppointmentJobs(store.db, now);
    const c = await runCommandJobs(store, now, opts);
    const s = await runServiceJobs(store, now, opts);
    const n = await deliverNotifications(store, now, opts);
    total.fired += c.fired;
    total.failed += c.failed + s.failed + n.failed;
    total.retried += c.retried + s.retried;
    total.answered += s.answered;
    total.notified += n.delivered;
    total.reminded += a.reminded;
    if (a.reminded + a.skipped + c.fired + c.failed + c.retried + s.answered + s.failed + s.retried + n.delivered + n.failed === 0) break;
  }
  return total;
}
