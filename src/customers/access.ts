import { isAdmin } from '../api/policy/access.ts';
import type { Principal } from '../api/auth/principal.ts';
import { maskIdNumber, maskName, maskPhone } from './personal.ts';
import { maskAttributes, personalAttributes } from './attributes.ts';
import type { CustomerRecord } from './store.ts';
import type { Queryable } from '../store/db.ts';

/**
 * Who sees what of a customer. Customers belong to the whole organisation (a customer visits
 * several stores), so everyone of the organisation sees that a customer exists; the personal
 * data is shown according to need:
 *
 * | caller                                   | name | phones | ID number | personal attributes |
 * |------------------------------------------|------|--------|-----------|---------------------|
 * | admin, managers (store or organisation)  | full | full   | full      | full                |
 * | staff with a work role (serve customers) | full | full   | masked    | full                |
 * | auditors only (read, never serve)        | masked | masked | masked  | masked              |
 *
 * Personal attributes are the free attributes the organisation marked personal (attributes.ts);
 * the others (a vehicle model, a mileage) are shown to everyone of the organisation.
 */

const isManager = (p: Principal) => p.orgLevels.has('manager') || [...p.storeLevels.values()].some((l) => l.has('manager'));

/** Serves customers: anyone with a work role, a manager level or admin (not read-only auditors). */
export function servesCustomers(p: Principal): boolean {
  return isAdmin(p) || p.roles.size > 0 || isManager(p);
}

/** Sees ID numbers in full: admins and managers. */
export function seesIdNumbers(p: Principal): boolean {
  return isAdmin(p) || isManager(p);
}

/** Exports and erases customers' data (personal-information requests): admins. */
export function handlesDataRequests(p: Principal): boolean {
  return isAdmin(p);
}

const NOTHING: ReadonlySet<string> = new Set();

/** The attribute names this caller sees masked: none for people who serve customers (no query then). */
export async function maskedAttributesFor(q: Queryable, p: Principal): Promise<ReadonlySet<string>> {
  return servesCustomers(p) ? NOTHING : personalAttributes(q, p.orgId);
}

/** The customer as this caller may see it; `maskedAttributes` from maskedAttributesFor. */
export function viewFor(p: Principal, c: CustomerRecord, maskedAttributes: ReadonlySet<string>) {
  const serves = servesCustomers(p);
  const attrs = maskAttributes(c.attributes, maskedAttributes);
  return {
    id: c.id,
    name: c.name === null ? null : serves ? c.name : maskName(c.name),
    phones: serves ? c.phones : c.phones.map(maskPhone),
    idNumber: c.idNumber === null ? null : seesIdNumbers(p) ? c.idNumber : maskIdNumber(c.idNumber),
    attributes: attrs.attributes,
    consent: c.consent,
    tags: c.tags,
    tier: c.tier,
    tierByRule: c.tierByRule,
    ownerStaffId: c.ownerStaffId,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    erased: c.erasedAt !== null,
    purchases: c.purchases,
    outstanding: c.outstanding,
    masked: !serves || attrs.masked || (c.idNumber !== null && !seesIdNumbers(p)),
  };
}

/** What the audit log may hold of a customer: no personal data. */
export function auditSnapshot(c: CustomerRecord | undefined) {
  return c === undefined ? undefined : { tier: c.tier, ownerStaffId: c.ownerStaffId, tagCount: c.tags.length, consent: c.consent, phoneCount: c.phones.length, erased: c.erasedAt !== null };
}
