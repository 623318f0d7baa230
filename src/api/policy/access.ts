import type { Principal } from '../auth/principal.ts';

/**
 * Who may do what. One small function per question, each reading only the principal (and the
 * store/role of the thing at hand), so the rules are plain to review:
 *
 * - staff work the tasks of their roles in their stores, start cases and read cases there;
 * - store managers also see and steer all work of their stores (reassign, cancel, roster);
 *   a manager of the whole organisation (scope '*') is the general manager;
 * - auditors read (cases, timelines; the audit log when organisation-wide), never change;
 * - admins manage the organisation: stores, people, access, definitions, and read everything.
 *
 * Visibility is checked before permission: what you may not see is "not found" (404), so ids
 * of other stores and organisations reveal nothing; what you see but may not do is 403.
 * Rejected: a generic permission matrix keyed by strings — it reads well in a table but hides
 * the store scoping that every rule here needs.
 */

/** An organisation admin. */
export function isAdmin(p: Principal): boolean {
  return p.orgLevels.has('admin');
}

/** Admin, general manager or organisation-wide auditor: sees every store. */
export function seesAllStores(p: Principal): boolean {
  return p.orgLevels.size > 0;
}

/** Stores this person can see, or 'all'. */
export function visibleStores(p: Principal): 'all' | string[] {
  if (seesAllStores(p)) return 'all';
  return [...new Set([...p.roles.keys(), ...p.storeLevels.keys()])];
}

/** May see the store and the cases and tasks in it. */
export function seesStore(p: Principal, storeId: string | null): boolean {
  if (seesAllStores(p)) return true;
  if (storeId === null) return false;
  return p.roles.has(storeId) || p.storeLevels.has(storeId);
}

/** Manages the store: reassigns and cancels its work, edits its roster. */
export function managesStore(p: Principal, storeId: string | null): boolean {
  if (p.orgLevels.has('admin') || p.orgLevels.has('manager')) return true;
  return storeId !== null && (p.storeLevels.get(storeId)?.has('manager') ?? false);
}

/** Holds this work role in this store (may take its tasks). */
export function worksRole(p: Principal, storeId: string | null, role: string): boolean {
  return storeId !== null && (p.roles.get(storeId)?.has(role) ?? false);
}

/** May start cases in the store: anyone who works there, and its managers. */
export function startsCasesIn(p: Principal, storeId: string): boolean {
  return p.roles.has(storeId) || managesStore(p, storeId);
}

/** May comment on a case it sees (auditors read only). */
export function commentsIn(p: Principal, storeId: string | null): boolean {
  return storeId !== null && (p.roles.has(storeId) || managesStore(p, storeId));
}

/** Reads the audit log: admins and organisation-wide auditors. */
export function readsAudit(p: Principal): boolean {
  return p.orgLevels.has('admin') || p.orgLevels.has('auditor');
}

/** Sees a staff member's record: themselves, colleagues sharing a store, or everyone for org-wide levels. */
export function seesStaff(p: Principal, staffId: string, staffStores: readonly string[]): boolean {
  if (staffId === p.staffId || seesAllStores(p)) return true;
  return staffStores.some((s) => seesStore(p, s));
}

/** Sees personal data (phone numbers) of the store's cases unmasked: those who serve or run it. */
export function seesPersonalData(p: Principal, storeId: string | null): boolean {
  return storeId !== null && (p.roles.has(storeId) || managesStore(p, storeId));
}

/** Stores whose whole open work this person oversees (managers and auditors), or 'all'; none for plain staff. */
export function overseenStores(p: Principal): 'all' | string[] {
  if (seesAllStores(p)) return 'all';
  return [...p.storeLevels.keys()];
}
