import { createHash } from 'node:crypto';
import { joinTransaction } from '../store-tx.ts';
import { writeAudit, type AuditEntry } from '../audit/entry.ts';
import { ApiProblem } from '../problem.ts';
import { hasSqlState } from '../../store/errors.ts';
import type { Tx } from '../../store/db.ts';
import type { Store } from '../../store/store.ts';
import type { Principal } from '../auth/principal.ts';
import type { PrincipalCache } from '../auth/principal-cache.ts';
import type { ApiDeps } from '../deps.ts';
import type { Reply } from '../route.ts';
import type { LogFields } from './logger.ts';

/** What one change may use: the open transaction, the store joined to it, and the audit log. */
export interface Write {
  readonly tx: Tx;
  /** The store with its transactions joined to `tx` (startCase, executeCommand…). */
  readonly store: Store;
  /** Adds an audit entry, written in the same transaction just before it commits. */
  audit(entry: AuditEntry): void;
}

/** Per-request facts and helpers handed to handlers. */
export interface RequestContext {
  readonly deps: ApiDeps;
  readonly requestId: string;
  /** The request's instant: one clock reading for all it does. */
  readonly now: number;
  readonly clientIp: string;
  readonly userAgent: string;
  /** A request header (lower-case name). */
  header(name: string): string | undefined;
  /** Adds fields to the request's log line (actor, case id…). */
  annotate(fields: LogFields): void;
  /**
   * Runs a change in one transaction with its audit entries and, for routes that create things,
   * the `Idempotency-Key` record: all of it commits, or none of it.
   */
  write(p: Principal, fn: (w: Write) => Promise<Reply>): Promise<Reply>;
  /** Forgets cached callers (after a change to sessions made outside `write`, e.g. logout). */
  invalidatePrincipals(): void;
}

export interface IdempotencyInput {
  readonly key: string;
  /** Method, path and body, hashed: the same key with another request is refused. */
  readonly fingerprint: string;
}

/** Thrown inside the transaction when a concurrent request with the same key committed first. */
class ReplayInstead extends Error {}

const LOOKUP = `SELECT request_hash, status, response FROM idempotency_keys WHERE org_id = $1 AND actor_id = $2 AND key = $3`;
const REMEMBER = `INSERT INTO idempotency_keys (org_id, actor_id, key, request_hash, status, response, created_at)
  VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) ON CONFLICT DO NOTHING RETURNING key`;

async function replay(deps: ApiDeps, p: Principal, idem: IdempotencyInput & { hash: string }): Promise<Reply | undefined> {
  const row = (await deps.store.db.query<{ request_hash: string; status: number; response: unknown }>(LOOKUP, [p.orgId, p.staffId, idem.key])).rows[0];
  if (row === undefined) return undefined;
  if (row.request_hash !== idem.hash)
    throw new ApiProblem(
      422,
      'IDEMPOTENCY_KEY_REUSED',
      `the Idempotency-Key "${idem.key}" was already used for a different request; use a new key for a new request`,
    );
  return { status: row.status, body: row.response ?? undefined, headers: { 'idempotent-replayed': 'true' } };
}

/**
 * Runs a transaction again when PostgreSQL chose it as a deadlock or serialization victim:
 * nothing of it was written. Inside our transaction the store's own retry meets the aborted
 * transaction (25P02), which means the same.
 */
async function retryVictims<T>(fn: () => Promise<T>, tries = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= tries || !(hasSqlState(e, '40P01') || hasSqlState(e, '40001') || hasSqlState(e, '25P02'))) throw e;
    }
  }
}

/** Audit targets whose change alters who someone is or may be: cached callers are dropped. */
const PRINCIPAL_TARGETS: ReadonlySet<string> = new Set(['staff', 'token', 'roster', 'org']);

/** The `write` helper of a request (see RequestContext.write). */
export function makeWrite(
  deps: ApiDeps,
  meta: { now: number; requestId: string },
  idem: IdempotencyInput | undefined,
  cache?: PrincipalCache,
): RequestContext['write'] {
  return async (p, fn) => {
    const hashed = idem === undefined ? undefined : { ...idem, hash: createHash('sha256').update(idem.fingerprint).digest('base64url') };
    if (hashed !== undefined) {
      const first = await replay(deps, p, hashed);
      if (first !== undefined) return first;
    }
    let wake: (() => void) | undefined;
    let principalsChanged = false;
    try {
      const reply = await retryVictims(() => deps.store.db.transaction(async (tx) => {
        const joined = joinTransaction(deps.store, tx);
        wake = joined.wake;
        const entries: AuditEntry[] = [];
        const out = await fn({ tx, store: joined.store, audit: (e) => void entries.push(e) });
        await writeAudit(tx, p, meta, entries);
        principalsChanged = entries.some((e) => PRINCIPAL_TARGETS.has(e.targetType));
        if (hashed !== undefined && out.status < 300) {
          const r = await tx.query(REMEMBER, [p.orgId, p.staffId, hashed.key, hashed.hash, out.status, out.body === undefined ? null : JSON.stringify(out.body), new Date(meta.now).toISOString()]);
          if (r.rowCount === 0) throw new ReplayInstead();
        }
        return out;
      }));
      if (principalsChanged) cache?.clear();
      wake?.();
      return reply;
    } catch (e) {
      if (!(e instanceof ReplayInstead) || hashed === undefined) throw e;
      const first = await replay(deps, p, hashed);
      if (first === undefined) throw new ApiProblem(409, 'IDEMPOTENCY_IN_PROGRESS', 'a request with this Idempotency-Key is still running; retry in a moment');
      return first;
    }
  };
}
