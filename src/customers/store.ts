import { tierOf, type TierRule } from './tiers.ts';
import type { Queryable, Tx } from '../store/db.ts';

/**
 * The customers' archive in SQL. Personal data (name, phones, ID number, free attributes, notes)
 * lives in `customers`, `customer_phones` and `customer_notes` only; everything else refers to
 * the customer id.
 */

export interface CustomerRecord {
  readonly id: string;
  readonly name: string | null;
  readonly phones: string[];
  readonly idNumber: string | null;
  readonly attributes: Record<string, unknown>;
  readonly consent: Record<string, boolean>;
  readonly tags: string[];
  readonly tier: string | null;
  readonly tierByRule: boolean;
  readonly ownerStaffId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string | null;
  readonly erasedAt: string | null;
  readonly purchases: { readonly totalCents: number; readonly maxCents: number; readonly count: number };
  /** What the customer owes on balance cards (cents) and sessions used beyond their packages. */
  readonly outstanding: { readonly cents: number; readonly sessions: number };
}

interface Row {
  id: string;
  name: string | null;
  id_number: string | null;
  attributes: Record<string, unknown>;
  consent: Record<string, boolean>;
  tags: string[];
  tier: string | null;
  tier_by_rule: boolean;
  owner_staff_id: string | null;
  created_at: Date;
  updated_at: Date | null;
  erased_at: Date | null;
  phones: string[] | null;
  p_total: string;
  p_max: string;
  p_count: string;
  owe_cents: string;
  owe_sessions: string;
}

const SELECT = `SELECT c.id, c.name, c.id_number, c.attributes, c.consent, c.tags, c.tier, c.tier_by_rule, c.owner_staff_id, c.created_at, c.updated_at, c.erased_at,
    (SELECT array_agg(ph.phone ORDER BY ph.position) FROM customer_phones ph WHERE ph.customer_id = c.id) AS phones,
    (SELECT coalesce(sum(amount_cents), 0)::text FROM customer_purchases pu WHERE pu.customer_id = c.id) AS p_total,
    (SELECT coalesce(max(amount_cents), 0)::text FROM customer_purchases pu WHERE pu.customer_id = c.id) AS p_max,
    (SELECT count(*)::text FROM customer_purchases pu WHERE pu.customer_id = c.id) AS p_count,
    (SELECT coalesce(sum(-balance), 0)::text FROM membership_cards mc WHERE mc.customer_id = c.id AND mc.kind = 'balance' AND mc.balance < 0) AS owe_cents,
    (SELECT coalesce(sum(-balance), 0)::text FROM membership_cards mc WHERE mc.customer_id = c.id AND mc.kind = 'sessions' AND mc.balance < 0) AS owe_sessions
  FROM customers c`;

function record(r: Row): CustomerRecord {
  return {
    id: r.id,
    name: r.name,
    phones: r.phones ?? [],
    idNumber: r.id_number,
    attributes: r.attributes,
    consent: r.consent,
    tags: r.tags,
    tier: r.tier,
    tierByRule: r.tier_by_rule,
    ownerStaffId: r.owner_staff_id,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at?.toISOString() ?? null,
    erasedAt: r.erased_at?.toISOString() ?? null,
    purchases: { totalCents: Number(r.p_total), maxCents: Number(r.p_max), count: Number(r.p_count) },
    outstanding: { cents: Number(r.owe_cents), sessions: Number(r.owe_sessions) },
  };
}

/** One customer of the organisation, or undefined. */
export async function loadCustomer(q: Queryable, orgId: string, id: string, opts: { lock?: boolean } = {}): Promise<CustomerRecord | undefined> {
  if (opts.lock === true) await q.query(`SELECT 1 FROM customers WHERE org_id = $1 AND id = $2 FOR UPDATE`, [orgId, id]);
  const r = (await q.query<Row>(`${SELECT} WHERE c.org_id = $1 AND c.id = $2`, [orgId, id])).rows[0];
  return r === undefined ? undefined : record(r);
}

export interface CustomerFilter {
  /** A part of the name, or of a phone number (digits). */
  readonly q?: string;
  readonly tag?: string;
  readonly tier?: string;
  readonly ownerStaffId?: string;
}

