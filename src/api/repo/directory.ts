import type { Queryable } from '../../store/db.ts';
import type { z } from 'zod';
import type { orgSchema, staffSchema, storeSchema } from '../schemas/directory.ts';

/**
 * Reads of the directory (organisations, stores, staff) shaped for the API. Every query takes
 * the caller's organisation and filters on it: an id of another organisation finds nothing.
 */

export type OrgView = z.infer<typeof orgSchema>;
export type StoreView = z.infer<typeof storeSchema>;
export type StaffView = z.infer<typeof staffSchema>;

/** The organisation (undefined if it does not exist). */
export async function findOrg(q: Queryable, orgId: string): Promise<OrgView | undefined> {
  const row = (await q.query<{ id: string; name: string; time_zone: string; calendars: Record<string, unknown>; created_at: Date }>(
    `SELECT id, name, time_zone, calendars, created_at FROM orgs WHERE id = $1`,
    [orgId],
  )).rows[0];
  return row === undefined ? undefined : { id: row.id, name: row.name, timeZone: row.time_zone, calendars: row.calendars, createdAt: row.created_at.toISOString() };
}

interface StoreRow {
  id: string;
  name: string;
  time_zone: string;
  calendar: unknown;
  created_at: Date;
}
const storeView = (r: StoreRow): StoreView => ({ id: r.id, name: r.name, timeZone: r.time_zone, calendar: r.calendar ?? null, createdAt: r.created_at.toISOString() });

/** Stores of the organisation, by id (optionally only those in `only`). */
export async function listStores(q: Queryable, orgId: string, only: 'all' | readonly string[], after: string | undefined, limit: number): Promise<StoreView[]> {
  const r = await q.query<StoreRow>(
    `SELECT id, name, time_zone, calendar, created_at FROM stores
      WHERE org_id = $1 AND ($2::jsonb IS NULL OR id IN (SELECT jsonb_array_elements_text($2::jsonb))) AND ($3::text IS NULL OR id > $3)
      ORDER BY id LIMIT $4`,
    [orgId, only === 'all' ? null : JSON.stringify(only), after ?? null, limit],
  );
  return r.rows.map(storeView);
}

/** One store of the organisation. */
export async function findStore(q: Queryable, orgId: string, storeId: string): Promise<StoreView | undefined> {
  const row = (await q.query<StoreRow>(`SELECT id, name, time_zone, calendar, created_at FROM stores WHERE org_id = $1 AND id = $2`, [orgId, storeId])).rows[0];
  return row === undefined ? undefined : storeView(row);
}

/** Which of these store ids are NOT stores of the organisation. */
export async function unknownStores(q: Queryable, orgId: string, storeIds: readonly string[]): Promise<string[]> {
  if (storeIds.length === 0) return [];
  const r = await q.query<{ id: string }>(`SELECT id FROM stores WHERE org_id = $1 AND id IN (SELECT jsonb_array_elements_text($2::jsonb))`, [orgId, JSON.stringify(storeIds)]);
  const known = new Set(r.rows.map((x) => x.id));
  return [...new Set(storeIds)].filter((s) => !known.has(s));
}

/** Which of these staff ids are NOT staff of the organisation. */
export async function unknownStaff(q: Queryable, orgId: string, staffIds: readonly string[]): Promise<string[]> {
  if (staffIds.length === 0) return [];
  const r = await q.query<{ id: string }>(`SELECT id FROM staff WHERE org_id = $1 AND id IN (SELECT jsonb_array_elements_text($2::jsonb))`, [orgId, JSON.stringify(staffIds)]);
  const known = new Set(r.rows.map((x) => x.id));
  return [...new Set(staffIds)].filter((s) => !known.has(s));
}

const STAFF_SELECT = `SELECT st.id, st.name, st.active, st.created_at, l.login,
    (SELECT coalesce(json_agg(json_build_object('storeId', sr.store_id, 'role', sr.role) ORDER BY sr.store_id, sr.role), '[]'::json)
       FROM staff_roles sr WHERE sr.staff_id = st.id) AS roles,
    (SELECT coalesce(json_agg(json_build_array(g.scope, g.level) ORDER BY g.scope, g.level), '[]'::json)
       FROM access_grants g WHERE g.staff_id = st.id) AS grants
  FROM staff st LEFT JOIN staff_logins l ON l.staff_id = st.id`;

interface StaffRow {
  id: string;
  name: string;
  active: boolean;
  created_at: Date;
  login: string | null;
  roles: { storeId: string; role: string }[];
  grants: [string, 'admin' | 'manager' | 'auditor'][];
}

const staffView = (r: StaffRow): StaffView => ({
  id: r.id,
  name: r.name,
  active: r.active,
  login: r.login,
  roles: r.roles,
  access: r.grants.map(([scope, level]) => (scope === '*' ? { level } : { level, storeId: scope })),
  createdAt: r.created_at.toISOString(),
});

/** One staff member of the organisation, with roles and access. */
export async function findStaff(q: Queryable, orgId: string, staffId: string): Promise<StaffView | undefined> {
  const row = (await q.query<StaffRow>(`${STAFF_SELECT} WHERE st.org_id = $1 AND st.id = $2`, [orgId, staffId])).rows[0];
  return row === undefined ? undefined : staffView(row);
}

export interface StaffFilter {
  /** Only staff holding a role or a grant in one of these stores ('all' = everyone). */
  readonly stores: 'all' | readonly string[];
  /** …plus this person (callers always see themselves). */
  readonly self: string;
  readonly storeId?: string;
  readonly role?: string;
  readonly active?: boolean;
}

/** Staff of the organisation, by id, filtered. */
export async function listStaff(q: Queryable, orgId: string, f: StaffFilter, after: string | undefined, limit: number): Promise<StaffView[]> {
  const r = await q.query<StaffRow>(
    `${STAFF_SELECT}
      WHERE st.org_id = $1
        AND ($2::jsonb IS NULL OR st.id = $3 OR EXISTS (SELECT 1 FROM staff_roles sr WHERE sr.staff_id = st.id AND sr.store_id IN (SELECT jsonb_array_elements_text($2::jsonb)))
             OR EXISTS (SELECT 1 FROM access_grants g WHERE g.staff_id = st.id AND g.scope IN (SELECT jsonb_array_elements_text($2::jsonb))))
        AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM staff_roles sr WHERE sr.staff_id = st.id AND sr.store_id = $4 AND ($5::text IS NULL OR sr.role = $5)))
        AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM staff_roles sr WHERE sr.staff_id = st.id AND sr.role = $5))
        AND ($6::boolean IS NULL OR st.active = $6)
        AND ($7::text IS NULL OR st.id > $7)
      ORDER BY st.id LIMIT $8`,
    [orgId, f.stores === 'all' ? null : JSON.stringify(f.stores), f.self, f.storeId ?? null, f.role ?? null, f.active ?? null, after ?? null, limit],
  );
  return r.rows.map(staffView);
}

/** Stores where a staff member holds a role or a store-scoped grant. */
export async function storesOfStaff(q: Queryable, staffId: string): Promise<string[]> {
  const r = await q.query<{ s: string }>(
    `SELECT store_id AS s FROM staff_roles WHERE staff_id = $1 UNION SELECT scope AS s FROM access_grants WHERE staff_id = $1 AND scope <> '*'`,
    [staffId],
  );
  return r.rows.map((x) => x.s);
}
