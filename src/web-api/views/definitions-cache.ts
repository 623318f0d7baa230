import type { Queryable } from '../../store/db.ts';
import type { LocalizedText, ProcessDefinition, ProcessNode } from '../../model/types.ts';

/**
 * SOP definitions as the pages need them (names of steps and roles, forms, checklists). A
 * published version never changes (the database refuses it), so it is cached for the life of
 * the process; drafts are read afresh.
 */
const cache = new Map<string, ProcessDefinition>();

/** The authored definition of one version, or undefined when it does not exist in the organisation. */
export async function definitionOf(q: Queryable, orgId: string, key: string, version: number): Promise<ProcessDefinition | undefined> {
  const k = `${orgId}/${key}/${version}`;
  const hit = cache.get(k);
  if (hit !== undefined) return hit;
  const row = (await q.query<{ def: ProcessDefinition; status: string }>(`SELECT compiled->'definition' AS def, status FROM definitions WHERE org_id = $1 AND key = $2 AND version = $3`, [orgId, key, version])).rows[0];
  if (row === undefined) return undefined;
  if (row.status !== 'draft') cache.set(k, row.def);
  return row.def;
}

/** Definitions for a set of (key, version) pairs, loaded once each. */
export async function definitionsOf(q: Queryable, orgId: string, pairs: Iterable<readonly [string, number]>): Promise<Map<string, ProcessDefinition>> {
  const out = new Map<string, ProcessDefinition>();
  for (const [key, version] of pairs) {
    const id = `${key}@${version}`;
    if (out.has(id)) continue;
    const d = await definitionOf(q, orgId, key, version);
    if (d !== undefined) out.set(id, d);
  }
  return out;
}

/** A node of a definition by id. */
export function nodeOf(def: ProcessDefinition | undefined, id: string): ProcessNode | undefined {
  return def?.nodes.find((n) => n.id === id);
}

/** A role's name in a definition. */
export function roleName(def: ProcessDefinition | undefined, role: string): LocalizedText | undefined {
  return def?.roles.find((r) => r.id === role)?.name;
}

/**
 * Labels of the values a case can hold: the SOP's variables, then every form field (form values
 * are copied into case data under the field's `variable`, or its id).
 */
export function dataLabels(def: ProcessDefinition | undefined): { id: string; label?: LocalizedText }[] {
  const out = new Map<string, LocalizedText | undefined>();
  for (const v of def?.variables ?? []) out.set(v.id, v.label);
  for (const n of def?.nodes ?? []) if (n.kind === 'human') for (const f of n.form ?? []) if (!out.get(f.variable ?? f.id)) out.set(f.variable ?? f.id, f.label);
  return [...out].map(([id, label]) => ({ id, ...(label ? { label } : {}) }));
}
