import type { Queryable, Tx } from '../store/db.ts';

/**
 * Membership cards: a prepaid balance (integer cents) or a package of N sessions, with an
 * append-only ledger. Every entry names the staff member and (except opening balances and
 * adjustments) the case it belongs to. A balance never goes below zero unless the customer
 * signed for it; what is below zero is the outstanding amount reception must see.
 */

export type CardKind = 'balance' | 'sessions';
export type EntryKind = 'open' | 'topup' | 'consume' | 'refund' | 'adjust';

export interface Card {
  readonly id: string;
  readonly customerId: string;
  readonly kind: CardKind;
  readonly label: string;
  readonly storeId: string | null;
  readonly balance: number;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface LedgerEntry {
  readonly seq: number;
  readonly at: string;
  readonly kind: EntryKind;
  readonly amount: number;
  readonly balanceAfter: number;
  readonly caseId: string | null;
  readonly staffId: string;
  readonly reason: string | null;
  readonly signed: boolean;
}

interface CardRow {
  id: string;
  customer_id: string;
  kind: CardKind;
  label: string;
  store_id: string | null;
  balance: string;
  created_at: Date;
  created_by: string;
}

const card = (r: CardRow): Card => ({
  id: r.id,
  customerId: r.customer_id,
  kind: r.kind,
  label: r.label,
  storeId: r.store_id,
  balance: Number(r.balance),
  createdAt: r.created_at.toISOString(),
  createdBy: r.created_by,
});

const COLS = `id, customer_id, kind, label, store_id, balance::text, created_at, created_by`;

export async function findCard(q: Queryable, orgId: string, id: string, lock = false): Promise<Card | undefined> {
  const r = await q.query<CardRow>(`SELECT ${COLS} FROM membership_cards WHERE org_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [orgId, id]);
  return r.rows[0] === undefined ? undefined : card(r.rows[0]);
}

export async function cardsOf(q: Queryable, orgId: string, customerId: string): Promise<Card[]> {
  const r = await q.query<CardRow>(`SELECT ${COLS} FROM membership_cards WHERE org_id = $1 AND customer_id = $2 ORDER BY created_at, id`, [orgId, customerId]);
  return r.rows.map(card);
}

export async function ledgerOf(q: Queryable, cardId: string): Promise<LedgerEntry[]> {
  const r = await q.query<{ seq: string; at: Date; kind: EntryKind; amount: string; balance_after: string; case_id: string | null; staff_id: string; reason: string | null; signed: boolean }>(
    `SELECT seq::text, at, kind, amount::text, balance_after::text, case_id, staff_id, reason, signed FROM card_ledger WHERE card_id = $1 ORDER BY seq`,
    [cardId],
  );
  return r.rows.map((x) => ({
    seq: Number(x.seq),
    at: x.at.toISOString(),
    kind: x.kind,
    amount: Number(x.amount),
    balanceAfter: Number(x.balance_after),
    caseId: x.case_id,
    staffId: x.staff_id,
    reason: x.reason,
    signed: x.signed,
  }));
}

export interface NewCard {
  readonly id: string;
  readonly orgId: string;
  readonly customerId: string;
  readonly kind: CardKind;
  readonly label: string;
  readonly storeId?: string;
  /** Opening balance: cents or sessions (≥ 0). */
  readonly opening: number;
  readonly caseId?: string;
  readonly by: string;
}

/** Opens a card with its opening entry. */
export async function openCard(tx: Tx, c: NewCard, now: number): Promise<Card> {
  const at = new Date(now).toISOString();
  await tx.query(`INSERT INTO membership_cards (id, org_id, customer_id, kind, label, store_id, balance, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
    c.id,
    c.orgId,
    c.customerId,
    c.kind,
    c.label,
    c.storeId ?? null,
    c.opening,
    at,
    c.by,
  ]);
  await tx.query(`INSERT INTO card_ledger (org_id, card_id, at, kind, amount, balance_after, case_id, staff_id) VALUES ($1, $2, $3, 'open', $4, $4, $5, $6)`, [c.orgId, c.id, at, c.opening, c.caseId ?? null, c.by]);
  return (await findCard(tx, c.orgId, c.id))!;
}

export interface Movement {
  readonly kind: Exclude<EntryKind, 'open'>;
  /** Positive size of the movement (cents or sessions); for adjust, signed. */
  readonly amount: number;
  readonly caseId?: string;
  readonly by: string;
  readonly reason?: string;
  /** The customer signed for the balance going below zero. */
  readonly signed?: boolean;
}

export class CardRefusal extends Error {
  constructor(
    readonly code: 'INSUFFICIENT_BALANCE',
    message: string,
    readonly balance: number,
  ) {
    super(message);
  }
}

/** The signed change a movement makes to the balance. */
export function delta(m: Pick<Movement, 'kind' | 'amount'>): number {
  return m.kind === 'topup' ? m.amount : m.kind === 'adjust' ? m.amount : -m.amount;
}

/**
 * Appends one movement under a row lock on the card. Refuses (CardRefusal) a balance below zero
 * unless signed for; a refund never goes below zero (money paid back cannot be owed).
 */
export async function move(tx: Tx, orgId: string, cardId: string, m: Movement, now: number): Promise<{ card: Card; entry: LedgerEntry }> {
  const before = (await findCard(tx, orgId, cardId, true))!;
  const after = before.balance + delta(m);
  const unit = before.kind === 'balance' ? 'cents' : 'sessions';
  if (after < 0 && (m.kind === 'refund' || m.signed !== true))
    throw new CardRefusal(
      'INSUFFICIENT_BALANCE',
      m.kind === 'refund'
        ? `the card holds ${before.balance} ${unit}: a refund of ${m.amount} cannot be paid`
        : `the card holds ${before.balance} ${unit}, ${-delta(m)} are needed; top up first, or let the customer sign for the outstanding ${-after} (signedFor: true)`,
      before.balance,
    );
  const r = await tx.query<{ seq: string }>(
    `INSERT INTO card_ledger (org_id, card_id, at, kind, amount, balance_after, case_id, staff_id, reason, signed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING seq::text`,
    [orgId, cardId, new Date(now).toISOString(), m.kind, delta(m), after, m.caseId ?? null, m.by, m.reason ?? null, after < 0],
  );
  await tx.query(`UPDATE membership_cards SET balance = $2 WHERE id = $1`, [cardId, after]);
  const entry: LedgerEntry = {
    seq: Number(r.rows[0]!.seq),
    at: new Date(now).toISOString(),
    kind: m.kind,
    amount: delta(m),
    balanceAfter: after,
    caseId: m.caseId ?? null,
    staffId: m.by,
    reason: m.reason ?? null,
    signed: after < 0,
  };
  return { card: { ...before, balance: after }, entry };
}
