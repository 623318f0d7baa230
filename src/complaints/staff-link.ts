import { z } from 'zod';
import { managesStore, seesStore } from '../api/policy/access.ts';
import { ApiProblem, forbidden, notFound } from '../api/problem.ts';
import { defineRoute, type RouteDef } from '../api/route.ts';
import { idSchema } from '../api/schemas/common.ts';
import type { Principal } from '../api/auth/principal.ts';
import type { Queryable } from '../store/db.ts';

/**
 * Who a complaint is about (issue 9: the appraisal counts complaints per person, not per store).
 * A complaint that names the case it is about (`aboutCaseId`) is about the people who served
 * that case: whoever completed one of its human tasks, or holds one still open. The person filing
 * it may instead choose the staff (`staffIds`), and a manager of the store may change the choice
 * later or record whether the complaint was upheld. Every change is audited.
 *
 * Rejected: storing the people on the complaint case's data — the complaint SOP is the
 * organisation's and may validate or overwrite its variables; a table of its own also lets the
 * appraisal count with one indexed query.
 */

export type StaffSource = 'case' | 'chosen';

/** The fields filing a complaint accepts about people (added to the file body). */
export const aboutFields = {
  aboutCaseId: idSchema.optional().describe('The served case the complaint is about: it is then about the staff who served it'),
  staffIds: z.array(idSchema).min(1).max(20).optional().describe('The staff the complaint is about, chosen by the person filing it (instead of those who served aboutCaseId)'),
};

/** The staff who served a case: completed one of its human tasks, or hold one still open. */
export async function servedBy(q: Queryable, orgId: string, caseId: string): Promise<string[]> {
  const r = await q.query<{ staff_id: string }>(
    `SELECT DISTINCT s.id AS staff_id
       FROM tasks t JOIN staff s ON s.org_id = t.org_id
         AND s.id = CASE WHEN t.status = 'completed' THEN t.closed_by WHEN t.status IN ('open', 'claimed') THEN t.assignee END
      WHERE t.org_id = $1 AND t.case_id = $2
      ORDER BY s.id`,
    [orgId, caseId],
  );
  return r.rows.map((x) => x.staff_id);
}

/** Staff ids of the organisation among `ids`, to refuse unknown ones with a field path. */
async function unknownStaff(q: Queryable, orgId: string, ids: readonly string[]): Promise<string[]> {
  const known = new Set(
    (await q.query<{ id: string }>(`SELECT id FROM staff WHERE org_id = $1 AND id IN (SELECT jsonb_array_elements_text($2::jsonb))`, [orgId, JSON.stringify(ids)])).rows.map((x) => x.id),
  );
  return ids.filter((id) => !known.has(id));
}

async function checkedStaff(q: Queryable, orgId: string, ids: readonly string[], path: string): Promise<string[]> {
  const unique = [...new Set(ids)].sort();
  const unknown = await unknownStaff(q, orgId, unique);
  if (unknown.length > 0)
    throw new ApiProblem(422, 'UNKNOWN_STAFF', `there is no staff member ${unknown.map((x) => `"${x}"`).join(', ')} in your organisation`, { issues: unknown.map(() => ({ path, message: 'unknown staff member' })) });
  return unique;
}

/**
 * Works out, before the complaint is filed, who it is about: the chosen staff, or those who
 * served the named case (which the caller must be able to see). 422 for an unknown case or person.
 */
export async function complaintStaff(q: Queryable, p: Principal, about: { aboutCaseId?: string; staffIds?: readonly string[] }): Promise<{ aboutCaseId: string | null; staffIds: string[]; source: StaffSource }> {
  let aboutCaseId: string | null = null;
  if (about.aboutCaseId !== undefined) {
    const c = (await q.query<{ store_id: string | null }>(`SELECT store_id FROM cases WHERE org_id = $1 AND id = $2`, [p.orgId, about.aboutCaseId])).rows[0];
    if (c === undefined || !seesStore(p, c.store_id))
      throw new ApiProblem(422, 'UNKNOWN_CASE', `there is no case "${about.aboutCaseId}" you can see in your organisation`, { issues: [{ path: 'body.aboutCaseId', message: 'unknown case' }] });
    aboutCaseId = about.aboutCaseId;
  }
  if (about.staffIds !== undefined) return { aboutCaseId, staffIds: await checkedStaff(q, p.orgId, about.staffIds, 'body.staffIds'), source: 'chosen' };
  return { aboutCaseId, staffIds: aboutCaseId === null ? [] : await servedBy(q, p.orgId, aboutCaseId), source: 'case' };
}

