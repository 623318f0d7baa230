import type { LocalizedText } from '../model/types.ts';

/**
 * SQL for the name of a node as the newest version of its process calls it (LocalizedText as
 * jsonb). Names are looked up per result row, after grouping, so a KPI over a million tasks
 * reads the definitions once per step, not once per task.
 */
export function stepNameSql(org: string, processKey: string, node: string): string {
  return `(SELECT d.compiled->'nodes'->${node}->'name' FROM definitions d WHERE d.org_id = ${org} AND d.key = ${processKey} ORDER BY d.version DESC LIMIT 1)`;
}

/** A jsonb LocalizedText from a row, or null. */
export function textOf(v: unknown): LocalizedText | null {
  return v !== null && typeof v === 'object' ? (v as LocalizedText) : null;
}
