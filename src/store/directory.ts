import { StoreError } from './errors.ts';
import { iso, json } from './values.ts';
import type { Queryable } from './db.ts';
import type { CalendarSpec } from '../calendar/spec.ts';
import type { CaseCustomer } from '../engine/types.ts';

/**
 * The directory the engine needs around a case: organisations, stores (opening hours), staff
 * and their roles per store in duty order, and customers with their owner and tier. Kept minimal:
 * the staff and customers issues extend these tables.
 */

export interface OrgInput {
  readonly id: string;
  readonly name: string;
  readonly timeZone?: string;
  /** Named calendars SOPs may refer to. */
  readonly calendars?: Readonly<Record<string, CalendarSpec>>;
}

/** Creates an organisation (a tenant). */
export async function addOrg(q: Queryable, org: OrgInput, opts: { now: number }): Promise<void> {
  await q.query(`INSERT INTO orgs (id, name, time_zone, calendars, created_at) VALUES ($1, $2, $3, $4::jsonb, $5)`, [
    org.id,
    org.name,
    org.timeZone ?? 'Asia/Shanghai',
    json(org.calendars ?? {}),
    iso(opts.now),
  ]);
}

/** Replaces an organisation's named calendars (cached arithmetic is dropped by the revision bump). */
export async function setOrgCalendars(q: Queryable, orgId: string, calendars: Readonly<Record<string, CalendarSpec>>): Promise<void> {
  const r = await q.query(`UPDATE orgs SET calendars = $2::jsonb, calendars_rev = calendars_rev + 1 WHERE id = $1`, [orgId, json(calendars)]);
  if (r.rowCount === 0) throw new StoreError('NOT_FOUND', `no organisation ${orgId}`);
}

export interface StoreInput {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly timeZone?: string;
  readonly calendar?: CalendarSpec;
}

/** Creates a store (branch, hall, workshop) of an organisation. */
export async function addStore(q: Queryable, s: StoreInput, opts: { now: number }): Promise<void> {
  await q.query(`INSERT INTO stores (id, org_id, name, time_zone, calendar, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6)`, [
    s.id,
    s.orgId,
    s.name,
    s.timeZone ?? s.calendar?.timezone ?? 'Asia/Shanghai',
    s.calendar === undefined ? null : json(s.calendar),
    iso(opts.now),
  ]);
}

/** Sets a store's opening hours. */
export async function setStoreCalendar(q: Queryable, storeId: string, calendar: CalendarSpec | null): Promise<void> {
  const r = await q.query(`UPDATE stores SET calendar = $2::jsonb, calendar_rev = calendar_rev + 1 WHERE id = $1`, [storeId, calendar === null ? null : json(calendar)]);
  if (r.rowCount === 0) throw new StoreError('NOT_FOUND', `no store ${storeId}`);
}

export interface StaffInput {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly active?: boolean;
}

/** Adds a staff member. */
export async function addStaff(q: Queryable, s: StaffInput, opts: { now: number }): Promise<void> {
  await q.query(`INSERT INTO staff (id, org_id, name, active, created_at) VALUES ($1, $2, $3, $4, $5)`, [s.id, s.orgId, s.name, s.active ?? true, iso(opts.now)]);
}

/** Marks a staff member as (in)active: inactive people get no new tasks by rotation or load. */
export async function setStaffActive(q: Queryable, staffId: string, active: boolean): Promise<void> {
  await q.query(`UPDATE staff SET active = $2 WHERE id = $1`, [staffId, active]);
}

/**
 * Sets who does a role in a store, in duty order (the order of the rotation): the list replaces
 * the previous one.
 */
