import { z } from 'zod';
import { seesStore, visibleStores } from '../api/policy/access.ts';
import { ApiProblem, forbidden, notFound } from '../api/problem.ts';
import { decodeCursor, paginate } from '../api/pagination.ts';
import { unknownStaff } from '../api/repo/directory.ts';
import { ensureIdFree } from '../api/repo/ids.ts';
import { defineRoute, type RouteDef } from '../api/route.ts';
import { idSchema, isoTime, pageOf, pageQuery } from '../api/schemas/common.ts';
import { cardsOf, ledgerOf } from '../cards/store.ts';
import { auditSnapshot, handlesDataRequests, maskedAttributesFor, servesCustomers, viewFor } from './access.ts';
import { customerAttributeRoutes } from './attribute-routes.ts';
import { normalisePhone } from './personal.ts';
import {
  addNote,
  addPurchase,
  casesOfCustomer,
  changeCustomer,
  eraseCustomer,
  insertCustomer,
  listCustomers,
  listNotes,
  loadCustomer,
  phoneOwners,
  purchasesOf,
  replaceTierRules,
  tierRules,
  type CustomerRecord,
} from './store.ts';
import { ruleProblems } from './tiers.ts';
import type { Principal } from '../api/auth/principal.ts';
import type { Queryable, Tx } from '../store/db.ts';

/**
 * The customers' archive through the API: register (duplicate phones refused), list and search,
 * read (masked by need, see access.ts), change, notes, purchases, case history, tier rules,
 * and the personal-information requests: export everything, erase on request.
 */

const customerSchema = z
  .object({
    id: z.string(),
    name: z.string().nullable().describe('Masked (王**) for people who do not serve customers'),
    phones: z.array(z.string()).describe('Normalised digits; masked (138****8000) for people who do not serve customers'),
    idNumber: z.string().nullable().describe('Full for admins and managers, masked for everyone else'),
    attributes: z.record(z.string(), z.unknown()),
    consent: z.record(z.string(), z.boolean()),
    tags: z.array(z.string()),
    tier: z.string().nullable(),
    tierByRule: z.boolean().describe('True when the organisation has tier rules: the tier is computed, not set by hand'),
    ownerStaffId: z.string().nullable(),
    createdAt: isoTime,
    updatedAt: isoTime.nullable(),
    erased: z.boolean(),
    purchases: z.object({ totalCents: z.number().int(), maxCents: z.number().int(), count: z.number().int() }),
    outstanding: z.object({ cents: z.number().int(), sessions: z.number().int() }).describe('Owed on membership cards (signed for): reception settles it'),
    masked: z.boolean().describe('Some personal data is masked for you'),
  })
  .meta({ id: 'Customer' });

const noteSchema = z.object({ id: z.string(), at: isoTime, by: z.string(), text: z.string() }).meta({ id: 'CustomerNote' });
const tierRuleSchema = z.strictObject({
  tier: z.string().trim().min(1).max(50),
  when: z.string().trim().min(1).max(1000).describe('FEEL condition, e.g. `assets >= 1000000` or `purchase.max >= 3000 or purchase.total >= 5000`'),
});

const phonesField = z.array(z.string().max(40)).max(10).describe('Phone numbers in any usual writing (+86 138-0013-8000); stored as digits');
const attributesField = z.record(z.string().min(1).max(100), z.unknown()).describe('Free attributes of your industry: skinType, allergies, vehicle, mileage, assets…');
const consentField = z.record(z.string().min(1).max(50), z.boolean()).describe('Consent flags, e.g. { "marketing": true, "sms": false }');
const tagsField = z.array(z.string().trim().min(1).max(50)).max(50);

const createBody = z.strictObject({
  id: idSchema.optional().describe('Your own customer number; default: a new UUID'),
  name: z.string().trim().min(1).max(200).optional(),
  phones: phonesField.optional(),
  idNumber: z.string().trim().min(4).max(40).optional(),
  attributes: attributesField.optional(),
  consent: consentField.optional(),
  tags: tagsField.optional(),
  tier: z.string().trim().min(1).max(50).optional().describe('e.g. vip; ignored when the organisation has tier rules'),
  ownerStaffId: idSchema.optional().describe('The account manager (customerOwner assignment)'),
  allowDuplicatePhone: z.boolean().optional().describe('Register even though another customer has the same phone number'),
});

