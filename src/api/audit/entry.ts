import type { Tx } from '../../store/db.ts';
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

const INSERT = `INSERT INTO audit_log (org_id, at, actor_id, via, token_id, request_id, action, target_type, target_id, store_id, before, after, personal)
  SELECT $1, $2, $3, $4, $5, $6, x.action, x.target_type, x.target_id, x.store_id, x.before, x.after, x.personal
  FROM jsonb_to_recordset($7::jsonb) AS x(i integer, action text, target_type text, target_id text, store_id text, before jsonb, after jsonb, personal jsonb)
  ORDER BY x.i`;

/** Writes a request's audit entries in one statement, inside the transaction of the change. */
export async function writeAudit(tx: Tx, p: Principal, meta: { now: number; requestId: string }, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map((e, i) => ({
    i,
    action: e.action,
    target_type: e.targetType,
    target_id: e.targetId,
    store_id: e.storeId ?? null,
    before: e.before ?? null,
    after: e.after ?? null,
    personal: e.personal !== undefined && e.personal.length > 0 ? e.personal : null,
  }));
  await tx.query(
    INSERT,
    [p.orgId, new Date(meta.now).toISOString(), p.staffId, p.via.kind, p.via.kind === 'token' ? p.via.id : null, meta.requestId, JSON.stringify(rows)],
    { name: 'sf_api_audit' },
  );
}