/** A page of customers by id (erased ones left out), `limit` rows after `after`. */
export async function listCustomers(q: Queryable, orgId: string, f: CustomerFilter, after: string | undefined, limit: number): Promise<CustomerRecord[]> {
  const where = ['c.org_id = $1', 'c.erased_at IS NULL'];
  const args: unknown[] = [orgId];
  const arg = (v: unknown) => `$${args.push(v)}`;
  if (f.q !== undefined) {
    const digits = f.q.replace(/\D/g, '');
    const like = arg(`%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    where.push(
      digits.length >= 3
        ? `(c.name ILIKE ${like} OR EXISTS (SELECT 1 FROM customer_phones ph WHERE ph.customer_id = c.id AND ph.phone LIKE ${arg(`%${digits}%`)}))`
        : `c.name ILIKE ${like}`,
    );
  }
  if (f.tag !== undefined) where.push(`${arg(f.tag)} = ANY (c.tags)`);
  if (f.tier !== undefined) where.push(`c.tier = ${arg(f.tier)}`);
  if (f.ownerStaffId !== undefined) where.push(`c.owner_staff_id = ${arg(f.ownerStaffId)}`);
  if (after !== undefined) where.push(`c.id > ${arg(after)}`);
  const rows = await q.query<Row>(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY c.id LIMIT ${arg(limit)}`, args);
  return rows.rows.map(record);
}

/** Customers (not erased, not `exceptId`) already holding any of these normalised phones. */
export async function phoneOwners(q: Queryable, orgId: string, phones: readonly string[], exceptId?: string): Promise<{ customerId: string; phone: string }[]> {
  if (phones.length === 0) return [];
  const r = await q.query<{ customer_id: string; phone: string }>(
    `SELECT ph.customer_id, ph.phone FROM customer_phones ph JOIN customers c ON c.id = ph.customer_id
      WHERE ph.org_id = $1 AND ph.phone = ANY ($2::text[]) AND c.erased_at IS NULL AND ph.customer_id <> $3 ORDER BY ph.customer_id`,
    [orgId, phones, exceptId ?? ''],
  );
  return r.rows.map((x) => ({ customerId: x.customer_id, phone: x.phone }));
}

export interface NewCustomer {
  readonly id: string;
  readonly orgId: string;
  readonly name?: string;
  readonly phones?: readonly string[];
  readonly idNumber?: string;
  readonly attributes?: Record<string, unknown>;
  readonly consent?: Record<string, boolean>;
  readonly tags?: readonly string[];
  readonly tier?: string;
  readonly ownerStaffId?: string;
}

/** Inserts a customer with phones (already normalised); the tier is then set by the rules if any. */
export async function insertCustomer(tx: Tx, c: NewCustomer, now: number): Promise<void> {
  await tx.query(
    `INSERT INTO customers (id, org_id, name, owner_staff_id, tier, created_at, id_number, attributes, consent, tags, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10::text[], $6)`,
    [c.id, c.orgId, c.name ?? null, c.ownerStaffId ?? null, c.tier ?? null, new Date(now).toISOString(), c.idNumber ?? null, JSON.stringify(c.attributes ?? {}), JSON.stringify(c.consent ?? {}), [...(c.tags ?? [])]],
  );
  await setPhones(tx, c.orgId, c.id, c.phones ?? []);
  await applyTierRules(tx, c.orgId, c.id);
}

/** Replaces a customer's phone numbers. */
export async function setPhones(tx: Tx, orgId: string, id: string, phones: readonly string[]): Promise<void> {
  await tx.query(`DELETE FROM customer_phones WHERE customer_id = $1`, [id]);
  for (const [i, p] of phones.entries()) await tx.query(`INSERT INTO customer_phones (customer_id, org_id, position, phone) VALUES ($1, $2, $3, $4)`, [id, orgId, i, p]);
}

export interface CustomerChange {
  readonly name?: string | null;
  readonly phones?: readonly string[];
  readonly idNumber?: string | null;
  readonly attributes?: Record<string, unknown>;
  readonly consent?: Record<string, boolean>;
  readonly tags?: readonly string[];
  readonly tier?: string | null;
  readonly ownerStaffId?: string | null;
}

/** Applies a change; then the tier rules run again (data changed). */
export async function changeCustomer(tx: Tx, orgId: string, id: string, ch: CustomerChange, now: number): Promise<void> {
  const sets: string[] = ['updated_at = $3'];
  const args: unknown[] = [orgId, id, new Date(now).toISOString()];
  const set = (col: string, v: unknown, cast = '') => sets.push(`${col} = $${args.push(v)}${cast}`);
  if (ch.name !== undefined) set('name', ch.name);
  if (ch.idNumber !== undefined) set('id_number', ch.idNumber);
  if (ch.attributes !== undefined) set('attributes', JSON.stringify(ch.attributes), '::jsonb');
  if (ch.consent !== undefined) set('consent', JSON.stringify(ch.consent), '::jsonb');
  if (ch.tags !== undefined) set('tags', [...ch.tags], '::text[]');
  if (ch.tier !== undefined) set('tier', ch.tier);
  if (ch.ownerStaffId !== undefined) set('owner_staff_id', ch.ownerStaffId);
  await tx.query(`UPDATE customers SET ${sets.join(', ')} WHERE org_id = $1 AND id = $2`, args);
  if (ch.phones !== undefined) await setPhones(tx, orgId, id, ch.phones);
  await applyTierRules(tx, orgId, id);
}

/** The organisation's tier rules in order. */
export async function tierRules(q: Queryable, orgId: string): Promise<TierRule[]> {
  const r = await q.query<{ tier: string; condition: string }>(`SELECT tier, condition FROM customer_tier_rules WHERE org_id = $1 ORDER BY position`, [orgId]);
  return r.rows.map((x) => ({ tier: x.tier, when: x.condition }));
}

/** Replaces the rules and re-evaluates every customer; returns how many tiers changed. */
export async function replaceTierRules(tx: Tx, orgId: string, rules: readonly TierRule[]): Promise<number> {
  await tx.query(`DELETE FROM customer_tier_rules WHERE org_id = $1`, [orgId]);
  for (const [i, r] of rules.entries()) await tx.query(`INSERT INTO customer_tier_rules (org_id, position, tier, condition) VALUES ($1, $2, $3, $4)`, [orgId, i, r.tier, r.when]);
  const ids = await tx.query<{ id: string }>(`SELECT id FROM customers WHERE org_id = $1 AND erased_at IS NULL ORDER BY id`, [orgId]);
  let changed = 0;
  for (const { id } of ids.rows) if ((await applyTierRules(tx, orgId, id, rules)) !== undefined) changed++;
  return changed;
}

/**
 * Runs the organisation's tier rules for one customer (when it has rules) and stores the result.
 * Returns the change `{ before, after }`, or undefined when the tier stayed.
 */
export async function applyTierRules(tx: Tx, orgId: string, id: string, rules?: readonly TierRule[]): Promise<{ before: string | null; after: string | null } | undefined> {
  const rs = rules ?? (await tierRules(tx, orgId));
  if (rs.length === 0) {
    await tx.query(`UPDATE customers SET tier_by_rule = false WHERE org_id = $1 AND id = $2 AND tier_by_rule`, [orgId, id]);
    return undefined;
  }
  const c = await loadCustomer(tx, orgId, id);
  if (c === undefined || c.erasedAt !== null) return undefined;
  const tier = tierOf(rs, { attributes: c.attributes, tags: c.tags, consent: c.consent, purchaseTotalCents: c.purchases.totalCents, purchaseMaxCents: c.purchases.maxCents, purchaseCount: c.purchases.count });
  await tx.query(`UPDATE customers SET tier = $3, tier_by_rule = true WHERE org_id = $1 AND id = $2`, [orgId, id, tier]);
  return tier === c.tier ? undefined : { before: c.tier, after: tier };
}

/** Records a purchase and re-evaluates the tier. */
export async function addPurchase(tx: Tx, orgId: string, customerId: string, p: { amountCents: number; caseId?: string; by: string }, now: number) {
  const r = await tx.query<{ id: string }>(`INSERT INTO customer_purchases (customer_id, org_id, amount_cents, at, case_id, by_staff) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text`, [
    customerId,
    orgId,
    p.amountCents,
    new Date(now).toISOString(),
    p.caseId ?? null,
    p.by,
  ]);
  const tier = await applyTierRules(tx, orgId, customerId);
  return { id: r.rows[0]!.id, tierChange: tier };
}

export interface Note {
  readonly id: string;
  readonly at: string;
  readonly by: string;
  readonly text: string;
}

export async function addNote(tx: Tx, orgId: string, customerId: string, by: string, text: string, now: number): Promise<Note> {
  const r = await tx.query<{ id: string }>(`INSERT INTO customer_notes (customer_id, org_id, at, by_staff, text) VALUES ($1, $2, $3, $4, $5) RETURNING id::text`, [customerId, orgId, new Date(now).toISOString(), by, text]);
  return { id: r.rows[0]!.id, at: new Date(now).toISOString(), by, text };
}

export async function listNotes(q: Queryable, customerId: string): Promise<Note[]> {
  const r = await q.query<{ id: string; at: Date; by_staff: string; text: string }>(`SELECT id::text, at, by_staff, text FROM customer_notes WHERE customer_id = $1 ORDER BY id`, [customerId]);
  return r.rows.map((x) => ({ id: x.id, at: x.at.toISOString(), by: x.by_staff, text: x.text }));
}

export interface CaseOfCustomer {
  readonly id: string;
  readonly process: string;
  readonly version: number;
  readonly storeId: string | null;
  readonly status: string;
  readonly startedAt: string;
  readonly endedAt: string | null;
}

/** The customer's cases in the given stores ('all' = every store), newest first. */
export async function casesOfCustomer(q: Queryable, orgId: string, customerId: string, stores: 'all' | readonly string[]): Promise<CaseOfCustomer[]> {
  const r = await q.query<{ id: string; process_key: string; process_version: number; store_id: string | null; status: string; started_at: Date; ended_at: Date | null }>(
    `SELECT id, process_key, process_version, store_id, status, started_at, ended_at FROM cases
      WHERE org_id = $1 AND customer_id = $2 AND ($3::boolean OR store_id = ANY ($4::text[])) ORDER BY started_at DESC, id LIMIT 500`,
    [orgId, customerId, stores === 'all', stores === 'all' ? [] : [...stores]],
  );
  return r.rows.map((x) => ({ id: x.id, process: x.process_key, version: x.process_version, storeId: x.store_id, status: x.status, startedAt: x.started_at.toISOString(), endedAt: x.ended_at?.toISOString() ?? null }));
}

export async function purchasesOf(q: Queryable, customerId: string) {
  const r = await q.query<{ id: string; amount_cents: string; at: Date; case_id: string | null; by_staff: string }>(`SELECT id::text, amount_cents::text, at, case_id, by_staff FROM customer_purchases WHERE customer_id = $1 ORDER BY id`, [customerId]);
  return r.rows.map((x) => ({ id: x.id, amountCents: Number(x.amount_cents), at: x.at.toISOString(), caseId: x.case_id, by: x.by_staff }));
}

const ERASED = '[erased]';

/** The value with every string that holds one of the secrets (a phone matched on its digits) replaced. */
function scrub(v: unknown, name: string | null, phones: readonly string[]): unknown {
  if (typeof v === 'string') {
    const digits = v.replace(/\D/g, '');
    const hit = (name !== null && name.length > 0 && v.includes(name)) || phones.some((p) => digits.includes(p));
    return hit ? ERASED : v;
  }
  if (Array.isArray(v)) return v.map((x) => scrub(x, name, phones));
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrub(x, name, phones)]));
  return v;
}

