import { randomUUID } from 'node:crypto';
import { backoffMs } from './backoff.ts';
import { fetchHttp, type HttpAnswer, type HttpClient } from './http.ts';
import { executeCommandInTx, failJob, finishLeasedJob, leaseServiceJobs, retryLeasedJob, type ClaimedJob, type Store } from '../store/index.ts';

/**
 * Service steps: HTTP calls to other systems, with the step's timeout, retries and backoff.
 *
 * 1. lease the job (its own short transaction);
 * 2. call, outside any transaction, with the job id as `idempotency-key` (the engine puts it in
 *    the headers): a call repeated after a crash is recognisable by the other side;
 * 3. apply the answer (`serviceResult`) and mark the job done in ONE transaction — if the lease
 *    is still ours. A failed attempt is retried after backoff until `retries` are used up; then
 *    the case gets `serviceResult ok:false` (its error path, or an incident).
 */

export interface ServiceJobOptions {
  readonly http?: HttpClient;
  /** Calls started at once by this worker; default 8. */
  readonly concurrency?: number;
  /** Lease beyond the request's own timeout; default 30 s. */
  readonly leaseMarginMs?: number;
  /** This worker's name in `jobs.locked_by`; default a fresh UUID per call. */
  readonly workerId?: string;
  /** The clock to read when an answer arrives; default: the `now` of the run. */
  readonly clock?: () => number;
  readonly onError?: (error: unknown, job: ClaimedJob) => void;
}

export interface ServiceJobsResult {
  readonly answered: number;
  readonly retried: number;
  readonly failed: number;
}

async function settle(store: Store, job: ClaimedJob, worker: string, answer: HttpAnswer, now: number, opts: ServiceJobOptions): Promise<keyof ServiceJobsResult | 'lost'> {
  const spec = job.spec;
  if (spec.kind !== 'service') return 'lost';
  const retries = spec.request.retries;
  if (!answer.ok && answer.retryable && job.attempts <= retries) {
    const ok = await retryLeasedJob(store.db, job, worker, now + backoffMs(job.attempts, spec.request.backoff), answer.error);
    return ok ? 'retried' : 'lost';
  }
  try {
    return await store.db.transaction(async (tx) => {
      if (!(await finishLeasedJob(tx, job, worker, now, answer.ok ? undefined : answer.error))) return 'lost';
      const cmd = answer.ok
        ? ({ type: 'serviceResult', token: spec.token, ok: true, result: answer.result } as const)
        : ({ type: 'serviceResult', token: spec.token, ok: false, error: `${answer.error} (after ${job.attempts} attempt${job.attempts === 1 ? '' : 's'})` } as const);
      await executeCommandInTx(tx, store, job.caseId, cmd, { now, actor: 'system' });
      return answer.ok ? 'answered' : 'failed';
    });
  } catch (e) {
    // The answer could not be applied (the engine refused it, the case is gone): record why.
    opts.onError?.(e, job);
    await failJob(store.db, job.id, now, e instanceof Error ? e.message : String(e));
    return 'failed';
  }
}

/** Leases the due service calls, makes them, and applies their answers. */
export async function runServiceJobs(store: Store, now: number, opts: ServiceJobOptions = {}): Promise<ServiceJobsResult> {
  const worker = opts.workerId ?? randomUUID();
  const http = opts.http ?? fetchHttp;
  const jobs = await leaseServiceJobs(store.db, now, opts.concurrency ?? 8, worker, opts.leaseMarginMs ?? 30_000);
  const counts = { answered: 0, retried: 0, failed: 0 };
  await Promise.all(
    jobs.map(async (job) => {
      if (job.spec.kind !== 'service') return;
      const answer = await http.send(job.spec.request);
      const r = await settle(store, job, worker, answer, opts.clock?.() ?? now, opts);
      if (r !== 'lost') counts[r]++;
    }),
  );
  return counts;
}
