import type { Queryable } from '../../store/db.ts';
import type { CompiledProcess } from '../../model/types.ts';

/**
 * Certificates (上岗证) and what needs them. A step needs a certificate when the SOP says so
 * (`certificate:` on a human step) or the organisation's requirement table names the step, its
 * role in that process, or the role in every process (`process_key = '*'`). A person holds a
 * certificate while one row of that type is issued, not expired and not revoked.
 *
 * Used by automatic assignment (src/store/assign.ts), by claim / complete / reassign in the
 * API (a refusal with problem code CERTIFICATE_REQUIRED) and by the manager's "why" view.
 */

export type CertState = 'valid' | 'missing' | 'expired' | 'revoked';

export interface CertCheck {
  readonly certType: string;
  readonly state: CertState;
  /** The newest certificate's expiry (valid or expired), epoch ms; null = none / no expiry. */
  readonly expiresAt: number | null;
}

/** A row of the organisation's requirement table (`staff_cert_requirements`). */
export interface RequirementRow {
  readonly cert_type: string;
  readonly node: string | null;
  readonly role: string | null;
}

/** The certificate types a step of a process needs, sorted, without duplicates. */
export async function requiredCertificates(db: Queryable, orgId: string, proc: CompiledProcess, nodeId: string): Promise<string[]> {
  const node = proc.nodes[nodeId];
  if (node === undefined || node.kind !== 'human') return [];
  const r = await db.query<RequirementRow>(
    `SELECT DISTINCT cert_type, node, role FROM staff_cert_requirements
      WHERE org_id = $1 AND (process_key = $2 OR process_key = '*')
        AND ((node = $3 AND (role IS NULL OR role = $4)) OR (node IS NULL AND role = $4))`,
    [orgId, proc.definition.key, nodeId, node.role],
  );
  return requiredFrom(r.rows, proc, nodeId);
}

/**
 * The same from requirement rows read elsewhere (the API reads those of the task's process and
 * step with the task itself): keeps the rows that name the step, or the step's role.
 */
export function requiredFrom(rows: readonly RequirementRow[], proc: CompiledProcess, nodeId: string): string[] {
  const node = proc.nodes[nodeId];
  if (node === undefined || node.kind !== 'human') return [];
  const set = new Set<string>();
  for (const x of rows) if ((x.node === nodeId && (x.role === null || x.role === node.role)) || (x.node === null && x.role === node.role)) set.add(x.cert_type);
  if (node.certificate !== undefined) set.add(node.certificate);
  return [...set].sort();
}

/** A certificate row; times as Date, or ISO text when read through jsonb. */
export interface CertificateRow {
  readonly staff_id: string;
  readonly cert_type: string;
  readonly issued_at: Date | string;
  readonly expires_at: Date | string | null;
  readonly revoked_at: Date | string | null;
}

/** Each person's state for each certificate type at `now`. */
export async function checkCertificates(db: Queryable, orgId: string, staffIds: readonly string[], certTypes: readonly string[], now: number): Promise<Map<string, CertCheck[]>> {
  if (staffIds.length === 0) return new Map();
  const rows =
    certTypes.length === 0
      ? []
      : (
          await db.query<CertificateRow>(
            `SELECT staff_id, cert_type, issued_at, expires_at, revoked_at FROM staff_certificates
              WHERE org_id = $1 AND staff_id IN (SELECT jsonb_array_elements_text($2::jsonb))
                AND cert_type IN (SELECT jsonb_array_elements_text($3::jsonb))
              ORDER BY issued_at`,
            [orgId, JSON.stringify(staffIds), JSON.stringify(certTypes)],
          )
        ).rows;
  return certChecks(rows, staffIds, certTypes, now);
}

/** The same from certificate rows read elsewhere, in issue order (rows of other people or types are ignored). */
export function certChecks(rows: readonly CertificateRow[], staffIds: readonly string[], certTypes: readonly string[], now: number): Map<string, CertCheck[]> {
  const out = new Map<string, CertCheck[]>();
  for (const s of staffIds) {
    const checks: CertCheck[] = [];
    for (const type of certTypes) {
      const mine = rows.filter((x) => x.staff_id === s && x.cert_type === type && new Date(x.issued_at).getTime() <= now);
      const exp = (x: (typeof mine)[number]) => (x.expires_at === null ? null : new Date(x.expires_at).getTime());
      const valid = mine.find((x) => x.revoked_at === null && (exp(x) === null || exp(x)! > now));
      if (valid) checks.push({ certType: type, state: 'valid', expiresAt: exp(valid) });
      else if (mine.length === 0) checks.push({ certType: type, state: 'missing', expiresAt: null });
      else {
        const last = mine[mine.length - 1]!;
        checks.push({ certType: type, state: last.revoked_at !== null ? 'revoked' : 'expired', expiresAt: exp(last) });
      }
    }
    out.set(s, checks);
  }
  return out;
}

/** A person's first failing check, or undefined when they hold every certificate. */
export function firstGap(checks: readonly CertCheck[] | undefined): CertCheck | undefined {
  return checks?.find((c) => c.state !== 'valid');
}

/** Human words for a failing check (the API's problem detail and the manager's view). */
export function gapText(staffId: string, c: CertCheck): string {
  const when = c.expiresAt === null ? '' : ` on ${new Date(c.expiresAt).toISOString().slice(0, 10)}`;
  switch (c.state) {
    case 'missing':
      return `${staffId} holds no "${c.certType}" certificate, which this step requires`;
    case 'expired':
      return `${staffId}'s "${c.certType}" certificate expired${when}; renew it first`;
    case 'revoked':
      return `${staffId}'s "${c.certType}" certificate was revoked`;
    default:
      return `${staffId} holds "${c.certType}"`;
  }
}
