import { ApiProblem, type ProblemBody } from '../../api/problem.ts';
import { gapText, type CertCheck } from './certs.ts';
import type { CompiledProcess } from '../../model/types.ts';

/**
 * The 403 CERTIFICATE_REQUIRED refusal (claim, complete an open task, reassign to a person) with
 * what the person needs to act: which certificate, its state, and how to get it — study the
 * post's steps, pass its quiz, have a manager sign off the practical check, and ask a manager of
 * the store to issue (or renew) the certificate. The web inbox words it in the reader's language
 * from these fields; `detail` says the same in English for API users.
 *
 * A subclass rather than a new field on every ApiProblem: only this refusal carries it, and
 * the API edge renders any problem through its own `body()`.
 */

export interface CertificateNeed {
  readonly certType: string;
  readonly state: Exclude<CertCheck['state'], 'valid'>;
  /** The expiry of the person's newest certificate of this type (ISO), or null. */
  readonly expiresAt: string | null;
  readonly staffId: string;
  readonly process: string;
  readonly step: string;
  /** The post (role) the step belongs to: its study page and quiz are the training for it. */
  readonly role: string | null;
  /** Every certificate the step needs. */
  readonly required: readonly string[];
  /** How to get it: the training pages (API paths) and who issues it. */
  readonly howToGet: {
    readonly study: string | null;
    readonly quiz: string | null;
    readonly signoff: string;
    readonly issue: string;
  };
}

export class CertificateProblem extends ApiProblem {
  constructor(
    detail: string,
    readonly certificate: CertificateNeed,
  ) {
    super(403, 'CERTIFICATE_REQUIRED', detail);
  }

  override body(requestId?: string): ProblemBody & { certificate: CertificateNeed } {
    return { ...super.body(requestId), certificate: this.certificate };
  }
}

const enc = encodeURIComponent;

/** The refusal for a person whose first failing check is `gap`, for a step of `proc` that needs `need`. */
export function certificateProblem(staffId: string, task: { readonly node: string }, proc: CompiledProcess, need: readonly string[], gap: CertCheck): CertificateProblem {
  const node = proc.nodes[task.node];
  const role = node?.kind === 'human' ? node.role : null;
  const key = proc.definition.key;
  const study = role === null ? null : `/api/training/${enc(key)}/${enc(role)}`;
  const how =
    gap.state === 'expired'
      ? 'ask a manager of your store to renew it (POST /api/certificates/{id}/renew)'
      : `study the step${study === null ? '' : ` (GET ${study})`}, pass the quiz${study === null ? '' : ` (GET ${study}/quiz)`}, have a manager sign off the practical check, then ask a manager of your store to issue it (POST /api/certificates)`;
  return new CertificateProblem(`${gapText(staffId, gap)}; the step "${task.node}" of ${key} requires ${need.map((c) => `"${c}"`).join(', ')}; to get it: ${how}`, {
    certType: gap.certType,
    state: gap.state as CertificateNeed['state'], // a gap is never a valid check
    expiresAt: gap.expiresAt === null ? null : new Date(gap.expiresAt).toISOString(),
    staffId,
    process: key,
    step: task.node,
    role,
    required: [...need],
    howToGet: {
      study,
      quiz: study === null ? null : `${study}/quiz`,
      signoff: 'POST /api/training/signoffs (a manager of your store)',
      issue: gap.state === 'expired' ? 'POST /api/certificates/{id}/renew (a manager of your store)' : 'POST /api/certificates (a manager of your store)',
    },
  });
}