const patchBody = z.strictObject({
  name: z.string().trim().min(1).max(200).nullable().optional(),
  phones: phonesField.optional(),
  idNumber: z.string().trim().min(4).max(40).nullable().optional(),
  attributes: attributesField.optional().describe('Replaces all free attributes'),
  consent: consentField.optional(),
  tags: tagsField.optional(),
  tier: z.string().trim().min(1).max(50).nullable().optional().describe('Only when the organisation has no tier rules'),
  ownerStaffId: idSchema.nullable().optional(),
  allowDuplicatePhone: z.boolean().optional(),
});

const params = z.strictObject({ customerId: idSchema });

/** Normalises phone numbers or refuses with the index of each bad one. */
export function normalisePhones(raw: readonly string[], path: string): string[] {
  const issues: { path: string; message: string }[] = [];
  const out: string[] = [];
  raw.forEach((r, i) => {
    const n = normalisePhone(r);
    if (n === undefined) issues.push({ path: `${path}.${i}`, message: `"${r}" is not a phone number (digits, spaces, dashes, an optional +86)` });
    else if (!out.includes(n)) out.push(n);
  });
  if (issues.length > 0) throw new ApiProblem(422, 'INVALID_PHONE', 'some phone numbers cannot be read; write them as digits with optional spaces, dashes or +86', { issues });
  return out;
}

async function checkOwner(q: Queryable, orgId: string, owner: string | null | undefined): Promise<void> {
  if (owner === undefined || owner === null) return;
  if ((await unknownStaff(q, orgId, [owner])).length > 0)
    throw new ApiProblem(422, 'UNKNOWN_STAFF', `there is no staff member "${owner}" in your organisation`, { issues: [{ path: 'body.ownerStaffId', message: 'unknown staff' }] });
}

async function checkDuplicates(q: Queryable, orgId: string, phones: readonly string[], exceptId: string | undefined, allow: boolean | undefined): Promise<void> {
  if (allow === true) return;
  const owners = await phoneOwners(q, orgId, phones, exceptId);
  if (owners.length > 0)
    throw new ApiProblem(409, 'DUPLICATE_PHONE', `another customer already has this phone number (${[...new Set(owners.map((o) => o.customerId))].join(', ')}); open that record, or send allowDuplicatePhone: true`, {
      current: { customers: [...new Set(owners.map((o) => o.customerId))] },
    });
}

/** The customer, or 404 (other organisations' ids are not found). */
export async function visibleCustomer(q: Queryable, p: Principal, id: string, lock = false): Promise<CustomerRecord> {
  const c = await loadCustomer(q, p.orgId, id, { lock });
  if (c === undefined) throw notFound('customer', id);
  return c;
}

function notErased(c: CustomerRecord): void {
  if (c.erasedAt !== null) throw new ApiProblem(409, 'CUSTOMER_ERASED', `customer ${c.id} was erased on request; register them again if they return`);
}

function mayServe(p: Principal, what: string): void {
  if (!servesCustomers(p)) throw forbidden(`read-only access: auditors do not ${what}`);
}

