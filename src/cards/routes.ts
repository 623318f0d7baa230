import { z } from 'zod';
import { isAdmin } from '../api/policy/access.ts';
import { ApiProblem, forbidden, notFound } from '../api/problem.ts';
import { unknownStores } from '../api/repo/directory.ts';
import { defineRoute, type RouteDef } from '../api/route.ts';
import { idSchema, isoTime } from '../api/schemas/common.ts';
import { servesCustomers } from '../customers/access.ts';
import { checkCase, visibleCustomer } from '../customers/routes.ts';
import { CardRefusal, cardsOf, findCard, ledgerOf, move, openCard } from './store.ts';
import type { Principal } from '../api/auth/principal.ts';

/**
 * Membership cards through the API (S01 salon, S13, S31: 开卡, 储值, 疗程卡). Anyone who serves
 * customers opens cards and books top-ups, consumption and refunds, each tied to a case; only
 * managers and admins adjust (with a reason). A consumption beyond the balance is refused
 * unless the customer signed for it (`signedFor: true`); the customer record then shows the
 * outstanding amount to reception.
 */

const cardSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    kind: z.enum(['balance', 'sessions']).describe('balance: amounts in cents; sessions: a package of N sessions'),
    label: z.string(),
    storeId: z.string().nullable(),
    balance: z.number().int().describe('Cents or sessions; below zero = outstanding, signed for by the customer'),
    createdAt: isoTime,
    createdBy: z.string(),
  })
  .meta({ id: 'MembershipCard' });

const entrySchema = z
  .object({
    seq: z.number().int(),
    at: isoTime,
    kind: z.enum(['open', 'topup', 'consume', 'refund', 'adjust']),
    amount: z.number().int().describe('Signed change of the balance'),
    balanceAfter: z.number().int(),
    caseId: z.string().nullable(),
    staffId: z.string(),
    reason: z.string().nullable(),
    signed: z.boolean().describe('The balance went below zero and the customer signed for it'),
  })
  .meta({ id: 'CardLedgerEntry' });

const isManager = (p: Principal) => isAdmin(p) || p.orgLevels.has('manager') || [...p.storeLevels.values()].some((l) => l.has('manager'));

async function visibleCard(q: Parameters<typeof findCard>[0], p: Principal, id: string, lock = false) {
  const c = await findCard(q, p.orgId, id, lock);
  if (c === undefined) throw notFound('membership card', id);
  return c;
}

