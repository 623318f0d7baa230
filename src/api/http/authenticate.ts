import { tokenLookup } from '../auth/api-tokens.ts';
import { secretHash } from '../auth/secrets.ts';
import { sessionLookup } from '../auth/sessions.ts';
import type { PrincipalCache } from '../auth/principal-cache.ts';
import { ApiProblem } from '../problem.ts';
import { readCookie, SESSION_COOKIE } from './cookies.ts';
import type { Principal } from '../auth/principal.ts';
import type { ApiDeps } from '../deps.ts';

export interface RequestHeaders {
  get(name: string): string | undefined;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Finds the caller: an API token in `Authorization: Bearer …`, else the session cookie.
 * A token that is present but wrong is refused outright (no fallback to the cookie), so an
 * integration never silently acts as whoever is logged in in the same browser.
 */
export async function authenticate(deps: ApiDeps, method: string, headers: RequestHeaders, now: number, cache?: PrincipalCache): Promise<Principal> {
  const auth = headers.get('authorization');
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    const p = m === null ? undefined : await cached(cache, `t:${secretHash(m[1]!)}`, now, () => tokenLookup(deps.store.db, m[1]!, { now }));
    if (p === undefined)
      throw new ApiProblem(401, 'TOKEN_INVALID', 'the API token is unknown, revoked or expired; create a new one with POST /api/tokens (tokens look like sf_<id>_<secret>)');
    return p;
  }
  const secret = readCookie(headers.get('cookie'), SESSION_COOKIE);
  if (secret === undefined || secret === '')
    throw new ApiProblem(401, 'UNAUTHENTICATED', 'sign in first: POST /api/auth/login with {"login", "password"}, or send Authorization: Bearer <API token>');
  const p = await cached(cache, `s:${secretHash(secret)}`, now, () => sessionLookup(deps.store.db, secret, { now, idleMs: deps.config.sessionIdleMs, maxMs: deps.config.sessionMaxMs }));
  if (p === undefined) throw new ApiProblem(401, 'SESSION_EXPIRED', 'your session has ended; sign in again with POST /api/auth/login');
  if (UNSAFE.has(method)) refuseCrossSite(headers);
  return p;
}

async function cached(
  cache: PrincipalCache | undefined,
  key: string,
  now: number,
  lookup: () => Promise<{ principal: Principal; expiresAt: number } | undefined>,
): Promise<Principal | undefined> {
  const hit = cache?.get(key, now);
  if (hit !== undefined) return hit;
  const generation = cache?.mark() ?? 0;
  const found = await lookup();
  if (found !== undefined) cache?.set(key, found.principal, now, found.expiresAt, generation);
  return found?.principal;
}

/**
 * Cookie-authenticated changes must come from our own pages. SameSite=Strict already keeps
 * other sites' requests cookie-less in current browsers; this check covers older browsers and
 * sibling subdomains (which count as "same site").
 */
function refuseCrossSite(headers: RequestHeaders): void {
  const site = headers.get('sec-fetch-site');
  if (site === 'cross-site' || site === 'same-site') throw new ApiProblem(403, 'CROSS_SITE_REQUEST', 'changes with a session cookie must come from servflow\'s own pages; integrations use an API token');
  const origin = headers.get('origin');
  if (origin === undefined) return;
  // Sandboxed frames and some redirects send "null": never our own pages.
  if (origin === 'null') throw new ApiProblem(403, 'CROSS_SITE_REQUEST', 'a request with Origin: null may not change data with a servflow session cookie');
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new ApiProblem(403, 'CROSS_SITE_REQUEST', 'the Origin header is not a valid origin');
  }
  if (host !== headers.get('host')) throw new ApiProblem(403, 'CROSS_SITE_REQUEST', `a request from ${origin} may not change data with a servflow session cookie`);
}
