import { z } from 'zod';
import { isAdmin, seesStore } from '../api/policy/access.ts';
import { ApiProblem, forbidden, notFound } from '../api/problem.ts';
import { unknownStaff } from '../api/repo/directory.ts';
import { defineRoute, type RouteDef } from '../api/route.ts';
import { isoTime } from '../api/schemas/common.ts';
import { processKeySchema } from '../api/schemas/definitions.ts';

/** Which SOPs are inspections (see follow-ups.ts for what that does), and what an inspection opened. */

const settingsSchema = z
  .object({ process: z.string(), correctiveProcess: z.string(), dueHours: z.number().int(), ownerStaffId: z.string().nullable() })
  .meta({ id: 'InspectionSettings' });

const correctiveSchema = z
  .object({ step: z.string(), item: z.string(), caseId: z.string(), ownerStaffId: z.string().nullable(), dueAt: isoTime, status: z.string() })
  .meta({ id: 'CorrectiveAction' });

export const inspectionRoutes: RouteDef[] = [
  defineRoute({
    method: 'put',
    path: '/api/inspections/{process}',
    operationId: 'setInspection',
    tag: 'inspections',
    summary: 'Make an SOP an inspection: each failed required checklist item opens a corrective case (admins)',
    access: 'signedIn',
    params: z.strictObject({ process: processKeySchema }),
    body: z.strictObject({
      correctiveProcess: processKeySchema.default('corrective-action'),
      dueHours: z.number().int().min(1).max(2160).describe('Hours the owner has to fix an item'),
      ownerStaffId: z.string().min(1).max(100).nullable().optional().describe('Who gets the corrective task; default: the corrective SOP\'s role queue'),
    }),
    responses: { 200: { description: 'Saved', schema: settingsSchema } },
    async handler({ params, body, principal: p, rc }) {
      if (!isAdmin(p)) throw forbidden('only organisation admins decide which SOPs are inspections');
      return rc.write(p, async (w) => {
        const owner = body.ownerStaffId ?? null;
        if (owner !== null && (await unknownStaff(w.tx, p.orgId, [owner])).length > 0)
          throw new ApiProblem(422, 'UNKNOWN_STAFF', `there is no staff member "${owner}" in your organisation`, { issues: [{ path: 'body.ownerStaffId', message: 'unknown staff' }] });
        await w.tx.query(
          `INSERT INTO inspection_settings (org_id, process_key, corrective_process, due_hours, owner_staff_id, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (org_id, process_key) DO UPDATE SET corrective_process = EXCLUDED.corrective_process, due_hours = EXCLUDED.due_hours,
             owner_staff_id = EXCLUDED.owner_staff_id, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
          [p.orgId, params.process, body.correctiveProcess, body.dueHours, owner, p.staffId, new Date(rc.now).toISOString()],
        );
        const out = { process: params.process, correctiveProcess: body.correctiveProcess, dueHours: body.dueHours, ownerStaffId: owner };
        w.audit({ action: 'inspection.settings', targetType: 'definition', targetId: params.process, after: out });
        return { status: 200, body: out };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/inspections/{caseId}/corrective',
    operationId: 'listCorrectiveActions',
    tag: 'inspections',
    summary: 'The corrective cases an inspection case opened, one per failed item',
    access: 'signedIn',
    params: z.strictObject({ caseId: z.string().min(1).max(100) }),
    responses: { 200: { description: 'Corrective actions', schema: z.object({ items: z.array(correctiveSchema) }) } },
    async handler({ params, principal: p, rc }) {
      const db = rc.deps.store.db;
      const c = (await db.query<{ store_id: string | null }>(`SELECT store_id FROM cases WHERE org_id = $1 AND id = $2`, [p.orgId, params.caseId])).rows[0];
      if (c === undefined || !seesStore(p, c.store_id)) throw notFound('case', params.caseId);
      const r = await db.query<{ node: string; item_id: string; case_id: string; owner_staff_id: string | null; due_at: Date; status: string }>(
        `SELECT t.node, a.item_id, a.case_id, a.owner_staff_id, a.due_at, c.status
           FROM corrective_actions a JOIN tasks t ON t.id = a.task_id JOIN cases c ON c.id = a.case_id
          WHERE a.org_id = $1 AND a.inspection_case_id = $2 ORDER BY a.created_at, a.task_id, a.item_id`,
        [p.orgId, params.caseId],
      );
      return {
        status: 200,
        body: { items: r.rows.map((x) => ({ step: x.node, item: x.item_id, caseId: x.case_id, ownerStaffId: x.owner_staff_id, dueAt: x.due_at.toISOString(), status: x.status })) },
      };
    },
  }),
];
