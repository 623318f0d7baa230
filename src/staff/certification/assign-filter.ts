import { iso } from '../../store/values.ts';
import { checkCertificates, firstGap, requiredCertificates } from './certs.ts';
import type { Tx } from '../../store/db.ts';
import type { CompiledProcess } from '../../model/types.ts';

/**
 * The assignment hook: of the people holding a task's role, those holding every certificate its
 * step requires. Everyone passed over, and a task left with nobody, is recorded in
 * `staff_assign_skips` (ids and certificate types only) in the same transaction, so the
 * manager can see why a task went to someone else or waits in the queue.
 */
export async function certifiedOnly(
  tx: Tx,
  orgId: string,
  task: { readonly proc: CompiledProcess; readonly caseId: string; readonly taskId: string; readonly node: string },
  people: readonly string[],
  now: number,
): Promise<string[]> {
  const need = await requiredCertificates(tx, orgId, task.proc, task.node);
  if (need.length === 0) return [...people];
  const checks = await checkCertificates(tx, orgId, people, need, now);
  const ok: string[] = [];
  for (const p of people) {
    const gap = firstGap(checks.get(p));
    if (gap === undefined) ok.push(p);
    else await skip(tx, orgId, task, p, gap.certType, gap.state, now);
  }
  if (ok.length === 0) await skip(tx, orgId, task, null, need.join(','), 'nobody-certified', now);
  return ok;
}

async function skip(tx: Tx, orgId: string, task: { caseId: string; taskId: string }, staffId: string | null, certType: string, reason: string, now: number): Promise<void> {
  await tx.query(`INSERT INTO staff_assign_skips (org_id, case_id, task_id, staff_id, cert_type, reason, at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
    orgId,
    task.caseId,
    task.taskId,
    staffId,
    certType,
    reason,
    iso(now),
  ]);
}