/** Form field types whose values are free text written by or about the person served. */
const FREE_TEXT_FIELDS: ReadonlySet<string> = new Set(['text', 'longText', 'phone', 'signature']);
/** Case data a complaint keeps through an erasure: the category its weekly report counts by. */
const COMPLAINT_KEEPS: ReadonlySet<string> = new Set(['severity']);

interface FormFieldLike {
  readonly id: string;
  readonly type: string;
  readonly variable?: string;
}

/** Free-text form fields of an SOP version: field id (in task results) and case variable. */
function freeTextFields(nodes: Record<string, { form?: readonly FormFieldLike[] }> | null): { field: string; variable: string }[] {
  const out: { field: string; variable: string }[] = [];
  for (const n of Object.values(nodes ?? {})) for (const f of n.form ?? []) if (FREE_TEXT_FIELDS.has(f.type)) out.push({ field: f.id, variable: f.variable ?? f.id });
  return out;
}

const eraseKeys = (o: unknown, keys: Iterable<string>): unknown => {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return o;
  const copy: Record<string, unknown> = { ...(o as Record<string, unknown>) };
  for (const k of keys) if (typeof copy[k] === 'string' && copy[k] !== '') copy[k] = ERASED;
  return copy;
};

/**
 * The customer's cases may hold the name or a phone number in their data and in completed forms
 * (a salon SOP asks the customer's name at the door): those values are replaced. So are the
 * values of free-text form fields (text, long text, phone, signature: what the customer said or
 * what staff wrote about them) and, in the customer's complaints, every text of the case data
 * but the severity (the complaint's description, location…) and the subject.
 */
