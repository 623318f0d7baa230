import { joinTransaction } from '../api/store-tx.ts';
import { executeCommandInTx, startCase } from '../store/cases.ts';
import { loadProcess } from '../store/definitions.ts';
import type { Store } from '../store/store.ts';

/**
 * Inspections: an inspection is a case of an SOP whose steps are checklists with pass rules
 * (S06 five-star list "all required items and 35 of 78 optional ones", S12 daily round). An
 * organisation names which SOPs are inspections and which corrective SOP follows them up; then
 * every REQUIRED item left unchecked in a completed inspection step (`onFail: record` lets the
 * inspector complete a failing step) opens one corrective case, with the deadline set here
 * (`dueHours`, given to the corrective SOP as `dueLimit`) and, when `ownerStaffId` is set, its
 * first task given to that owner.
 *
 * The follow-up runs in the worker (`runInspectionFollowUps`), once per failed item: the
 * `corrective_actions` row (primary key task + item) is written in the same transaction as the
 * corrective cases, so a second worker finds the task done.
 */

interface Failed {
  task_id: string;
  case_id: string;
  org_id: string;
  store_id: string | null;
  node: string;
  process_key: string;
  process_version: number;
  missing: string[];
  corrective_process: string;
  due_hours: number;
  owner_staff_id: string | null;
}

/** Opens the corrective cases of failed items not yet followed up. */
export async function runInspectionFollowUps(store: Store, now: number, opts: { batch?: number } = {}): Promise<{ opened: number }> {
  const rows = (
    await store.db.query<Failed>(
      `SELECT t.id AS task_id, t.case_id, t.org_id, t.store_id, t.node, c.process_key, c.process_version,
              ARRAY(SELECT jsonb_array_elements_text(t.result->'checklist'->'missingRequired')) AS missing,
              s.corrective_process, s.due_hours, s.owner_staff_id
         FROM inspection_settings s
         JOIN tasks t ON t.org_id = s.org_id AND t.process_key = s.process_key AND t.status = 'completed' AND t.closed_at >= s.updated_at
         JOIN cases c ON c.id = t.case_id
        WHERE jsonb_array_length(coalesce(t.result->'checklist'->'missingRequired', '[]'::jsonb)) > 0
          AND NOT EXISTS (SELECT 1 FROM corrective_actions a WHERE a.task_id = t.id)
        ORDER BY t.closed_at, t.id
        LIMIT $1`,
      [opts.batch ?? 100],
    )
  ).rows;
  let opened = 0;
  for (const f of rows) {
    const proc = await loadProcess(store.db, store, f.org_id, f.process_key, f.process_version);
    const node = proc.nodes[f.node];
    const items = node?.kind === 'human' ? (node.checklist?.items ?? []) : [];
    let wake = (): void => {};
    const n = await store.db.transaction(async (tx) => {
      const joined = joinTransaction(store, tx);
      let count = 0;
      for (const itemId of f.missing) {
        const claimed = await tx.query(
          `INSERT INTO corrective_actions (task_id, item_id, org_id, inspection_case_id, case_id, due_at, created_at)
           VALUES ($1, $2, $3, $4, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [f.task_id, itemId, f.org_id, f.case_id, new Date(now + f.due_hours * 3_600_000).toISOString(), new Date(now).toISOString()],
        );
        if (claimed.rowCount === 0) continue;
        const item = items.find((i) => i.id === itemId);
        const c = await startCase(
          joined.store,
          {
            orgId: f.org_id,
            process: f.corrective_process,
            storeId: f.store_id ?? undefined,
            data: { inspectionCaseId: f.case_id, inspectionStep: f.node, item: itemId, itemText: item?.text.zh ?? item?.text.en ?? itemId, dueLimit: `${f.due_hours} h` },
          },
          { now, actor: 'system' },
        );
        let owner: string | null = null;
        const first = c.state.tasks[0];
        if (first !== undefined && f.owner_staff_id !== null) {
          await executeCommandInTx(tx, joined.store, c.caseId, { type: 'reassign', taskId: first.id, to: { staffId: f.owner_staff_id }, by: 'system' }, { now, actor: 'system' });
          owner = f.owner_staff_id;
        } else owner = first?.assignee ?? null;
        await tx.query(`UPDATE corrective_actions SET case_id = $3, owner_staff_id = $4 WHERE task_id = $1 AND item_id = $2`, [f.task_id, itemId, c.caseId, owner]);
        count++;
      }
      wake = () => joined.wake();
      return count;
    });
    wake();
    opened += n;
  }
  return { opened };
}
