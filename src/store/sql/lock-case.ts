import type { Queryable, Tx } from '../db.ts';
import type { CaseState } from '../../engine/types.ts';

/**
 * The first statement of every command: lock the case row and read everything the engine needs
 * that is not cached — the state, its version, and the calendar revisions that tell whether the
 * cached calendar arithmetic is still good.
 *
 * `FOR NO KEY UPDATE`, not `FOR UPDATE`: both make commands on one case take turns, but
 * `FOR UPDATE` also blocks the foreign-key checks of rows that merely *reference* the case (a
 * child case's `deliver` job to its parent, tasks, jobs). A child finishing while its parent is
 * being cancelled would then deadlock: child holds itself and waits on the parent's key, parent
 * holds itself and waits to cancel the child.
 *
 * `readCase` is the same read without the lock, for the optimistic path (cases.ts), whose write
 * is guarded by the version instead. The lock stays the general path: a command whose effects
 * need reads in between (rotation, sub-cases) would otherwise have to be redone on every lost
 * race, and the rotation pointer could move for a command that finally lost.
 */
const READ = `SELECT c.org_id, c.process_key, c.process_version, c.store_id, c.state, c.version,
       o.calendars_rev, coalesce(s.calendar_rev, 0) AS calendar_rev
  FROM cases c
  JOIN orgs o ON o.id = c.org_id
  LEFT JOIN stores s ON s.id = c.store_id
 WHERE c.id = $1`;
const LOCK = `${READ}
   FOR NO KEY UPDATE OF c`;

export interface LockedCase {
  readonly id: string;
  readonly orgId: string;
  readonly processKey: string;
  readonly processVersion: number;
  readonly storeId: string | null;
  readonly state: CaseState;
  readonly version: number;
  readonly orgRev: number;
  readonly storeRev: number;
}

type Row = {
  org_id: string;
  process_key: string;
  process_version: number;
  store_id: string | null;
  state: CaseState;
  version: number;
  calendars_rev: number;
  calendar_rev: number;
};

/** Locks a case for the rest of the transaction; undefined when there is no such case. */
export async function lockCase(tx: Tx, caseId: string): Promise<LockedCase | undefined> {
  return toCase(caseId, (await tx.query<Row>(LOCK, [caseId], { name: 'sf_lock_case' })).rows[0]);
}

/** Reads a case without locking it (the optimistic path: the write checks the version). */
export async function readCase(q: Queryable, caseId: string): Promise<LockedCase | undefined> {
  return toCase(caseId, (await q.query<Row>(READ, [caseId], { name: 'sf_read_case' })).rows[0]);
}

function toCase(caseId: string, row: Row | undefined): LockedCase | undefined {
  if (row === undefined) return undefined;
  return {
    id: caseId,
    orgId: row.org_id,
    processKey: row.process_key,
    processVersion: row.process_version,
    storeId: row.store_id,
    state: row.state,
    version: row.version,
    orgRev: row.calendars_rev,
    storeRev: row.calendar_rev,
  };
}
