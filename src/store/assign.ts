import { iso } from './values.ts';
import { certifiedOnly } from '../staff/certification/assign-filter.ts';
import type { Tx } from './db.ts';
import type { CompiledProcess } from '../model/types.ts';

/**
 * Picks the person for a rotation or least-loaded task among the active staff on shift holding
 * the role in the case's store (organisation-wide when the case has no store). Runs inside the command's
 * transaction, so the rotation pointer moves exactly when the assignment commits.
 */

export interface AssignScope {
  readonly orgId: string;
  readonly storeId: string | null;
}

/**
 * On shift in the role's store: the API's duty roster (`duty`, migration 100) has no row saying
 * otherwise — an absent row means on duty, so stores that never use shifts lose nothing.
 * Organisation-wide (no store), someone counts when on shift in any store where they hold the role.
 */
const ON_SHIFT = `NOT EXISTS (SELECT 1 FROM duty d WHERE d.store_id = sr.store_id AND d.staff_id = sr.staff_id AND NOT d.on_duty)`;

async function candidates(tx: Tx, scope: AssignScope, role: string): Promise<string[]> {
  const r =
    scope.storeId === null
      ? await tx.query<{ staff_id: string }>(
          `SELECT sr.staff_id FROM staff_roles sr JOIN staff s ON s.id = sr.staff_id
            WHERE sr.org_id = $1 AND sr.role = $2 AND s.active AND ${ON_SHIFT}
            GROUP BY sr.staff_id ORDER BY min(sr.duty_order), sr.staff_id`,
          [scope.orgId, role],
        )
      : await tx.query<{ staff_id: string }>(
          `SELECT sr.staff_id FROM staff_roles sr JOIN staff s ON s.id = sr.staff_id
            WHERE sr.store_id = $1 AND sr.role = $2 AND s.active AND ${ON_SHIFT} ORDER BY sr.duty_order, sr.staff_id`,
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
  const pick = people[(await afterLast(tx, scope, role, people, last)) % people.length]!;
  await tx.query(`UPDATE rotations SET last_staff_id = $4 WHERE org_id = $1 AND scope = $2 AND role = $3`, [scope.orgId, key, role, pick]);
  return pick;
}

/**
 * Where the rotation goes on in `people` (on shift, in duty order): just after the last one
 * served. When that person has left the shift, their place in the full duty order still counts,
 * so the turn passes to the next one on shift after them rather than back to the first.
 */
async function afterLast(tx: Tx, scope: AssignScope, role: string, people: readonly string[], last: string | undefined): Promise<number> {
  if (last === undefined || last === '') return 0;
  const i = people.indexOf(last);
  if (i >= 0) return i + 1;
  const r = await tx.query<{ staff_id: string }>(
    scope.storeId === null
      ? `SELECT staff_id FROM staff_roles WHERE org_id = $1 AND role = $2 GROUP BY staff_id ORDER BY min(duty_order), staff_id`
      : `SELECT staff_id FROM staff_roles WHERE org_id = $1 AND role = $2 AND store_id = $3 ORDER BY duty_order, staff_id`,
    scope.storeId === null ? [scope.orgId, role] : [scope.orgId, role, scope.storeId],
  );
  const order = r.rows.map((x) => x.staff_id);
  const at = order.indexOf(last);
  if (at < 0) return 0;
  const next = people.findIndex((p) => order.indexOf(p) > at);
  return next < 0 ? 0 : next;
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
