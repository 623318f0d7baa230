import { z } from 'zod';
import { createApiToken, listApiTokens } from '../auth/api-tokens.ts';
import { isAdmin } from '../policy/access.ts';
import { ApiProblem, forbidden, notFound } from '../problem.ts';
import { findStaff } from '../repo/directory.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { idSchema, isoTime } from '../schemas/common.ts';

/**
 * API tokens for integrations. A token acts as the staff member it belongs to, with that
 * person's current roles and access: give an integration its own staff record with exactly the
 * roles it needs. People manage their own tokens; admins also issue and revoke any in the
 * organisation.
 */

const tokenSchema = z
  .object({
    id: z.string(),
    staffId: z.string(),
    name: z.string(),
    createdBy: z.string(),
    createdAt: isoTime,
    expiresAt: isoTime.nullable(),
    lastUsedAt: isoTime.nullable(),
    revokedAt: isoTime.nullable(),
  })
  .meta({ id: 'ApiToken' });

/** The token routes. */
export const tokenRoutes: RouteDef[] = [
  defineRoute({
    method: 'get',
    path: '/api/tokens',
    operationId: 'listTokens',
    tag: 'auth',
    summary: 'Your API tokens (admins: every token of the organisation with ?all=true)',
    access: 'signedIn',
    query: z.strictObject({ all: z.enum(['true', 'false']).optional() }),
    responses: { 200: { description: 'Tokens (never their secrets)', schema: z.object({ items: z.array(tokenSchema) }) } },
    async handler({ query, principal: p, rc }) {
      if (query.all === 'true' && !isAdmin(p)) throw forbidden("only admins list other people's tokens");
      const items = await listApiTokens(rc.deps.store.db, p.orgId, query.all === 'true' ? undefined : p.staffId);
      return { status: 200, body: { items } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/tokens',
    operationId: 'createToken',
    tag: 'auth',
    summary: 'Issue an API token (for yourself; admins also for another staff member such as an integration account)',
    description: 'The token text is in the answer ONCE; only a hash is stored. Use it as `Authorization: Bearer <token>`.',
    access: 'signedIn',
    body: z.strictObject({
      name: z.string().trim().min(1).max(100).describe('What it is for, e.g. "CRM sync"'),
      staffId: idSchema.optional().describe('Whom the token acts as; default: you'),
      expiresAt: isoTime.optional(),
    }),
    idempotent: true,
    responses: { 201: { description: 'Issued', schema: z.object({ token: z.string().describe('sf_<id>_<secret>: shown this once'), record: tokenSchema }) } },
    async handler({ body, principal: p, rc }) {
      const owner = body.staffId ?? p.staffId;
      if (owner !== p.staffId && !isAdmin(p)) throw forbidden('only admins issue tokens for someone else');
      const expiresAt = body.expiresAt === undefined ? undefined : Date.parse(body.expiresAt);
      if (expiresAt !== undefined && expiresAt <= rc.now) throw new ApiProblem(422, 'EXPIRY_IN_PAST', 'expiresAt must be in the future', { issues: [{ path: 'body.expiresAt', message: 'in the past' }] });
      return rc.write(p, async (w) => {
        const staff = await findStaff(w.tx, p.orgId, owner);
        if (staff === undefined) throw notFound('staff member', owner);
        if (!staff.active) throw new ApiProblem(409, 'STAFF_INACTIVE', `${owner} is deactivated; activate them first`);
        const made = await createApiToken(w.tx, { id: w.store.ids.next('token'), orgId: p.orgId, staffId: owner, name: body.name, createdBy: p.staffId, expiresAt }, { now: rc.now });
        w.audit({ action: 'token.create', targetType: 'token', targetId: made.record.id, after: { staffId: owner, name: body.name, expiresAt: made.record.expiresAt } });
        return { status: 201, body: made };
      });
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/tokens/{tokenId}',
    operationId: 'revokeToken',
    tag: 'auth',
    summary: 'Revoke an API token (your own; admins: any of the organisation)',
    access: 'signedIn',
    params: z.strictObject({ tokenId: idSchema }),
    responses: { 204: { description: 'Revoked (or already was)' } },
    async handler({ params, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const row = (await w.tx.query<{ staff_id: string; revoked_at: Date | null }>(`SELECT staff_id, revoked_at FROM api_tokens WHERE org_id = $1 AND id = $2`, [p.orgId, params.tokenId])).rows[0];
        if (row === undefined || (row.staff_id !== p.staffId && !isAdmin(p))) throw notFound('API token', params.tokenId);
        if (row.revoked_at !== null) return { status: 204 };
        await w.tx.query(`UPDATE api_tokens SET revoked_at = $2 WHERE id = $1`, [params.tokenId, new Date(rc.now).toISOString()]);
        w.audit({ action: 'token.revoke', targetType: 'token', targetId: params.tokenId, before: { revoked: false }, after: { revoked: true } });
        return { status: 204 };
      });
    },
  }),
];
