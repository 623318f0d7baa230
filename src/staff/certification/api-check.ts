import { ApiProblem } from '../../api/problem.ts';
import { certChecks, checkCertificates, firstGap, gapText, requiredCertificates, requiredFrom, type CertCheck, type CertificateRow, type RequirementRow } from './certs.ts';
import { certificateProblem } from './problem.ts';
import type { Queryable } from '../../store/db.ts';
import type { CompiledProcess } from '../../model/types.ts';

/**
 * Refuses (403, code CERTIFICATE_REQUIRED) giving a task to a person without a valid certificate
 * its step requires: claims, completing an open task (an implicit claim), reassigning to a person.
 */
export async function requireCertified(db: Queryable, orgId: string, staffId: string, task: { readonly node: string }, proc: CompiledProcess, now: number): Promise<void> {
  const need = await requiredCertificates(db, orgId, proc, task.node);
  if (need.length === 0) return;
  refuseGap(staffId, task, proc, need, (await checkCertificates(db, orgId, [staffId], need, now)).get(staffId));
}

/** What the API reads with the task itself (src/api/repo/cases.ts): the requirement rows of its process and step, and the person's certificates. */
export interface CertFacts {
  readonly requirements: readonly RequirementRow[];
  readonly certificates: readonly CertificateRow[];
}

/** `requireCertified` on facts read with the task: no query of its own. */
export function requireCertifiedFrom(facts: CertFacts, staffId: string, task: { readonly node: string }, proc: CompiledProcess, now: number): void {
  const need = requiredFrom(facts.requirements, proc, task.node);
  if (need.length === 0) return;
  refuseGap(staffId, task, proc, need, certChecks(facts.certificates, [staffId], need, now).get(staffId));
}

function refuseGap(staffId: string, task: { readonly node: string }, proc: CompiledProcess, need: readonly string[], checks: readonly CertCheck[] | undefined): void {
  const gap = firstGap(checks);
  if (gap !== undefined)
    // The problem names the certificate and how to get it (the inbox shows that, in the reader's language).
    throw certificateProblem(staffId, task, proc, need, gap);
}