/** Replaces the staff a complaint is about. */
export async function setComplaintStaff(q: Queryable, orgId: string, complaintId: string, staffIds: readonly string[], source: StaffSource): Promise<void> {
  await q.query(`DELETE FROM complaint_staff WHERE case_id = $1`, [complaintId]);
  if (staffIds.length === 0) return;
  await q.query(
    `INSERT INTO complaint_staff (case_id, org_id, staff_id, source) SELECT $1::text, $2::text, x, $4::text FROM jsonb_array_elements_text($3::jsonb) AS x`,
    [complaintId, orgId, JSON.stringify(staffIds), source],
  );
}

/** A complaint of the caller's organisation in a store they see (404 otherwise), for a manager's change (403 otherwise). */
async function managedComplaint(q: Queryable, p: Principal, caseId: string, what: string): Promise<{ storeId: string; upheld: boolean | null; staffIds: string[] }> {
  const r = (
    await q.query<{ store_id: string; upheld: boolean | null; staff_ids: string[] }>(
      `SELECT k.store_id, k.upheld, ARRAY(SELECT cs.staff_id FROM complaint_staff cs WHERE cs.case_id = k.case_id ORDER BY cs.staff_id) AS staff_ids
         FROM complaints k WHERE k.org_id = $1 AND k.case_id = $2`,
      [p.orgId, caseId],
    )
  ).rows[0];
  if (r === undefined || !seesStore(p, r.store_id)) throw notFound('complaint', caseId);
  if (!managesStore(p, r.store_id)) throw forbidden(`only managers of store ${r.store_id} (and admins, general managers) ${what}`);
  return { storeId: r.store_id, upheld: r.upheld, staffIds: r.staff_ids };
}

const params = z.strictObject({ caseId: idSchema });
const staffView = z.object({ caseId: z.string(), staffIds: z.array(z.string()), upheld: z.boolean().nullable() }).meta({ id: 'ComplaintStaff' });

export const complaintStaffRoutes: RouteDef[] = [
  defineRoute({
    method: 'put',
    path: '/api/complaints/{caseId}/staff',
    operationId: 'setComplaintStaff',
    tag: 'complaints',
    summary: 'Choose the staff a complaint is about (managers of its store); the appraisal counts it for them',
    access: 'signedIn',
    params,
    body: z.strictObject({ staffIds: z.array(idSchema).max(20) }),
    responses: { 200: { description: 'Who the complaint is about now', schema: staffView } },
    async handler({ params: { caseId }, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const before = await managedComplaint(w.tx, p, caseId, 'choose whom a complaint is about');
        const staffIds = await checkedStaff(w.tx, p.orgId, body.staffIds, 'body.staffIds');
        await setComplaintStaff(w.tx, p.orgId, caseId, staffIds, 'chosen');
        w.audit({ action: 'complaint.staff', targetType: 'case', targetId: caseId, storeId: before.storeId, before: { staffIds: before.staffIds }, after: { staffIds } });
        return { status: 200, body: { caseId, staffIds, upheld: before.upheld } };
      });
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/complaints/{caseId}/upheld',
    operationId: 'setComplaintUpheld',
    tag: 'complaints',
    summary: 'Record whether a complaint was upheld (true), not upheld (false) or is undecided (null) (managers of its store)',
    access: 'signedIn',
    params,
    body: z.strictObject({ upheld: z.boolean().nullable() }),
    responses: { 200: { description: 'The finding', schema: staffView } },
    async handler({ params: { caseId }, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const before = await managedComplaint(w.tx, p, caseId, 'decide whether a complaint is upheld');
        await w.tx.query(`UPDATE complaints SET upheld = $3 WHERE org_id = $1 AND case_id = $2`, [p.orgId, caseId, body.upheld]);
        w.audit({ action: 'complaint.upheld', targetType: 'case', targetId: caseId, storeId: before.storeId, before: { upheld: before.upheld }, after: { upheld: body.upheld } });
        return { status: 200, body: { caseId, staffIds: before.staffIds, upheld: body.upheld } };
      });
    },
  }),
];
