import { addNote, addPurchase, insertCustomer, replaceTierRules } from '../customers/store.ts';
import { normalisePhone } from '../customers/personal.ts';
import { move, openCard } from '../cards/store.ts';
import { DEMO_TIER_RULES, type DemoCustomer } from './demo-customers.ts';
import { DemoRandom } from './demo-people.ts';
import type { Queryable, Tx } from '../store/db.ts';

/**
 * Writes the planned demo customers into the archive, and — once their cases are written —
 * what they bought and their membership cards, through the customers' and cards' own store
 * functions on a fake clock (each purchase and ledger entry at the time its case ended, by the
 * person who closed it). The organisation's tier rules are set last, so every customer's tier
 * is computed once, by the rules, from all of it.
 */

/** Registers every planned customer at their first visit. */
export async function insertDemoCustomers(tx: Tx, orgId: string, customers: readonly DemoCustomer[]): Promise<void> {
  for (const c of customers) {
    await insertCustomer(
      tx,
      {
        id: c.id,
        orgId,
        name: c.name,
        phones: [normalisePhone(c.phone)!],
        attributes: c.attributes,
        consent: c.consent,
        tags: c.tags,
        ...(c.ownerStaffId !== undefined ? { ownerStaffId: c.ownerStaffId } : {}),
      },
      c.registeredAt,
    );
    const allergies = c.attributes.allergies;
    if (Array.isArray(allergies) && allergies.length > 0 && c.ownerStaffId !== undefined)
      await addNote(tx, orgId, c.id, c.ownerStaffId, `对${allergies.join('、')}过敏，护理时避开含这些成分的产品。`, c.registeredAt + 30 * 60_000);
  }
}

/** A finished case of a demo customer, as the cards and purchases need it. */
export interface CustomerCase {
  readonly id: string;
  readonly key: string;
  readonly storeId: string | null;
  readonly customerId: string;
  readonly status: string;
  readonly startedAt: number;
  readonly endedAt: number | null;
  /** Who closed its last step (the cashier, the advisor at hand-over). */
  readonly lastBy: string | null;
}

/** The top-level cases of customers, oldest first. */
export async function customerCases(q: Queryable, orgId: string): Promise<CustomerCase[]> {
  const r = await q.query<{ id: string; process_key: string; store_id: string | null; customer_id: string; status: string; started_at: Date; ended_at: Date | null; last_by: string | null }>(
    `SELECT c.id, c.process_key, c.store_id, c.customer_id, c.status, c.started_at, c.ended_at,
        (SELECT t.closed_by FROM tasks t WHERE t.case_id = c.id AND t.status = 'completed' AND t.closed_by <> 'system' ORDER BY t.closed_at DESC, t.id LIMIT 1) AS last_by
       FROM cases c WHERE c.org_id = $1 AND c.customer_id IS NOT NULL AND c.parent_case_id IS NULL ORDER BY c.started_at, c.id`,
    [orgId],
  );
  return r.rows.map((x) => ({
    id: x.id,
    key: x.process_key,
    storeId: x.store_id,
    customerId: x.customer_id,
    status: x.status,
    startedAt: x.started_at.getTime(),
    endedAt: x.ended_at?.getTime() ?? null,
    lastBy: x.last_by,
  }));
}

/**
 * What a finished case of each template costs the customer (yuan, lowest and highest), and how
 * often one is a sale. Only the bigger tickets: a bowl of hotpot is not kept in the archive (and
 * every purchase is a few writes on first start).
 */
const PRICES: Readonly<Record<string, { readonly lo: number; readonly hi: number; readonly p: number }>> = {
  'car-sales': { lo: 120_000, hi: 320_000, p: 0.6 },
  'car-after-sales': { lo: 300, hi: 3_500, p: 0.9 },
  'clothing-sale': { lo: 199, hi: 2_400, p: 0.8 },
  'custom-wardrobe': { lo: 15_000, hi: 45_000, p: 0.9 },
  'home-improvement-service': { lo: 60_000, hi: 180_000, p: 0.5 },
};

