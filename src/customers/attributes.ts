import type { Queryable } from '../store/db.ts';

/**
 * Which free attributes are personal data. Free attributes differ per industry (skin type and
 * allergies, vehicle and mileage, assets), so an organisation's admins name the personal ones
 * (`PUT /api/customer-attributes`); a few names are personal everywhere (contact details and
 * birthdays, in English and Chinese). People who do not serve customers (auditors) see those
 * masked like phone numbers; the rest (a vehicle model, a mileage) stay readable for reports.
 *
 * Rejected: a naming rule (a prefix such as `_private.`). Attributes come from spreadsheets with
 * Chinese column names (肤质, 过敏史) and are read by tier rules by name: renaming them to mark
 * them would break both.
 */

/** Personal in every organisation, whatever it declares. */
export const BUILT_IN_PERSONAL: readonly string[] = ['email', 'address', 'birthday', 'wechat', '邮箱', '地址', '生日', '微信'];

/** The names the organisation declared (without the built-in ones). */
export async function declaredPersonal(q: Queryable, orgId: string): Promise<string[]> {
  return (await q.query<{ personal: string[] }>(`SELECT personal FROM customer_attribute_settings WHERE org_id = $1`, [orgId])).rows[0]?.personal ?? [];
}

/** Every personal attribute name of the organisation: declared and built-in. */
export async function personalAttributes(q: Queryable, orgId: string): Promise<ReadonlySet<string>> {
  return new Set([...BUILT_IN_PERSONAL, ...(await declaredPersonal(q, orgId))]);
}

export async function setDeclaredPersonal(q: Queryable, orgId: string, names: readonly string[], by: string, now: number): Promise<void> {
  await q.query(
    `INSERT INTO customer_attribute_settings (org_id, personal, updated_by, updated_at) VALUES ($1, $2::text[], $3, $4)
     ON CONFLICT (org_id) DO UPDATE SET personal = EXCLUDED.personal, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
    [orgId, [...names], by, new Date(now).toISOString()],
  );
}

/** A masked value: text keeps its first character (过敏: 乳** ), anything else becomes "***"; lists element by element. */
export function maskValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(maskValue);
  if (typeof v === 'string') return v === '' ? '' : `${[...v][0]}**`;
  if (v === null) return null;
  return '***';
}

/** The attributes with the personal ones masked; `masked` tells whether any was. */
export function maskAttributes(attrs: Readonly<Record<string, unknown>>, personal: ReadonlySet<string>): { attributes: Record<string, unknown>; masked: boolean } {
  let masked = false;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (personal.has(k) && v !== null) {
      out[k] = maskValue(v);
      masked = true;
    } else out[k] = v;
  }
  return { attributes: out, masked };
}
