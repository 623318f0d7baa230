import { fieldChanges } from '../../api/definitions/diff.ts';
import { getDefinition } from '../../store/definitions.ts';
import { roleSteps } from './study.ts';
import type { Queryable } from '../../store/db.ts';
import type { HumanStep, ProcessDefinition } from '../../model/types.ts';

/**
 * What a new SOP version changes for each role, and who must re-learn it. A step counts as
 * changed for training when what the person does or says changes: its name, description,
 * standards, script, form, time limit, certificate or touchpoint. A step moved to another
 * role is removed for the old role and added for the new one.
 */

export interface StepChange {
  readonly step: string;
  readonly change: 'added' | 'removed' | 'changed';
  /** Changed fields (`checklist.items[2].text.zh`, `sla.due.amount`…), for `changed`. */
  readonly fields: readonly string[];
}

const TAUGHT = ['name', 'description', 'checklist', 'script', 'form', 'sla', 'certificate', 'touchpoint'] as const;

function taught(s: HumanStep): Record<string, unknown> {
  return Object.fromEntries(TAUGHT.map((k) => [k, s[k] ?? null]));
}

/** Per role (of either version), the steps whose training content changed; roles with no change are left out. */
export function roleChanges(from: ProcessDefinition, to: ProcessDefinition): Map<string, StepChange[]> {
  const roles = [...new Set([...from.roles, ...to.roles].map((r) => r.id))].sort();
  const out = new Map<string, StepChange[]>();
  for (const role of roles) {
    const a = new Map(roleSteps(from, role).map((s) => [s.id, s]));
    const b = new Map(roleSteps(to, role).map((s) => [s.id, s]));
    const changes: StepChange[] = [];
    for (const [id, s] of b) {
      const old = a.get(id);
      if (old === undefined) changes.push({ step: id, change: 'added', fields: [] });
      else {
        const fields = fieldChanges(taught(old), taught(s)).map((f) => f.path);
        if (fields.length > 0) changes.push({ step: id, change: 'changed', fields });
      }
    }
    for (const id of a.keys()) if (!b.has(id)) changes.push({ step: id, change: 'removed', fields: [] });
    if (changes.length > 0) out.set(role, changes);
  }
  return out;
}

export interface RetrainRow {
  readonly staffId: string;
  readonly name: string;
  readonly role: string;
  /** The steps to re-learn (added or changed; removed ones need no study). */
  readonly steps: readonly StepChange[];
}

export class VersionNotFoundError extends Error {}

/**
 * People who must re-train for version `toVersion` of a process: active holders of a role whose
 * steps changed since `fromVersion` (in any store), who have not yet passed that role's quiz on
 * `toVersion`. Sorted by role, then person.
 */
export async function whoMustRetrain(db: Queryable, orgId: string, processKey: string, fromVersion: number, toVersion: number): Promise<RetrainRow[]> {
  const [a, b] = await Promise.all([getDefinition(db, orgId, processKey, fromVersion), getDefinition(db, orgId, processKey, toVersion)]);
  if (a === undefined || b === undefined) throw new VersionNotFoundError(`${processKey} v${a === undefined ? fromVersion : toVersion} does not exist in this organisation`);
  const changes = roleChanges(a.compiled.definition, b.compiled.definition);
  const out: RetrainRow[] = [];
  for (const [role, steps] of changes) {
    const learn = steps.filter((s) => s.change !== 'removed');
    if (learn.length === 0) continue;
    const r = await db.query<{ id: string; name: string }>(
      `SELECT DISTINCT s.id, s.name FROM staff s JOIN staff_roles sr ON sr.staff_id = s.id
        WHERE sr.org_id = $1 AND sr.role = $2 AND s.active
          AND NOT EXISTS (SELECT 1 FROM staff_quiz_attempts q WHERE q.org_id = $1 AND q.staff_id = s.id AND q.process_key = $3 AND q.version = $4 AND q.role = $2 AND q.passed)
        ORDER BY s.id`,
      [orgId, role, processKey, toVersion],
    );
    for (const p of r.rows) out.push({ staffId: p.id, name: p.name, role, steps: learn });
  }
  return out;
}