/** Card programmes: the template whose visits use the card, and what the card is. */
const CARDS: readonly { key: string; kind: 'balance' | 'sessions'; label: string; opening: number; price: number; per: readonly [number, number] }[] = [
  { key: 'salon-visit', kind: 'balance', label: '储值卡', opening: 150_000, price: 150_000, per: [48_000, 88_000] },
  { key: 'salon-visit', kind: 'sessions', label: '面部护理疗程卡 10 次', opening: 10, price: 398_000, per: [1, 1] },
  { key: 'car-after-sales', kind: 'sessions', label: '保养套餐 4 次', opening: 4, price: 199_900, per: [1, 1] },
  { key: 'ktv-room-visit', kind: 'balance', label: 'KTV储值卡', opening: 100_000, price: 100_000, per: [28_000, 96_000] },
  { key: 'bath-club-visit', kind: 'balance', label: '会所储值卡', opening: 100_000, price: 100_000, per: [9_800, 38_800] },
];

export interface CardsAndPurchases {
  readonly purchases: number;
  readonly cards: number;
  readonly entries: number;
}

/**
 * Purchases of finished cases, and membership cards for regulars: bought at a visit (the open
 * entry and the purchase tied to that case), used at each later visit (a consume entry tied to
 * it), topped up when it runs low — except for one salon customer who signed for going below
 * zero and now owes the difference (reception sees it; S01 settles it at the next visit).
 */
export async function writeCardsAndPurchases(tx: Tx, orgId: string, cases: readonly CustomerCase[], now: number, seed = 1): Promise<CardsAndPurchases> {
  const r = new DemoRandom(seed, 3);
  const done = cases.filter((c) => c.status === 'completed' && c.endedAt !== null && c.endedAt <= now);
  const by = (c: CustomerCase) => c.lastBy ?? 'demo-admin';
  let purchases = 0;
  let cards = 0;
  let entries = 0;
  for (const c of done) {
    const price = PRICES[c.key];
    if (price === undefined || !r.chance(price.p)) continue;
    const yuan = price.hi >= 10_000 ? Math.round(r.int(price.lo, price.hi) / 1000) * 1000 : r.int(price.lo, price.hi);
    await addPurchase(tx, orgId, c.customerId, { amountCents: yuan * 100, caseId: c.id, by: by(c) }, c.endedAt!);
    purchases++;
  }
  // Visits per customer and card template.
  const visits = new Map<string, CustomerCase[]>();
  for (const c of done) if (CARDS.some((k) => k.key === c.key)) visits.set(`${c.key}|${c.customerId}`, [...(visits.get(`${c.key}|${c.customerId}`) ?? []), c]);
  let owes = false;
  for (const [k, list] of visits) {
    const key = k.slice(0, k.indexOf('|'));
    if (list.length < 2) continue;
    const options = CARDS.filter((x) => x.key === key);
    // Regulars keep a prepaid balance; a customer on a second visit buys a course of sessions.
    const card = list.length >= 3 ? options[0]! : (options[1] ?? options[0]!);
    const first = list[0]!;
    const cardId = `demo-card-${first.customerId.slice(-4)}-${key}`;
    await openCard(tx, { id: cardId, orgId, customerId: first.customerId, kind: card.kind, label: card.label, storeId: first.storeId ?? undefined, opening: card.opening, caseId: first.id, by: by(first) }, first.endedAt!);
    await addPurchase(tx, orgId, first.customerId, { amountCents: card.price, caseId: first.id, by: by(first) }, first.endedAt!);
    cards++;
    purchases++;
    entries++;
    let balance = card.opening;
    for (const v of list.slice(1)) {
      const amount = card.per[0] === card.per[1] ? card.per[0] : r.int(card.per[0] / 100, card.per[1] / 100) * 100;
      if (balance < amount) {
        if (card.kind === 'balance' && !owes && key === 'salon-visit') {
          // She signed for it: the balance goes below zero and stays owed.
          await move(tx, orgId, cardId, { kind: 'consume', amount, caseId: v.id, by: by(v), signed: true }, v.endedAt!);
          balance -= amount;
          entries++;
          owes = true;
          break;
        }
        await move(tx, orgId, cardId, { kind: 'topup', amount: card.opening, caseId: v.id, by: by(v) }, v.endedAt!);
        await addPurchase(tx, orgId, v.customerId, { amountCents: card.kind === 'balance' ? card.opening : card.price, caseId: v.id, by: by(v) }, v.endedAt!);
        balance += card.opening;
        entries++;
        purchases++;
      }
      await move(tx, orgId, cardId, { kind: 'consume', amount, caseId: v.id, by: by(v) }, v.endedAt!);
      balance -= amount;
      entries++;
    }
  }
  return { purchases, cards, entries };
}

/** Sets the organisation's tier rules; every customer's tier is computed from them. */
export async function setDemoTierRules(tx: Tx, orgId: string): Promise<void> {
  await replaceTierRules(tx, orgId, DEMO_TIER_RULES);
}
