import { iso } from '../../store/values.ts';
import { appraisalRulesSchema, EMPTY_RULES, type AppraisalRules } from './rules.ts';
import { computeSheets, type AppraisalSheet } from './compute.ts';
import type { Queryable } from '../../store/db.ts';
import type { Period } from './commission.ts';

/** Stored rules, base bonuses and appraisal sheets. */

export async function getRules(db: Queryable, orgId: string): Promise<AppraisalRules> {
  const r = await db.query<{ rules: unknown }>(`SELECT rules FROM staff_appraisal_rules WHERE org_id = $1`, [orgId]);
  return r.rows[0] === undefined ? EMPTY_RULES : appraisalRulesSchema.parse(r.rows[0].rules);
}

export async function putRules(db: Queryable, orgId: string, rules: AppraisalRules, by: string, now: number): Promise<void> {
  await db.query(
    `INSERT INTO staff_appraisal_rules (org_id, rules, updated_by, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (org_id) DO UPDATE SET rules = EXCLUDED.rules, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
    [orgId, JSON.stringify(rules), by, iso(now)],
  );
}

export async function baseBonuses(db: Queryable, orgId: string): Promise<Map<string, number>> {
  const r = await db.query<{ staff_id: string; amount: string }>(`SELECT staff_id, amount FROM staff_base_bonus WHERE org_id = $1`, [orgId]);
  return new Map(r.rows.map((x) => [x.staff_id, Number(x.amount)]));
}

export async function setBaseBonus(db: Queryable, orgId: string, staffId: string, amount: number): Promise<number | null> {
  const before = (await db.query<{ amount: string }>(`SELECT amount FROM staff_base_bonus WHERE org_id = $1 AND staff_id = $2`, [orgId, staffId])).rows[0];
  await db.query(`INSERT INTO staff_base_bonus (org_id, staff_id, amount) VALUES ($1, $2, $3) ON CONFLICT (org_id, staff_id) DO UPDATE SET amount = EXCLUDED.amount`, [orgId, staffId, amount]);
  return before === undefined ? null : Number(before.amount);
}

export interface StoredSheet {
  readonly id: string;
  readonly status: 'draft' | 'signed';
  readonly signedBy: string | null;
  readonly signedAt: string | null;
  readonly computedAt: string;
  readonly sheet: AppraisalSheet;
}

interface SheetDbRow {
  id: string;
  staff_id: string;
  store_id: string | null;
  sheet: AppraisalSheet;
  status: 'draft' | 'signed';
  signed_by: string | null;
  signed_at: Date | null;
  computed_at: Date;
  supervisor_score: string | null;
}

const stored = (r: SheetDbRow): StoredSheet => ({
  id: r.id,
  status: r.status,
  signedBy: r.signed_by,
  signedAt: r.signed_at === null ? null : new Date(r.signed_at).toISOString(),
  computedAt: new Date(r.computed_at).toISOString(),
  sheet: r.sheet,
});

export async function getSheet(db: Queryable, orgId: string, id: string): Promise<StoredSheet | undefined> {
  const r = await db.query<SheetDbRow>(`SELECT * FROM staff_appraisals WHERE org_id = $1 AND id = $2`, [orgId, id]);
  return r.rows[0] === undefined ? undefined : stored(r.rows[0]);
}

export async function listSheets(db: Queryable, orgId: string, period: Period): Promise<StoredSheet[]> {
  const r = await db.query<SheetDbRow>(`SELECT * FROM staff_appraisals WHERE org_id = $1 AND period_from = $2 AND period_to = $3 ORDER BY staff_id`, [orgId, iso(period.from), iso(period.to)]);
  return r.rows.map(stored);
}

/**
 * Computes the period's sheets and stores them: drafts are replaced, signed sheets are kept as
 * signed (a signed-off sheet never changes). Supervisor scores already given are kept.
 * Returns the ids written and the ids left alone because signed.
 */
export async function computeAndStore(db: Queryable, orgId: string, period: Period, newId: () => string, now: number, only?: string): Promise<{ written: string[]; signed: string[] }> {
  const existing = await db.query<{ id: string; staff_id: string; status: string; supervisor_score: string | null }>(
    `SELECT id, staff_id, status, supervisor_score FROM staff_appraisals WHERE org_id = $1 AND period_from = $2 AND period_to = $3`,
    [orgId, iso(period.from), iso(period.to)],
  );
  const by = new Map(existing.rows.map((x) => [x.staff_id, x]));
  const scores = new Map(existing.rows.filter((x) => x.supervisor_score !== null).map((x) => [x.staff_id, Number(x.supervisor_score)]));
  const sheets = await computeSheets(db, { orgId, period, rules: await getRules(db, orgId), baseBonus: await baseBonuses(db, orgId), supervisorScores: scores });
  const written: string[] = [];
  const signed: string[] = [];
  for (const s of sheets) {
    if (only !== undefined && s.staffId !== only) continue;
    const old = by.get(s.staffId);
    if (old?.status === 'signed') {
      signed.push(old.id);
      continue;
    }
    const id = old?.id ?? newId();
    await db.query(
      `INSERT INTO staff_appraisals (id, org_id, staff_id, store_id, period_from, period_to, sheet, supervisor_score, total, status, computed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10)
       ON CONFLICT (org_id, staff_id, period_from, period_to) DO UPDATE SET sheet = EXCLUDED.sheet, store_id = EXCLUDED.store_id, total = EXCLUDED.total, computed_at = EXCLUDED.computed_at`,
      [id, orgId, s.staffId, s.storeId, iso(period.from), iso(period.to), JSON.stringify(s), s.supervisorScore, s.total, iso(now)],
    );
    written.push(id);
  }
  return { written, signed };
}

export async function setSupervisorScore(db: Queryable, orgId: string, id: string, score: number): Promise<void> {
  await db.query(`UPDATE staff_appraisals SET supervisor_score = $3 WHERE org_id = $1 AND id = $2`, [orgId, id, score]);
}

export async function signSheet(db: Queryable, orgId: string, id: string, by: string, now: number): Promise<void> {
  await db.query(`UPDATE staff_appraisals SET status = 'signed', signed_by = $3, signed_at = $4 WHERE org_id = $1 AND id = $2 AND status = 'draft'`, [orgId, id, by, iso(now)]);
}
