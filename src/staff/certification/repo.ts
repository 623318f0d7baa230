import { iso } from '../../store/values.ts';
import type { Queryable } from '../../store/db.ts';

/** Writing and reading certificates and requirements (the API wraps these in audited writes). */

export interface CertificateRow {
  readonly id: string;
  readonly staffId: string;
  readonly certType: string;
  readonly issuedAt: string;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  readonly issuedBy: string;
  readonly renews: string | null;
}

export interface RequirementRow {
  readonly id: string;
  readonly processKey: string;
  readonly node: string | null;
  readonly role: string | null;
  readonly certType: string;
}

const t = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

function certOf(r: { id: string; staff_id: string; cert_type: string; issued_at: Date; expires_at: Date | null; revoked_at: Date | null; issued_by: string; renews: string | null }): CertificateRow {
  return { id: r.id, staffId: r.staff_id, certType: r.cert_type, issuedAt: t(r.issued_at)!, expiresAt: t(r.expires_at), revokedAt: t(r.revoked_at), issuedBy: r.issued_by, renews: r.renews };
}

export async function issueCertificate(
  db: Queryable,
  c: { id: string; orgId: string; staffId: string; certType: string; issuedAt: number; expiresAt?: number | null; issuedBy: string; renews?: string | null },
  now: number,
): Promise<CertificateRow> {
  const r = await db.query<Parameters<typeof certOf>[0]>(
    `INSERT INTO staff_certificates (id, org_id, staff_id, cert_type, issued_at, expires_at, issued_by, renews, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [c.id, c.orgId, c.staffId, c.certType, iso(c.issuedAt), c.expiresAt == null ? null : iso(c.expiresAt), c.issuedBy, c.renews ?? null, iso(now)],
  );
  return certOf(r.rows[0]!);
}

export async function getCertificate(db: Queryable, orgId: string, id: string): Promise<CertificateRow | undefined> {
  const r = await db.query<Parameters<typeof certOf>[0]>(`SELECT * FROM staff_certificates WHERE org_id = $1 AND id = $2`, [orgId, id]);
  return r.rows[0] === undefined ? undefined : certOf(r.rows[0]);
}

export async function listCertificates(db: Queryable, orgId: string, staffIds: readonly string[] | 'all'): Promise<CertificateRow[]> {
  const r =
    staffIds === 'all'
      ? await db.query<Parameters<typeof certOf>[0]>(`SELECT * FROM staff_certificates WHERE org_id = $1 ORDER BY staff_id, cert_type, issued_at`, [orgId])
      : await db.query<Parameters<typeof certOf>[0]>(
          `SELECT * FROM staff_certificates WHERE org_id = $1 AND staff_id IN (SELECT jsonb_array_elements_text($2::jsonb)) ORDER BY staff_id, cert_type, issued_at`,
          [orgId, JSON.stringify(staffIds)],
        );
  return r.rows.map(certOf);
}

export async function revokeCertificate(db: Queryable, orgId: string, id: string, now: number): Promise<void> {
  await db.query(`UPDATE staff_certificates SET revoked_at = $3 WHERE org_id = $1 AND id = $2 AND revoked_at IS NULL`, [orgId, id, iso(now)]);
}

export async function addRequirement(db: Queryable, r: RequirementRow & { orgId: string }, now: number): Promise<void> {
  await db.query(`INSERT INTO staff_cert_requirements (id, org_id, process_key, node, role, cert_type, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
    r.id,
    r.orgId,
    r.processKey,
    r.node,
    r.role,
    r.certType,
    iso(now),
  ]);
}

export async function listRequirements(db: Queryable, orgId: string): Promise<RequirementRow[]> {
  const r = await db.query<{ id: string; process_key: string; node: string | null; role: string | null; cert_type: string }>(
    `SELECT id, process_key, node, role, cert_type FROM staff_cert_requirements WHERE org_id = $1 ORDER BY process_key, node, role, cert_type`,
    [orgId],
  );
  return r.rows.map((x) => ({ id: x.id, processKey: x.process_key, node: x.node, role: x.role, certType: x.cert_type }));
}

export async function deleteRequirement(db: Queryable, orgId: string, id: string): Promise<boolean> {
  return (await db.query(`DELETE FROM staff_cert_requirements WHERE org_id = $1 AND id = $2`, [orgId, id])).rowCount > 0;
}

export interface SkipRow {
  readonly caseId: string;
  readonly taskId: string;
  readonly staffId: string | null;
  readonly certType: string;
  readonly reason: string;
  readonly at: string;
}

/** Why automatic assignment passed people over, newest first (one task, or the whole organisation). */
export async function listSkips(db: Queryable, orgId: string, opts: { taskId?: string; limit?: number } = {}): Promise<SkipRow[]> {
  const r = await db.query<{ case_id: string; task_id: string; staff_id: string | null; cert_type: string; reason: string; at: Date }>(
    `SELECT case_id, task_id, staff_id, cert_type, reason, at FROM staff_assign_skips
      WHERE org_id = $1 AND ($2::text IS NULL OR task_id = $2) ORDER BY id DESC LIMIT $3`,
    [orgId, opts.taskId ?? null, opts.limit ?? 200],
  );
  return r.rows.map((x) => ({ caseId: x.case_id, taskId: x.task_id, staffId: x.staff_id, certType: x.cert_type, reason: x.reason, at: t(x.at)! }));
}
