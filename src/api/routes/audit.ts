import { z } from 'zod';
import { readsAudit } from '../policy/access.ts';
import { ApiProblem, forbidden } from '../problem.ts';
import { decodeCursor, paginate } from '../pagination.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { idSchema, isoTime, pageOf, pageQuery } from '../schemas/common.ts';

/** The audit log: read-only, newest first, for admins and organisation auditors. */

const entrySchema = z
  .object({
    seq: z.number().int(),
    at: isoTime,
    actorId: z.string().describe('Staff id of who did it'),
    via: z.enum(['session', 'token']),
    tokenId: z.string().nullable(),
    requestId: z.string().nullable(),
    action: z.string().describe('e.g. case.start, task.complete, staff.access'),
    targetType: z.string(),
    targetId: z.string(),
    storeId: z.string().nullable(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    personal: z.array(z.string()).nullable().describe('Personal fields that changed (their values are not copied here)'),
  })
  .meta({ id: 'AuditEntry' });

/** The audit routes. */
export const auditRoutes: RouteDef[] = [
  defineRoute({
    method: 'get',
    path: '/api/audit',
    operationId: 'listAudit',
    tag: 'audit',
    summary: 'Who changed what, when, before and after — newest first (admins and organisation auditors); never editable',
    access: 'signedIn',
    query: z.strictObject({
      ...pageQuery,
      actorId: idSchema.optional(),
      targetType: z.string().max(50).optional(),
      targetId: z.string().max(200).optional(),
      action: z.string().max(100).optional().describe('Exact action, or a prefix ending in "." such as "task."'),
      storeId: idSchema.optional(),
      from: isoTime.optional(),
      to: isoTime.optional(),
    }),
    responses: { 200: { description: 'A page of entries', schema: pageOf(entrySchema) } },
    async handler({ query, principal: p, rc }) {
      if (!readsAudit(p)) throw forbidden('only admins and organisation auditors read the audit log');
      const before = query.cursor === undefined ? null : decodeCursor(query.cursor, 1)[0];
      if (before !== null && typeof before !== 'number') throw new ApiProblem(400, 'INVALID_CURSOR', 'the cursor is not one this server gave out');
      const action = query.action;
      const r = await rc.deps.store.db.query<{
        seq: number;
        at: Date;
        actor_id: string;
        via: 'session' | 'token';
        token_id: string | null;
        request_id: string | null;
        action: string;
        target_type: string;
        target_id: string;
        store_id: string | null;
        before: unknown;
        after: unknown;
        personal: string[] | null;
      }>(
        `SELECT seq, at, actor_id, via, token_id, request_id, action, target_type, target_id, store_id, before, after, personal FROM audit_log
          WHERE org_id = $1
            AND ($2::text IS NULL OR actor_id = $2)
            AND ($3::text IS NULL OR target_type = $3)
            AND ($4::text IS NULL OR target_id = $4)
            AND ($5::text IS NULL OR action = $5 OR (right($5, 1) = '.' AND left(action, length($5)) = $5))
            AND ($6::text IS NULL OR store_id = $6)
            AND ($7::timestamptz IS NULL OR at >= $7)
            AND ($8::timestamptz IS NULL OR at < $8)
            AND ($9::bigint IS NULL OR seq < $9)
          ORDER BY seq DESC LIMIT $10`,
        [p.orgId, query.actorId ?? null, query.targetType ?? null, query.targetId ?? null, action ?? null, query.storeId ?? null, query.from ?? null, query.to ?? null, before, query.limit + 1],
      );
      return {
        status: 200,
        body: paginate(
          r.rows,
          query.limit,
          (x) => [x.seq],
          (x) => ({
            seq: x.seq,
            at: x.at.toISOString(),
            actorId: x.actor_id,
            via: x.via,
            tokenId: x.token_id,
            requestId: x.request_id,
            action: x.action,
            targetType: x.target_type,
            targetId: x.target_id,
            storeId: x.store_id,
            before: x.before ?? null,
            after: x.after ?? null,
            personal: x.personal,
          }),
        ),
      };
    },
  }),
];