export const customerArchiveRoutes: RouteDef[] = [
  // which free attributes are personal (masked for auditors)
  ...customerAttributeRoutes,
  defineRoute({
    method: 'post',
    path: '/api/customers',
    operationId: 'createCustomer',
    tag: 'customers',
    summary: 'Register a customer (anyone who serves customers); a phone number another customer has is refused (409) unless allowed',
    access: 'signedIn',
    body: createBody,
    idempotent: true,
    responses: { 201: { description: 'Registered', schema: customerSchema } },
    problems: [403, 409],
    async handler({ body, principal: p, rc }) {
      mayServe(p, 'register customers');
      const id = body.id ?? rc.deps.store.ids.next('customer');
      const phones = normalisePhones(body.phones ?? [], 'body.phones');
      return rc.write(p, async (w) => {
        await ensureIdFree(w.tx, 'customer', id);
        await checkOwner(w.tx, p.orgId, body.ownerStaffId);
        await checkDuplicates(w.tx, p.orgId, phones, undefined, body.allowDuplicatePhone);
        await insertCustomer(w.tx, { ...body, id, orgId: p.orgId, phones }, rc.now);
        const c = (await loadCustomer(w.tx, p.orgId, id))!;
        w.audit({ action: 'customer.create', targetType: 'customer', targetId: id, after: auditSnapshot(c), personal: personalFields(body) });
        return { status: 201, body: viewFor(p, c, await maskedAttributesFor(w.tx, p)), headers: { location: `/api/customers/${encodeURIComponent(id)}` } };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/customers',
    operationId: 'listCustomers',
    tag: 'customers',
    summary: 'Customers of your organisation: search by name or phone (people who serve customers), filter by tag, tier, owner',
    access: 'signedIn',
    query: z.strictObject({
      ...pageQuery,
      q: z.string().trim().min(1).max(100).optional().describe('A part of the name or phone number'),
      tag: z.string().trim().min(1).max(50).optional(),
      tier: z.string().trim().min(1).max(50).optional(),
      ownerStaffId: idSchema.optional(),
    }),
    responses: { 200: { description: 'A page of customers', schema: pageOf(customerSchema) } },
    problems: [403],
    async handler({ query, principal: p, rc }) {
      if (query.q !== undefined && !servesCustomers(p)) throw forbidden('searching by name or phone is for people who serve customers; filter by tag or tier');
      const after = query.cursor === undefined ? undefined : String(decodeCursor(query.cursor, 1)[0]);
      const rows = await listCustomers(rc.deps.store.db, p.orgId, { q: query.q, tag: query.tag, tier: query.tier, ownerStaffId: query.ownerStaffId }, after, query.limit + 1);
      const masked = await maskedAttributesFor(rc.deps.store.db, p);
      return { status: 200, body: paginate(rows, query.limit, (c) => [c.id], (c) => viewFor(p, c, masked)) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/customers/{customerId}',
    operationId: 'getCustomer',
    tag: 'customers',
    summary: 'One customer: archive, tier, purchases, what is outstanding on cards (personal data masked by need)',
    access: 'signedIn',
    params,
    responses: { 200: { description: 'The customer', schema: customerSchema } },
    async handler({ params, principal: p, rc }) {
      const db = rc.deps.store.db;
      return { status: 200, body: viewFor(p, await visibleCustomer(db, p, params.customerId), await maskedAttributesFor(db, p)) };
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/api/customers/{customerId}',
    operationId: 'updateCustomer',
    tag: 'customers',
    summary: 'Change a customer (people who serve customers); the tier rules run again',
    access: 'signedIn',
    params,
    body: patchBody,
    responses: { 200: { description: 'Updated', schema: customerSchema } },
    problems: [403, 409],
    async handler({ params, body, principal: p, rc }) {
      const phones = body.phones === undefined ? undefined : normalisePhones(body.phones, 'body.phones');
      return rc.write(p, async (w) => {
        const before = await visibleCustomer(w.tx, p, params.customerId, true);
        mayServe(p, 'change customers');
        notErased(before);
        if (body.tier !== undefined && (await tierRules(w.tx, p.orgId)).length > 0)
          throw new ApiProblem(409, 'TIER_BY_RULE', 'your organisation sets tiers by rule (GET /api/customer-tier-rules): change the data the rules read, or the rules');
        await checkOwner(w.tx, p.orgId, body.ownerStaffId);
        if (phones !== undefined) await checkDuplicates(w.tx, p.orgId, phones, params.customerId, body.allowDuplicatePhone);
        await changeCustomer(w.tx, p.orgId, params.customerId, { ...body, phones }, rc.now);
        const after = (await loadCustomer(w.tx, p.orgId, params.customerId))!;
        w.audit({ action: 'customer.update', targetType: 'customer', targetId: params.customerId, before: auditSnapshot(before), after: auditSnapshot(after), personal: personalFields(body) });
        return { status: 200, body: viewFor(p, after, await maskedAttributesFor(w.tx, p)) };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/customers/{customerId}/notes',
    operationId: 'listCustomerNotes',
    tag: 'customers',
    summary: "A customer's notes, oldest first (people who serve customers)",
    access: 'signedIn',
    params,
    responses: { 200: { description: 'Notes', schema: z.object({ items: z.array(noteSchema) }) } },
    problems: [403],
    async handler({ params, principal: p, rc }) {
      await visibleCustomer(rc.deps.store.db, p, params.customerId);
      mayServe(p, "read customers' notes");
      return { status: 200, body: { items: await listNotes(rc.deps.store.db, params.customerId) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/customers/{customerId}/notes',
    operationId: 'addCustomerNote',
    tag: 'customers',
    summary: 'Add a note to a customer (people who serve customers)',
    access: 'signedIn',
    params,
    body: z.strictObject({ text: z.string().trim().min(1).max(4000) }),
    responses: { 201: { description: 'Added', schema: noteSchema } },
    problems: [403, 409],
    async handler({ params, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const c = await visibleCustomer(w.tx, p, params.customerId);
        mayServe(p, 'write notes');
        notErased(c);
        const note = await addNote(w.tx, p.orgId, params.customerId, p.staffId, body.text, rc.now);
        w.audit({ action: 'customer.note', targetType: 'customer', targetId: params.customerId, after: { noteId: note.id }, personal: ['note'] });
        return { status: 201, body: note };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/customers/{customerId}/cases',
    operationId: 'listCustomerCases',
    tag: 'customers',
    summary: "A customer's case history in the stores you see, newest first",
    access: 'signedIn',
    params,
    responses: {
      200: {
        description: 'Cases',
        schema: z.object({
          items: z.array(z.object({ id: z.string(), process: z.string(), version: z.number().int(), storeId: z.string().nullable(), status: z.string(), startedAt: isoTime, endedAt: isoTime.nullable() })),
        }),
      },
    },
    async handler({ params, principal: p, rc }) {
      await visibleCustomer(rc.deps.store.db, p, params.customerId);
      return { status: 200, body: { items: await casesOfCustomer(rc.deps.store.db, p.orgId, params.customerId, visibleStores(p)) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/customers/{customerId}/purchases',
    operationId: 'addCustomerPurchase',
    tag: 'customers',
    summary: 'Record a purchase (integer cents); the tier rules run again',
    access: 'signedIn',
    params,
    body: z.strictObject({ amountCents: z.number().int().min(1).max(1e12), caseId: idSchema.optional().describe('The case the purchase belongs to') }),
    responses: { 201: { description: 'Recorded; the customer as it is now', schema: z.object({ purchaseId: z.string(), tierBefore: z.string().nullable(), customer: customerSchema }) } },
    problems: [403, 409],
    async handler({ params, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const c = await visibleCustomer(w.tx, p, params.customerId, true);
        mayServe(p, 'record purchases');
        notErased(c);
        if (body.caseId !== undefined) await checkCase(w.tx, p, body.caseId, params.customerId);
        const made = await addPurchase(w.tx, p.orgId, params.customerId, { amountCents: body.amountCents, caseId: body.caseId, by: p.staffId }, rc.now);
        const after = (await loadCustomer(w.tx, p.orgId, params.customerId))!;
        w.audit({ action: 'customer.purchase', targetType: 'customer', targetId: params.customerId, before: { tier: c.tier }, after: { purchaseId: made.id, amountCents: body.amountCents, caseId: body.caseId ?? null, tier: after.tier } });
        return { status: 201, body: { purchaseId: made.id, tierBefore: c.tier, customer: viewFor(p, after, await maskedAttributesFor(w.tx, p)) } };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/customer-tier-rules',
    operationId: 'getTierRules',
    tag: 'customers',
    summary: "Your organisation's tier rules, tried in order (first that holds gives the tier)",
    access: 'signedIn',
    responses: { 200: { description: 'Rules', schema: z.object({ rules: z.array(tierRuleSchema) }) } },
    async handler({ principal: p, rc }) {
      return { status: 200, body: { rules: await tierRules(rc.deps.store.db, p.orgId) } };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/customer-tier-rules',
    operationId: 'setTierRules',
    tag: 'customers',
    summary: 'Replace the tier rules (admins); every customer is re-evaluated. An empty list returns tiers to manual',
    access: 'signedIn',
    body: z.strictObject({ rules: z.array(tierRuleSchema).max(50) }),
    responses: { 200: { description: 'Saved', schema: z.object({ rules: z.array(tierRuleSchema), changed: z.number().int().describe('Customers whose tier changed') }) } },
    problems: [403],
    async handler({ body, principal: p, rc }) {
      if (!p.orgLevels.has('admin')) throw forbidden('only organisation admins set the tier rules');
      const problems = ruleProblems(body.rules);
      if (problems.length > 0) throw new ApiProblem(422, 'INVALID_RULE', 'some tier rules cannot be read', { issues: problems.map((x) => ({ path: `body.rules.${x.index}.when`, message: x.message })) });
      return rc.write(p, async (w) => {
        const before = await tierRules(w.tx, p.orgId);
        const changed = await replaceTierRules(w.tx, p.orgId, body.rules);
        w.audit({ action: 'customer.tierRules', targetType: 'tierRules', targetId: p.orgId, before: { rules: before }, after: { rules: body.rules, changed } });
        return { status: 200, body: { rules: body.rules, changed } };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/customers/{customerId}/export',
    operationId: 'exportCustomer',
    tag: 'customers',
    summary: 'Everything stored about a customer, unmasked, as JSON (admins; a personal-information request); audited',
    access: 'signedIn',
    params,
    responses: { 200: { description: 'The export', schema: z.object({ exportedAt: isoTime, customer: z.record(z.string(), z.unknown()), notes: z.array(noteSchema), purchases: z.array(z.unknown()), cards: z.array(z.unknown()), cases: z.array(z.unknown()) }) } },
    problems: [403],
    async handler({ params, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const c = await visibleCustomer(w.tx, p, params.customerId);
        if (!handlesDataRequests(p)) throw forbidden('only organisation admins export customer data');
        const cards = await cardsOf(w.tx, p.orgId, c.id);
        const cases = await w.tx.query<{ id: string; process_key: string; store_id: string | null; status: string; started_at: Date; ended_at: Date | null; data: unknown }>(
          `SELECT id, process_key, store_id, status, started_at, ended_at, state->'data' AS data FROM cases WHERE org_id = $1 AND customer_id = $2 ORDER BY started_at, id`,
          [p.orgId, c.id],
        );
        w.audit({ action: 'customer.export', targetType: 'customer', targetId: c.id });
        return {
          status: 200,
          body: {
            exportedAt: new Date(rc.now).toISOString(),
            customer: { ...c },
            notes: await listNotes(w.tx, c.id),
            purchases: await purchasesOf(w.tx, c.id),
            cards: await Promise.all(cards.map(async (k) => ({ ...k, ledger: await ledgerOf(w.tx, k.id) }))),
            cases: cases.rows.map((r) => ({ id: r.id, process: r.process_key, storeId: r.store_id, status: r.status, startedAt: r.started_at.toISOString(), endedAt: r.ended_at?.toISOString() ?? null, data: r.data })),
          },
          headers: { 'content-disposition': `attachment; filename="customer-${c.id}.json"` },
        };
      });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/customers/{customerId}/erase',
    operationId: 'eraseCustomer',
    tag: 'customers',
    summary: "Erase a customer's personal data on request (admins): the id stays, anonymous, for cases, cards and logs; audited",
    access: 'signedIn',
    params,
    body: z.strictObject({ reason: z.string().trim().min(1).max(500).describe('e.g. "request of 3 March by phone, ticket 12" — no personal data') }),
    responses: { 200: { description: 'Erased', schema: customerSchema } },
    problems: [403, 409],
    async handler({ params, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const c = await visibleCustomer(w.tx, p, params.customerId, true);
        if (!handlesDataRequests(p)) throw forbidden('only organisation admins erase customer data');
        notErased(c);
        await eraseCustomer(w.tx, p.orgId, c.id, rc.now);
        const after = (await loadCustomer(w.tx, p.orgId, c.id))!;
        w.audit({ action: 'customer.erase', targetType: 'customer', targetId: c.id, before: auditSnapshot(c), after: { erased: true, reason: body.reason }, personal: ['name', 'phones', 'idNumber', 'attributes', 'notes'] });
        return { status: 200, body: viewFor(p, after, await maskedAttributesFor(w.tx, p)) };
      });
    },
  }),
];

/** A case the caller sees, of this customer (or of no customer), or 422. */
export async function checkCase(tx: Tx, p: Principal, caseId: string, customerId: string): Promise<void> {
  const r = (await tx.query<{ customer_id: string | null; store_id: string | null }>(`SELECT customer_id, store_id FROM cases WHERE org_id = $1 AND id = $2`, [p.orgId, caseId])).rows[0];
  if (r === undefined || !seesStore(p, r.store_id)) throw new ApiProblem(422, 'UNKNOWN_CASE', `there is no case "${caseId}" in your organisation`, { issues: [{ path: 'body.caseId', message: 'unknown case' }] });
  if (r.customer_id !== null && r.customer_id !== customerId)
    throw new ApiProblem(422, 'OTHER_CUSTOMER', `case "${caseId}" belongs to another customer`, { issues: [{ path: 'body.caseId', message: 'case of another customer' }] });
}

function personalFields(b: { name?: unknown; phones?: unknown; idNumber?: unknown; attributes?: unknown }): string[] {
  return (['name', 'phones', 'idNumber', 'attributes'] as const).filter((k) => b[k] !== undefined);
}
