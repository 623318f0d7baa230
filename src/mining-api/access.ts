import type { Principal } from '../api/auth/principal.ts';
import { seesStore } from '../api/policy/access.ts';
import { ApiProblem, forbidden, notFound } from '../api/problem.ts';
import type { Queryable } from '../store/db.ts';

/**
 * Who may mine: admins and managers. The general manager and admins see every store; a store
 * manager sees the stores they manage, so their KPIs and maps are computed over those stores'
 * cases only. Staff with work roles and auditors get 403: figures per person are management
 * information (rejected: letting organisation auditors read them too — the brief for these
 * dashboards names managers and admins, and the auditor role is about the audit trail).
 */
export interface MiningScope {
  readonly orgId: string;
  /** The stores whose cases count; null = every store (and cases without a store). */
  readonly stores: readonly string[] | null;
  /** The one store asked for, if any. */
  readonly store: string | undefined;
}

/** The caller's mining scope for a request, with the requested store checked. */
export async function miningScope(db: Queryable, p: Principal, store: string | undefined): Promise<MiningScope> {
  const all = p.orgLevels.has('admin') || p.orgLevels.has('manager');
  const managed = [...p.storeLevels].filter(([, levels]) => levels.has('manager')).map(([id]) => id);
  if (!all && managed.length === 0) throw forbidden('KPIs and process mining are for managers and admins');
  if (store !== undefined) {
    if (!all && !managed.includes(store)) throw seesStore(p, store) ? forbidden(`you do not manage store "${store}"`) : notFound('store', store);
    const found = await db.query('SELECT 1 FROM stores WHERE id = $1 AND org_id = $2', [store, p.orgId]);
    if (found.rows.length === 0) throw notFound('store', store);
  }
  return { orgId: p.orgId, stores: all ? null : managed, store };
}

/** Epoch ms of an ISO query time, the period checked (from before to). */
export function period(from: string | undefined, to: string | undefined): { from?: number; to?: number } {
  const f = from === undefined ? undefined : Date.parse(from);
  const t = to === undefined ? undefined : Date.parse(to);
  if (f !== undefined && t !== undefined && f >= t)
    throw new ApiProblem(400, 'INVALID_REQUEST', 'query.from must be before query.to', { issues: [{ path: 'query.from', message: 'must be before query.to' }] });
  return { ...(f !== undefined ? { from: f } : {}), ...(t !== undefined ? { to: t } : {}) };
}

/** 404 unless the organisation has the process (any version, any status but draft). */
export async function requireProcess(db: Queryable, orgId: string, key: string): Promise<void> {
  const r = await db.query(`SELECT 1 FROM definitions WHERE org_id = $1 AND key = $2 AND status <> 'draft' LIMIT 1`, [orgId, key]);
  if (r.rows.length === 0) throw notFound('process', key);
}
