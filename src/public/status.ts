import { caseTasks } from '../store/queries.ts';
import { processOf, stepName } from '../api/repo/cases.ts';
import type { LocalizedText } from '../model/types.ts';
import type { Queryable } from '../store/db.ts';
import type { Store } from '../store/store.ts';

/**
 * What a customer sees on a case-status link ("where is my car / my repair / my complaint"):
 * the SOP's name, the steps in progress (with their due times) and those done with when, the
 * promised time (the case SLA's due time, else the earliest due time of the steps in progress),
 * the store's name. Nothing about staff (no names, no ids), no case data.
 */

export interface PublicCaseStatus {
  readonly process: LocalizedText;
  readonly store: string | null;
  readonly status: 'active' | 'completed' | 'cancelled' | 'failed';
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly slaDueAt: string | null;
  readonly current: { readonly name: LocalizedText; readonly since: string; readonly dueAt: string | null; readonly waitingForYou: boolean }[];
  readonly done: { readonly name: LocalizedText; readonly at: string }[];
}

export async function publicCaseStatus(q: Queryable, store: Store, orgId: string, caseId: string): Promise<PublicCaseStatus | undefined> {
  const c = (
    await q.query<{ process_key: string; process_version: number; status: PublicCaseStatus['status']; started_at: Date; ended_at: Date | null; sla_due_at: Date | null; store_name: string | null }>(
      `SELECT c.process_key, c.process_version, c.status, c.started_at, c.ended_at, c.sla_due_at, s.name AS store_name
         FROM cases c LEFT JOIN stores s ON s.id = c.store_id WHERE c.org_id = $1 AND c.id = $2`,
      [orgId, caseId],
    )
  ).rows[0];
  if (c === undefined) return undefined;
  const proc = await processOf(q, store, orgId, c.process_key, c.process_version);
  const tasks = await caseTasks(q, caseId);
  const waiting = new Set(
    (await q.query<{ id: string }>(`SELECT id FROM tasks WHERE case_id = $1 AND waiting_for_customer AND status IN ('open', 'claimed')`, [caseId])).rows.map((r) => r.id),
  );
  const open = tasks.filter((t) => t.status === 'open' || t.status === 'claimed');
  const stepDue = open.map((t) => t.dueAt).filter((t): t is number => t !== undefined);
  const due = c.sla_due_at?.getTime() ?? (stepDue.length > 0 ? Math.min(...stepDue) : undefined);
  return {
    process: proc.definition.name,
    store: c.store_name,
    status: c.status,
    startedAt: c.started_at.toISOString(),
    endedAt: c.ended_at?.toISOString() ?? null,
    slaDueAt: c.status === 'active' && due !== undefined ? new Date(due).toISOString() : null,
    current: open.map((t) => ({
      name: stepName(proc, t.node),
      since: new Date(t.createdAt).toISOString(),
      dueAt: t.dueAt === undefined ? null : new Date(t.dueAt).toISOString(),
      waitingForYou: waiting.has(t.id),
    })),
    done: tasks
      .filter((t) => t.status === 'completed' && t.closedAt !== undefined)
      .sort((a, b) => a.closedAt! - b.closedAt!)
      .map((t) => ({ name: stepName(proc, t.node), at: new Date(t.closedAt!).toISOString() })),
  };
}
