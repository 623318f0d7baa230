import { iso } from './values.ts';
import { certifiedOnly } from '../staff/certification/assign-filter.ts';
import type { Tx } from './db.ts';
import type { CompiledProcess } from '../model/types.ts';

/**
 * Picks the person for a rotation or least-loaded task among the active staff holding the role
 * in the case's store (organisation-wide when the case has no store). Runs inside the command's
 * transaction, so the rotation pointer moves exactly when the assignment commits.
 */

export interface AssignScope {
  readonly orgId: string;
  readonly storeId: string | null;
}

async function candidates(tx: Tx, scope: AssignScope, role: string): Promise<string[]> {
  const r =
    scope.storeId === null
      ? await tx.query<{ staff_id: string }>(
          `SELECT sr.staff_id FROM staff_roles sr JOIN staff s ON s.id = sr.staff_id
            WHERE sr.org_id = $1 AND sr.role = $2 AND s.active
            GROUP BY sr.staff_id ORDER BY min(sr.duty_order), sr.staff_id`,
          [scope.orgId, role],
        )
      : await tx.query<{ staff_id: string }>(
          `SELECT sr.staff_id FROM staff_roles sr JOIN staff s ON s.id = sr.staff_id
            WHERE sr.store_id = $1 AND sr.role = $2 AND s.active ORDER BY sr.duty_order, sr.staff_id`,
          [scope.storeId, role],
        );
  return r.rows.map((x) => x.staff_id);
}

/**
 * Duty rotation (轮流接待): the person after the last one served, in duty order. The pointer row
 * is upserted first, which locks it: two cases assigning the same role at once take turns
 * instead of both reading the same pointer.
 */
async function byRotation(tx: Tx, scope: AssignScope, role: string, people: readonly string[], now: number): Promise<string> {
  const key = scope.storeId ?? '*';
  const last = (
    await tx.query<{ last_staff_id: string }>(
      `INSERT INTO rotations (org_id, scope, role, last_staff_id, updated_at) VALUES ($1, $2, $3, '', $4)
       ON CONFLICT (org_id, scope, role) DO UPDATE SET updated_at = EXCLUDED.updated_at
       RETURNING last_staff_id`,
      [scope.orgId, key, role, iso(now)],
    )
  ).rows[0]?.last_staff_id;
  const i = last === undefined ? -1 : people.indexOf(last);
  const pick = people[(i + 1) % people.length]!;
  await tx.query(`UPDATE rotations SET last_staff_id = $4 WHERE org_id = $1 AND scope = $2 AND role = $3`, [scope.orgId, key, role, pick]);
  return pick;
}

/** Fewest open tasks wins; ties go to duty order. `pending` counts assignments not yet written. */
async function byLoad(tx: Tx, people: readonly string[], pending: ReadonlyMap<string, number>): Promise<string> {
  const r = await tx.query<{ assignee: string; n: number }>(
    `SELECT assignee, count(*)::int AS n FROM tasks
      WHERE assignee IN (SELECT jsonb_array_elements_text($1::jsonb)) AND status IN ('open', 'claimed')
      GROUP BY assignee`,
    [JSON.stringify(people)],
  );
  const load = new Map(r.rows.map((x) => [x.assignee, x.n]));
  let best = people[0]!;
  let bestLoad = Infinity;
  for (const p of people) {
    const n = (load.get(p) ?? 0) + (pending.get(p) ?? 0);
    if (n < bestLoad) {
      best = p;
      bestLoad = n;
    }
  }
  return best;
}

/** The task being assigned: its step may require a certificate (src/staff/certification). */
export interface AssignTask {
  readonly proc: CompiledProcess;
  readonly caseId: string;
  readonly taskId: string;
  readonly node: string;
}

/**
 * The person to give the task to, or undefined when nobody (certified) holds the role: it stays
 * in the queue, and the staff tables record why.
 */
export async function pickAssignee(
  tx: Tx,
  scope: AssignScope,
  role: string,
  strategy: 'rotation' | 'leastLoaded',
  pending: ReadonlyMap<string, number>,
  now: number,
  task?: AssignTask,
): Promise<string | undefined> {
  let people = await candidates(tx, scope, role);
  if (people.length === 0) return undefined;
  if (task !== undefined) people = await certifiedOnly(tx, scope.orgId, task, people, now);
  if (people.length === 0) return undefined;
  return strategy === 'rotation' ? byRotation(tx, scope, role, people, now) : byLoad(tx, people, pending);
}