async function scrubCases(tx: Tx, orgId: string, id: string, c: CustomerRecord): Promise<void> {
  const cases = await tx.query<{ id: string; state: { data?: Record<string, unknown> } & Record<string, unknown>; nodes: Record<string, { form?: FormFieldLike[] }> | null; complaint: boolean }>(
    `SELECT c.id, c.state, d.compiled->'nodes' AS nodes, EXISTS (SELECT 1 FROM complaints k WHERE k.case_id = c.id) AS complaint
       FROM cases c LEFT JOIN definitions d ON d.org_id = c.org_id AND d.key = c.process_key AND d.version = c.process_version
      WHERE c.org_id = $1 AND c.customer_id = $2 ORDER BY c.id FOR UPDATE OF c`,
    [orgId, id],
  );
  for (const k of cases.rows) {
    const fields = freeTextFields(k.nodes);
    let state = scrub(k.state, c.name, c.phones) as typeof k.state;
    if (state.data !== undefined) {
      const keys = new Set(fields.map((f) => f.variable));
      if (k.complaint) for (const [key, v] of Object.entries(state.data)) if (typeof v === 'string' && !COMPLAINT_KEEPS.has(key)) keys.add(key);
      state = { ...state, data: eraseKeys(state.data, keys) as Record<string, unknown> };
    }
    if (JSON.stringify(state) !== JSON.stringify(k.state)) await tx.query(`UPDATE cases SET state = $2::jsonb WHERE id = $1`, [k.id, JSON.stringify(state)]);
    const tasks = await tx.query<{ id: string; result: { form?: unknown } | null }>(`SELECT id, result FROM tasks WHERE case_id = $1 AND result IS NOT NULL`, [k.id]);
    for (const t of tasks.rows) {
      let result = scrub(t.result, c.name, c.phones) as { form?: unknown } | null;
      if (result !== null && typeof result === 'object' && result.form !== undefined) result = { ...result, form: eraseKeys(result.form, fields.map((f) => f.field)) };
      if (JSON.stringify(result) !== JSON.stringify(t.result)) await tx.query(`UPDATE tasks SET result = $2::jsonb WHERE id = $1`, [t.id, JSON.stringify(result)]);
    }
  }
  // Staff comments on the customer's cases (who commented, and when, stays).
  await tx.query(`UPDATE case_comments SET body = $3 WHERE org_id = $1 AND body <> $3 AND case_id IN (SELECT id FROM cases WHERE org_id = $1 AND customer_id = $2)`, [orgId, id, ERASED]);
  // What the customer wrote in surveys, a complaint's subject, and a gateway's error that may echo their address.
  await tx.query(`UPDATE survey_responses SET comment = NULL WHERE org_id = $1 AND comment IS NOT NULL AND case_id IN (SELECT id FROM cases WHERE org_id = $1 AND customer_id = $2)`, [orgId, id]);
  await tx.query(`UPDATE complaints SET subject = $3 WHERE org_id = $1 AND customer_id = $2`, [orgId, id, ERASED]);
  await tx.query(`UPDATE survey_invitations SET last_error = NULL WHERE org_id = $1 AND last_error IS NOT NULL AND case_id IN (SELECT id FROM cases WHERE org_id = $1 AND customer_id = $2)`, [orgId, id]);
}

