import { iso } from './values.ts';
import type { Queryable, Tx } from './db.ts';
import type { JobSpec } from '../engine/types.ts';

/**
 * Job claiming: the SQL the runtime's workers run. Any number of workers (in one process or
 * many on one PostgreSQL server) share the table; `FOR UPDATE SKIP LOCKED` hands each due job
 * to exactly one of them without waiting.
 *
 * Two shapes of work:
 * - Command jobs (timer, sla, deliver) are claimed AND marked done inside the transaction that
 *   runs their command: if the process dies before COMMIT, the claim and the command vanish
 *   together and the job is due again — a timer fires exactly once.
 * - Service calls cannot sit inside a transaction (an HTTP call may take seconds), so they are
 *   leased: `running` until `locked_until`; the answer is applied, and the job marked done, in
 *   one transaction that first checks the lease is still ours.
 *
 * Rejected: polling with `SELECT … FOR UPDATE` without SKIP LOCKED (workers queue behind one
 * another's claims); advisory locks per job (they live outside the row and survive in pooled
 * sessions); a status flip in its own transaction before running a timer (a crash between the
 * two would lose or repeat the timer).
 */

export interface ClaimedJob {
  readonly id: string;
  readonly caseId: string;
  readonly kind: JobSpec['kind'];
  readonly spec: JobSpec;
  readonly dueAt: number;
  readonly attempts: number;
}

type JobRowOut = { id: string; case_id: string; kind: JobSpec['kind']; payload: JobSpec; due_at: Date; attempts: number };

const toJob = (r: JobRowOut): ClaimedJob => ({ id: r.id, caseId: r.case_id, kind: r.kind, spec: r.payload, dueAt: r.due_at.getTime(), attempts: r.attempts });

/**
 * Claims up to `limit` due command jobs (timer, sla, deliver) and marks them done — final only
 * if the caller's transaction commits. Ordered by case, then due time: every worker takes case
 * locks in the same order, so two batches sharing cases cannot deadlock.
 */
const CLAIM = `UPDATE jobs SET status = 'done', done_at = $1, attempts = attempts + 1, locked_until = NULL
 WHERE id IN (SELECT id FROM jobs
               WHERE status = 'pending' AND due_at <= $1 AND kind <> 'service'
               ORDER BY due_at
               LIMIT $2
                 FOR UPDATE SKIP LOCKED)
 RETURNING id, case_id, kind, payload, due_at, attempts`;

/** See CLAIM. `onlyId` claims one given job (used to retry the jobs of a failed batch one by one). */
export async function claimCommandJobs(tx: Tx, now: number, limit: number, onlyId?: string): Promise<ClaimedJob[]> {
  const r =
    onlyId === undefined
      ? await tx.query<JobRowOut>(CLAIM, [iso(now), limit], { name: 'sf_claim_jobs' })
      : await tx.query<JobRowOut>(
          `UPDATE jobs SET status = 'done', done_at = $1, attempts = attempts + 1, locked_until = NULL
            WHERE id IN (SELECT id FROM jobs WHERE id = $2 AND status = 'pending' AND due_at <= $1 FOR UPDATE SKIP LOCKED)
            RETURNING id, case_id, kind, payload, due_at, attempts`,
          [iso(now), onlyId],
        );
  return r.rows.map(toJob).sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : a.dueAt - b.dueAt || (a.id < b.id ? -1 : 1)));
}

/** Gives a job back for a later try (a transient failure such as a lost connection or a deadlock). */
export async function retryJob(q: Queryable, jobId: string, dueAt: number, error: string): Promise<void> {
  await q.query(`UPDATE jobs SET status = 'pending', due_at = $2, attempts = attempts + 1, last_error = $3, locked_by = NULL, locked_until = NULL WHERE id = $1 AND status IN ('pending', 'running')`, [
    jobId,
    iso(dueAt),
    error,
  ]);
}

/** Gives up on a job: it stays in the table as `failed` with the reason (an incident to look at). */
export async function failJob(q: Queryable, jobId: string, now: number, error: string): Promise<void> {
  await q.query(`UPDATE jobs SET status = 'failed', done_at = $2, attempts = attempts + 1, last_error = $3, locked_by = NULL, locked_until = NULL WHERE id = $1 AND status IN ('pending', 'running')`, [
    jobId,
    iso(now),
    error,
  ]);
}

/**
 * Leases up to `limit` due service calls to `worker` until their timeout plus `marginMs` has
 * passed. A lease that runs out (the worker died mid-call) makes the job due again.
 */
export async function leaseServiceJobs(q: Queryable, now: number, limit: number, worker: string, marginMs: number): Promise<ClaimedJob[]> {
  // A lease that ran out is taken over like a due job: the call may be repeated, which is why
  // every call carries the job id as its idempotency key.
  const r = await q.query<JobRowOut>(
    `UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = $3,
            locked_until = $1::timestamptz + make_interval(secs => (coalesce((payload->'request'->>'timeoutMs')::int, 30000) + $4::int) / 1000.0)
      WHERE id IN (SELECT id FROM jobs
                    WHERE kind = 'service'
                      AND ((status = 'pending' AND due_at <= $1) OR (status = 'running' AND locked_until < $1))
                    ORDER BY due_at
                    LIMIT $2
                      FOR UPDATE SKIP LOCKED)
      RETURNING id, case_id, kind, payload, due_at, attempts`,
    [iso(now), limit, worker, marginMs],
  );
  return r.rows.map(toJob).sort((a, b) => a.dueAt - b.dueAt);
}

/**
 * Ends a leased service job as done — only if the lease is still ours (same worker, same
 * attempt, not cancelled meanwhile). False: someone else owns the outcome; drop ours.
 */
export async function finishLeasedJob(tx: Tx, job: ClaimedJob, worker: string, now: number, error?: string): Promise<boolean> {
  const r = await tx.query(
    `UPDATE jobs SET status = 'done', done_at = $4, locked_until = NULL, last_error = coalesce($5, last_error)
      WHERE id = $1 AND status = 'running' AND locked_by = $2 AND attempts = $3`,
    [job.id, worker, job.attempts, iso(now), error ?? null],
  );
  return r.rowCount > 0;
}

/** Puts a leased job back for another attempt at `dueAt`, if the lease is still ours. */
export async function retryLeasedJob(q: Queryable, job: ClaimedJob, worker: string, dueAt: number, error: string): Promise<boolean> {
  const r = await q.query(
    `UPDATE jobs SET status = 'pending', due_at = $4, last_error = $5, locked_by = NULL, locked_until = NULL
      WHERE id = $1 AND status = 'running' AND locked_by = $2 AND attempts = $3`,
    [job.id, worker, job.attempts, iso(dueAt), error],
  );
  return r.rowCount > 0;
}

/** When the next job falls due (pending or leased), or undefined when none is waiting. */
export async function nextJobDueAt(q: Queryable): Promise<number | undefined> {
  const r = await q.query<{ at: Date | null }>(
    `SELECT least((SELECT min(due_at) FROM jobs WHERE status = 'pending'), (SELECT min(locked_until) FROM jobs WHERE status = 'running')) AS at`,
  );
  return r.rows[0]?.at?.getTime() ?? undefined;
}
