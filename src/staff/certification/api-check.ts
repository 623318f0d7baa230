import { ApiProblem } from '../../api/problem.ts';
import { checkCertificates, firstGap, gapText, requiredCertificates } from './certs.ts';
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
  const gap = firstGap((await checkCertificates(db, orgId, [staffId], need, now)).get(staffId));
  if (gap !== undefined)
    // The problem names the certificate and how to get it (the inbox shows that, in the reader's language).
    throw certificateProblem(staffId, task, proc, need, gap);
}