/**
 * Erases a customer's personal data (personal-information law): name, phones, ID number, free
 * attributes, consent, tags and notes go; the id, tier, owner, purchases, cards and cases stay,
 * pointing at an anonymous record. Values in the customer's cases (case data, completed forms)
 * that hold the name or a phone number, free-text form values, complaint texts and survey
 * comments are replaced by "[erased]" (comments: removed). Stored API answers
 * (idempotency records) that mention the customer are dropped too, since they may echo the name.
 */
export async function eraseCustomer(tx: Tx, orgId: string, id: string, now: number): Promise<void> {
  const before = await loadCustomer(tx, orgId, id);
  if (before !== undefined) await scrubCases(tx, orgId, id, before);
  await tx.query(`DELETE FROM customer_phones WHERE customer_id = $1`, [id]);
  await tx.query(`DELETE FROM customer_notes WHERE customer_id = $1`, [id]);
  await tx.query(
    `UPDATE customers SET name = NULL, id_number = NULL, attributes = '{}', consent = '{}', tags = '{}', erased_at = $3, updated_at = $3 WHERE org_id = $1 AND id = $2`,
    [orgId, id, new Date(now).toISOString()],
  );
  await tx.query(`DELETE FROM idempotency_keys WHERE org_id = $1 AND strpos(response::text, $2) > 0`, [orgId, JSON.stringify(id)]);
}
