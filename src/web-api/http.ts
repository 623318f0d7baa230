import type { Context, Hono } from 'hono';
import { toProblem } from '../api/error-map.ts';
import { authenticate } from '../api/http/authenticate.ts';
import { ApiProblem } from '../api/problem.ts';
import type { Principal } from '../api/auth/principal.ts';
import type { ApiDeps } from '../api/deps.ts';

/**
 * The web app's own endpoints (`/api/web/…`) answer like the API: the caller is found by the
 * API's own `authenticate` (session cookie or token), refusals are problem+json with a stable
 * code. They are page-shaped reads (names joined, totals for paging) and the few things the
 * API has no route for; every write of the domain goes through the API's routes.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyHono = Hono<any, any, any>;

export type WebHandler = (c: Context, p: Principal, deps: ApiDeps) => Promise<Response>;

function problem(p: ApiProblem): Response {
  return new Response(JSON.stringify(p.body()), { status: p.status, headers: { 'content-type': 'application/problem+json; charset=utf-8' } });
}

/** Renders anything thrown as a problem; unknown errors are logged and answered 500. */
export function errorResponse(deps: ApiDeps, e: unknown): Response {
  const p = toProblem(e);
  if (p !== undefined) return problem(p);
  deps.log.log('error', 'web-api error', { error: (e as Error).message, stack: (e as Error).stack });
  return problem(new ApiProblem(500, 'INTERNAL', 'something went wrong on the server'));
}

/** The signed-in caller of a request (401 problem when there is none). */
export function principalOf(c: Context, deps: ApiDeps): Promise<Principal> {
  return authenticate(deps, c.req.method, { get: (n: string) => c.req.header(n) }, deps.now());
}

/** Wraps a handler for a signed-in caller: authentication first, errors as problems. */
export function signedIn(deps: ApiDeps, fn: WebHandler) {
  return async (c: Context): Promise<Response> => {
    try {
      const p = await principalOf(c, deps);
      return await fn(c, p, deps);
    } catch (e) {
      return errorResponse(deps, e);
    }
  };
}

/** A JSON answer. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });
}

/** An integer query parameter within bounds (the default when absent or malformed). */
export function intParam(v: string | undefined, def: number, min: number, max: number): number {
  const n = v === undefined ? NaN : Number(v);
  return Number.isInteger(n) ? Math.min(max, Math.max(min, n)) : def;
}

/** An ISO time query parameter as epoch ms, or a 422 problem naming it. */
export function timeParam(name: string, v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new ApiProblem(422, 'INVALID_REQUEST', `query.${name} must be an ISO-8601 date-time`, { issues: [{ path: `query.${name}`, message: 'not a date-time' }] });
  return t;
}
