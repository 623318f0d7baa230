import type { Tx } from '../../store/db.ts';

/**
 * Writes to a person's roles and access grants. Roles live in the store's `staff_roles` table
 * (duty order per store and role); a role added here goes to the END of that role's duty order,
 * so adding a person never changes who is next in the rotation.
 */

/** Replaces a staff member's work roles (store, role pairs). */
export async function replaceStaffRoles(tx: Tx, orgId: string, staffId: string, roles: readonly { storeId: string; role: string }[]): Promise<void> {
  const wanted = JSON.stringify(roles.map((r) => ({ store_id: r.storeId, role: r.role })));
  await tx.query(
    `DELETE FROM staff_roles sr WHERE sr.staff_id = $1
        AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset($2::jsonb) AS x(store_id text, role text) WHERE x.store_id = sr.store_id AND x.role = sr.role)`,
    [staffId, wanted],
  );
  await tx.query(
    `INSERT INTO staff_roles (org_id, store_id, role, staff_id, duty_order)
     SELECT $1, x.store_id, x.role, $2,
            (SELECT coalesce(max(duty_order), 0) + 1 FROM staff_roles o WHERE o.store_id = x.store_id AND o.role = x.role)
       FROM (SELECT DISTINCT store_id, role FROM jsonb_to_recordset($3::jsonb) AS y(store_id text, role text)) x
      WHERE NOT EXISTS (SELECT 1 FROM staff_roles sr WHERE sr.staff_id = $2 AND sr.store_id = x.store_id AND sr.role = x.role)`,
    [orgId, staffId, wanted],
  );
}

/** Replaces a staff member's access grants. */
export async function replaceGrants(tx: Tx, orgId: string, staffId: string, grants: readonly { level: string; storeId?: string }[]): Promise<void> {
  await tx.query(`DELETE FROM access_grants WHERE staff_id = $1`, [staffId]);
  if (grants.length === 0) return;
  await tx.query(
    `INSERT INTO access_grants (org_id, staff_id, scope, level)
     SELECT DISTINCT $1, $2, x.scope, x.level FROM jsonb_to_recordset($3::jsonb) AS x(scope text, level text)`,
    [orgId, staffId, JSON.stringify(grants.map((g) => ({ scope: g.storeId ?? '*', level: g.level })))],
  );
}

/** Active admins of the organisation other than `except` (the last admin cannot be removed). */
export async function otherActiveAdmins(tx: Tx, orgId: string, except: string): Promise<number> {
  const r = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM access_grants g JOIN staff s ON s.id = g.staff_id
      WHERE g.org_id = $1 AND g.level = 'admin' AND s.active AND g.staff_id <> $2`,
    [orgId, except],
  );
  return r.rows[0]?.n ?? 0;
}

/** Sets (or replaces) a login name and password hash. */
export async function upsertLogin(tx: Tx, orgId: string, staffId: string, login: string, hash: string, now: number): Promise<void> {
  await tx.query(
    `INSERT INTO staff_logins (staff_id, org_id, login, password_hash, password_changed_at, created_at) VALUES ($1, $2, $3, $4, $5, $5)
     ON CONFLICT (staff_id) DO UPDATE SET login = EXCLUDED.login, password_hash = EXCLUDED.password_hash, password_changed_at = EXCLUDED.password_changed_at`,
    [staffId, orgId, login, hash, new Date(now).toISOString()],
  );
}

/** True when another staff member already uses this login name. */
export async function loginTaken(tx: Tx, login: string, staffId: string): Promise<boolean> {
  return (await tx.query(`SELECT 1 FROM staff_logins WHERE lower(login) = lower($1) AND staff_id <> $2`, [login, staffId])).rows.length > 0;
}