export async function setRoleStaff(q: Queryable, orgId: string, storeId: string, role: string, staffInDutyOrder: readonly string[]): Promise<void> {
  // One statement (atomic without a transaction): drop who is no longer listed, upsert the rest.
  await q.query(
    `WITH x AS (SELECT staff_id, n::int AS n FROM jsonb_array_elements_text($4::jsonb) WITH ORDINALITY AS x(staff_id, n)),
          gone AS (DELETE FROM staff_roles WHERE store_id = $2 AND role = $3 AND staff_id NOT IN (SELECT staff_id FROM x))
     INSERT INTO staff_roles (org_id, store_id, role, staff_id, duty_order)
     SELECT $1, $2, $3, staff_id, n FROM x
     ON CONFLICT (store_id, role, staff_id) DO UPDATE SET duty_order = EXCLUDED.duty_order`,
    [orgId, storeId, role, JSON.stringify(staffInDutyOrder)],
  );
}

/** Staff of a role in a store, in duty order (active ones only). */
export async function roleStaff(q: Queryable, storeId: string, role: string): Promise<string[]> {
  const r = await q.query<{ staff_id: string }>(
    `SELECT sr.staff_id FROM staff_roles sr JOIN staff s ON s.id = sr.staff_id
      WHERE sr.store_id = $1 AND sr.role = $2 AND s.active ORDER BY sr.duty_order, sr.staff_id`,
    [storeId, role],
  );
  return r.rows.map((x) => x.staff_id);
}

export interface CustomerInput {
  readonly id: string;
  readonly orgId: string;
  readonly name?: string;
  readonly ownerStaffId?: string;
  readonly tier?: string;
}

/** Adds a customer (the customers issue adds the archive around it). */
export async function addCustomer(q: Queryable, c: CustomerInput, opts: { now: number }): Promise<void> {
  await q.query(`INSERT INTO customers (id, org_id, name, owner_staff_id, tier, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
    c.id,
    c.orgId,
    c.name ?? null,
    c.ownerStaffId ?? null,
    c.tier ?? null,
    iso(opts.now),
  ]);
}

/** Changes a customer's owner (account manager) and tier. */
export async function updateCustomer(q: Queryable, id: string, change: { ownerStaffId?: string | null; tier?: string | null }): Promise<void> {
  const r = await q.query(
    `UPDATE customers SET owner_staff_id = CASE WHEN $2 THEN $3 ELSE owner_staff_id END, tier = CASE WHEN $4 THEN $5 ELSE tier END WHERE id = $1`,
    [id, change.ownerStaffId !== undefined, change.ownerStaffId ?? null, change.tier !== undefined, change.tier ?? null],
  );
  if (r.rowCount === 0) throw new StoreError('NOT_FOUND', `no customer ${id}`);
}

/**
 * What a case needs to know about its customer: id, owner (customerOwner assignment), tier,
 * whether they were served before, and what they owe on prepaid cards (SOPs branch on these:
 * `customer.tier = "vip"`, `customer.returning = true`, `customer.outstandingCents > 0`).
 */
export async function caseCustomer(q: Queryable, orgId: string, customerId: string): Promise<CaseCustomer> {
  const row = (
    await q.query<{ owner_staff_id: string | null; tier: string | null; returning: boolean; owe: string }>(
      `SELECT c.owner_staff_id, c.tier,
          (EXISTS (SELECT 1 FROM cases k WHERE k.customer_id = c.id) OR EXISTS (SELECT 1 FROM membership_cards m WHERE m.customer_id = c.id)
            OR EXISTS (SELECT 1 FROM customer_purchases p WHERE p.customer_id = c.id)) AS returning,
          (SELECT coalesce(sum(-m.balance), 0)::text FROM membership_cards m WHERE m.customer_id = c.id AND m.kind = 'balance' AND m.balance < 0) AS owe
        FROM customers c WHERE c.id = $1 AND c.org_id = $2`,
      [customerId, orgId],
    )
  ).rows[0];
  if (row === undefined) throw new StoreError('NOT_FOUND', `no customer ${customerId} in organisation ${orgId}`);
  return {
    id: customerId,
    ...(row.owner_staff_id ? { ownerId: row.owner_staff_id } : {}),
    ...(row.tier ? { tier: row.tier } : {}),
    ...(row.returning ? { returning: true } : {}),
    ...(Number(row.owe) > 0 ? { outstandingCents: Number(row.owe) } : {}),
  };
}