export const cardRoutes: RouteDef[] = [
  defineRoute({
    method: 'post',
    path: '/api/customers/{customerId}/cards',
    operationId: 'openCard',
    tag: 'customers',
    summary: 'Open a membership card: a prepaid balance (cents) or a package of sessions (people who serve customers)',
    access: 'signedIn',
    params: z.strictObject({ customerId: idSchema }),
    body: z.strictObject({
      id: idSchema.optional().describe('Card number; default: a new UUID'),
      kind: z.enum(['balance', 'sessions']),
      label: z.string().trim().min(1).max(200).describe('e.g. 储值卡, 面部护理疗程卡 10 次'),
      storeId: idSchema.optional().describe('The store that sold it'),
      opening: z.number().int().min(0).max(1e12).describe('Opening balance: cents, or the number of sessions'),
      caseId: idSchema.optional().describe('The case in which it was sold'),
    }),
    idempotent: true,
    responses: { 201: { description: 'Opened', schema: cardSchema } },
    problems: [403, 409],
    async handler({ params, body, principal: p, rc }) {
      const id = body.id ?? rc.deps.store.ids.next('card');
      return rc.write(p, async (w) => {
        const customer = await visibleCustomer(w.tx, p, params.customerId);
        if (!servesCustomers(p)) throw forbidden('read-only access: auditors do not open cards');
        if (customer.erasedAt !== null) throw new ApiProblem(409, 'CUSTOMER_ERASED', `customer ${customer.id} was erased`);
        if ((await w.tx.query(`SELECT 1 FROM membership_cards WHERE id = $1`, [id])).rows.length > 0) throw new ApiProblem(409, 'ID_TAKEN', `the card id "${id}" is taken`);
        if (body.storeId !== undefined && (await unknownStores(w.tx, p.orgId, [body.storeId])).length > 0)
          throw new ApiProblem(422, 'UNKNOWN_STORE', `there is no store "${body.storeId}" in your organisation`, { issues: [{ path: 'body.storeId', message: 'unknown store' }] });
        if (body.caseId !== undefined) await checkCase(w.tx, p, body.caseId, customer.id);
        const card = await openCard(w.tx, { id, orgId: p.orgId, customerId: customer.id, kind: body.kind, label: body.label, storeId: body.storeId, opening: body.opening, caseId: body.caseId, by: p.staffId }, rc.now);
        w.audit({ action: 'card.open', targetType: 'card', targetId: id, storeId: body.storeId, after: { customerId: customer.id, kind: body.kind, opening: body.opening, caseId: body.caseId ?? null } });
        return { status: 201, body: card, headers: { location: `/api/cards/${encodeURIComponent(id)}` } };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/customers/{customerId}/cards',
    operationId: 'listCustomerCards',
    tag: 'customers',
    summary: "A customer's membership cards with their balances",
    access: 'signedIn',
    params: z.strictObject({ customerId: idSchema }),
    responses: { 200: { description: 'Cards', schema: z.object({ items: z.array(cardSchema) }) } },
    async handler({ params, principal: p, rc }) {
      await visibleCustomer(rc.deps.store.db, p, params.customerId);
      return { status: 200, body: { items: await cardsOf(rc.deps.store.db, p.orgId, params.customerId) } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/cards/{cardId}',
    operationId: 'getCard',
    tag: 'customers',
    summary: 'A membership card with its whole ledger',
    access: 'signedIn',
    params: z.strictObject({ cardId: idSchema }),
    responses: { 200: { description: 'The card', schema: z.object({ card: cardSchema, ledger: z.array(entrySchema) }) } },
    async handler({ params, principal: p, rc }) {
      const card = await visibleCard(rc.deps.store.db, p, params.cardId);
      return { status: 200, body: { card, ledger: await ledgerOf(rc.deps.store.db, card.id) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/cards/{cardId}/entries',
    operationId: 'addCardEntry',
    tag: 'customers',
    summary: 'Top up, consume, refund (each tied to a case), or adjust with a reason (managers); a balance below zero needs signedFor',
    access: 'signedIn',
    params: z.strictObject({ cardId: idSchema }),
    body: z.discriminatedUnion('kind', [
      z.strictObject({
        kind: z.enum(['topup', 'consume', 'refund']),
        amount: z.number().int().min(1).max(1e12).describe('Cents, or sessions'),
        caseId: idSchema.describe('The case this movement belongs to'),
        signedFor: z.boolean().optional().describe('consume only: the customer signed for going below zero'),
      }),
      z.strictObject({
        kind: z.literal('adjust'),
        amount: z.number().int().min(-1e12).max(1e12).refine((n) => n !== 0, 'an adjustment of 0 changes nothing').describe('Signed: + adds, − takes away'),
        reason: z.string().trim().min(3).max(500),
        caseId: idSchema.optional(),
        signedFor: z.boolean().optional(),
      }),
    ]),
    responses: { 201: { description: 'Booked', schema: z.object({ card: cardSchema, entry: entrySchema }) } },
    problems: [403, 409],
    async handler({ params, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const card = await visibleCard(w.tx, p, params.cardId, true);
        if (!servesCustomers(p)) throw forbidden('read-only access: auditors do not book card movements');
        if (body.kind === 'adjust' && !isManager(p)) throw forbidden('adjustments are for managers and admins');
        if (body.kind === 'refund' && body.signedFor === true) throw new ApiProblem(422, 'INVALID_REQUEST', 'a refund cannot be signed for: it never goes below zero', { issues: [{ path: 'body.signedFor', message: 'not for refunds' }] });
        if (body.caseId !== undefined) await checkCase(w.tx, p, body.caseId, card.customerId);
        try {
          const out = await move(w.tx, p.orgId, card.id, { kind: body.kind, amount: body.amount, caseId: body.caseId, by: p.staffId, reason: body.kind === 'adjust' ? body.reason : undefined, signed: body.signedFor }, rc.now);
          w.audit({ action: `card.${body.kind}`, targetType: 'card', targetId: card.id, storeId: card.storeId ?? undefined, before: { balance: card.balance }, after: { balance: out.card.balance, seq: out.entry.seq, caseId: body.caseId ?? null, signed: out.entry.signed } });
          return { status: 201, body: out };
        } catch (e) {
          if (e instanceof CardRefusal) throw new ApiProblem(409, e.code, e.message, { current: { balance: e.balance } });
          throw e;
        }
      });
    },
  }),
];
