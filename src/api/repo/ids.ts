import { ApiProblem } from '../problem.ts';
import type { Tx } from '../../store/db.ts';

/**
 * Ids a client chooses itself (a store code, an employee number, a customer number) are
 * primary keys, unique across the whole installation — not per organisation.
 *
 * The answer to a taken id must not tell one organisation about another's records: it is the
 * SAME answer (status, code, text) whether the id is used in the caller's own organisation, in
 * another one, or was just taken by a concurrent request, and it names no organisation and
 * nothing of the record. What remains is that the id is in use somewhere; that one bit is the
 * price of installation-wide keys, and clients that cannot accept it leave the id out (a
 * random UUID is generated).
 *
 * Rejected: keys per organisation (`(org_id, id)`): some sixty foreign keys over every module's
 * tables would change with them, for ids that most clients never choose.
 */

const TABLES = { staff: 'staff', store: 'stores', customer: 'customers' } as const;

export type ChosenIdKind = keyof typeof TABLES;

/** The one answer for a client-chosen id that cannot be used. */
export function idUnavailable(kind: ChosenIdKind, id: string): ApiProblem {
  return new ApiProblem(409, 'ID_TAKEN', `the ${kind} id "${id}" cannot be used (ids are unique across this installation); choose another, or leave id out to get a generated one`, {
    issues: [{ path: 'body.id', message: 'not available' }],
  });
}

/**
 * Refuses (409 `ID_TAKEN`) a client-chosen id already in use anywhere. Takes a transaction lock
 * on the id first, so two requests choosing the same new id take turns: the second gets the
 * same 409 instead of a unique-key error (a 500).
 */
export async function ensureIdFree(tx: Tx, kind: ChosenIdKind, id: string): Promise<void> {
  const table = TABLES[kind];
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${table}:${id}`]);
  if ((await tx.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id])).rows.length > 0) throw idUnavailable(kind, id);
}
