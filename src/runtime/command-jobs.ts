import { EngineError } from '../engine/errors.ts';
import { claimCommandJobs, executeCommandInTx, failJob, retryJob, StoreError, type ClaimedJob, type Store } from '../store/index.ts';

/**
 * Timers, SLA points and `deliver` jobs: each runs its command on its case in the SAME
 * transaction that claims it and marks it done. A process killed at any point either committed
 * both (the job is done, the transition is in) or neither (the job is due again): a timer
 * fires exactly once.
 *
 * Jobs are claimed in batches so one commit carries many of them. If any job of a batch fails
 * the batch is rolled back and its jobs are run one per transaction, so one bad job never holds
 * back the others.
 */

export interface CommandJobOptions {
  /** Jobs per transaction; default 20. */
  readonly batchSize?: number;
  /** Tries for a job that fails for a passing reason (lost connection, deadlock); default 5. */
  readonly maxAttempts?: number;
  /** Told about every job that failed (it is retried or marked failed). */
  readonly onError?: (error: unknown, job: ClaimedJob) => void;
  /** Fault injection for crash tests: runs inside the batch's transaction just before COMMIT. */
  readonly beforeCommit?: (jobs: readonly ClaimedJob[]) => Promise<void>;
}

export interface CommandJobsResult {
  /** Jobs whose command was applied (a stale timer or SLA point counts: it was handled). */
  readonly fired: number;
  /** Jobs marked failed for good (the error is in `jobs.last_error`). */
  readonly failed: number;
  /** Jobs given back for a later attempt. */
  readonly retried: number;
}

const RETRY_BASE_MS = 1_000;

function fire(tx: Parameters<typeof executeCommandInTx>[0], store: Store, job: ClaimedJob, now: number): Promise<unknown> {
  const spec = job.spec;
  if (spec.kind === 'service') throw new Error(`job ${job.id} is a service call, not a command job`);
  return executeCommandInTx(tx, store, job.caseId, spec.command, { now, actor: 'system' });
}

/** An engine refusal or a store error will fail the same way again; anything else may pass. */
function permanent(e: unknown): boolean {
  return e instanceof EngineError || e instanceof StoreError;
}

async function runAlone(store: Store, job: ClaimedJob, now: number, opts: CommandJobOptions): Promise<'fired' | 'failed' | 'retried' | 'gone'> {
  try {
    return await store.db.transaction(async (tx) => {
      const [again] = await claimCommandJobs(tx, now, 1, job.id);
      if (again === undefined) return 'gone'; // another worker has it, or it was cancelled meanwhile
      await fire(tx, store, again, now);
      return 'fired';
    });
  } catch (e) {
    opts.onError?.(e, job);
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    if (permanent(e) || job.attempts >= (opts.maxAttempts ?? 5)) {
      await failJob(store.db, job.id, now, message);
      return 'failed';
    }
    await retryJob(store.db, job.id, now + RETRY_BASE_MS * 2 ** Math.max(0, job.attempts - 1), message);
    return 'retried';
  }
}

/** Runs one batch of due command jobs; call again while it fires any. */
export async function runCommandJobs(store: Store, now: number, opts: CommandJobOptions = {}): Promise<CommandJobsResult> {
  let claimed: ClaimedJob[] = [];
  try {
    const fired = await store.db.transaction(async (tx) => {
      claimed = await claimCommandJobs(tx, now, opts.batchSize ?? 20);
      for (const job of claimed) await fire(tx, store, job, now);
      if (claimed.length > 0) await opts.beforeCommit?.(claimed);
      return claimed.length;
    });
    return { fired, failed: 0, retried: 0 };
  } catch (e) {
    if (claimed.length === 0) throw e; // the claim itself failed: nothing was taken
  }
  const counts = { fired: 0, failed: 0, retried: 0 };
  for (const job of claimed) {
    const r = await runAlone(store, job, now, opts);
    if (r !== 'gone') counts[r]++;
  }
  return counts;
}
