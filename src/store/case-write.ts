import { iso } from './values.ts';
import type { EffectRows } from './effects.ts';
import type { CaseWrite } from './sql/write-case.ts';
import type { CaseState } from '../engine/types.ts';

/** Where a case row belongs: what the state itself does not say. */
export interface CaseHome {
  readonly id: string;
  readonly orgId: string;
  readonly storeId: string | null;
}

/**
 * The write of one command: the new state with version + 1 (1 for a new case) and the folded
 * effect rows. Pure; `writeCase` sends it.
 */
export function caseWrite(
  home: CaseHome,
  state: CaseState,
  rows: EffectRows,
  mode: { readonly insert: true } | { readonly insert: false; readonly previousVersion: number },
  who: { readonly now: number; readonly actor: string },
): CaseWrite {
  return {
    mode: mode.insert ? 'insert' : 'update',
    previousVersion: mode.insert ? undefined : mode.previousVersion,
    row: {
      id: home.id,
      orgId: home.orgId,
      processKey: state.process.key,
      processVersion: state.process.version,
      storeId: home.storeId,
      customerId: state.customer?.id ?? null,
      parentCaseId: state.parent?.caseId ?? null,
      status: state.status,
      priority: state.priority,
      state: JSON.stringify(state),
      version: mode.insert ? 1 : mode.previousVersion + 1,
      slaDueAt: iso(state.sla?.dueAt),
      slaState: state.sla?.state ?? null,
      outcome: state.outcome ?? null,
      startedAt: iso(state.startedAt),
      endedAt: iso(state.endedAt),
      updatedAt: iso(who.now),
      updatedBy: who.actor,
    },
    tasks: [...rows.tasks.values()],
    events: rows.events,
    jobs: [...rows.jobs.values()],
    cancelJobs: [...rows.cancels],
    notifications: rows.notifications,
  };
}
