import type { Tx } from '../../store/db.ts';
import { auditInsert, type AuditRow } from '../../store/sql/write-case.ts';
import type { Principal } from '../auth/principal.ts';

/**
 * Audit entries: who (staff id, and the token when not a session), when, what (action and
 * target), before/after snapshots. Snapshots never hold personal data — names, phones, ID
 * numbers are left out and only the names of personal fields that changed are listed in
 * `personal`; the record itself (staff row, case data) is found by the target id.
 */
export interface AuditEntry {
  /** `case.start`, `task.complete`, `staff.update`… */
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string;
  readonly storeId?: string | null;
  readonly before?: unknown;
  readonly after?: unknown;
  /** Personal fields that changed (values are not copied). */
  readonly personal?: readonly string[];
}

const INSERT = auditInsert(1);

/** A request's audit entries as `audit_log` rows (for `writeAudit`, or a command's own write statement). */
export function auditRows(p: Principal, meta: { now: number; requestId: string }, entries: readonly AuditEntry[]): AuditRow[] {
  const at = new Date(meta.now).toISOString();
  return entries.map((e, i) => ({
    i,
    org_id: p.orgId,
    at,
    actor_id: p.staffId,
    via: p.via.kind,
    token_id: p.via.kind === 'token' ? p.via.id : null,
    request_id: meta.requestId,
    action: e.action,
    target_type: e.targetType,
    target_id: e.targetId,
    store_id: e.storeId ?? null,
    before: e.before ?? null,
    after: e.after ?? null,
    personal: e.personal !== undefined && e.personal.length > 0 ? e.personal : null,
  }));
}

/** Writes a request's audit entries in one statement, inside the transaction of the change. */
export async function writeAudit(tx: Tx, p: Principal, meta: { now: number; requestId: string }, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(INSERT, [JSON.stringify(auditRows(p, meta, entries))], { name: 'sf_api_audit_rows' });
}
