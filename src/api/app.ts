import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Hono, type Context } from 'hono';
import { toProblem } from './error-map.ts';
import { authenticate } from './http/authenticate.ts';
import { render } from './http/render.ts';
import { makeWrite, type IdempotencyInput, type RequestContext } from './http/request-context.ts';
import { parseInput, queryObject } from './http/validate.ts';
import { PrincipalCache } from './auth/principal-cache.ts';
import { ApiProblem } from './problem.ts';
import { routerPath, type RouteDef } from './route.ts';
import type { Principal } from './auth/principal.ts';
import type { ApiDeps } from './deps.ts';
import type { LogFields } from './http/logger.ts';

/**
 * Assembles the HTTP API from route declarations: request ids and one structured log line per
 * request, authentication at the door, input validation from the route's schemas, and every
 * error rendered as problem+json. Handlers only see validated input and a request context.
 */

type Env = { Variables: { requestId: string; log: Record<string, unknown> } };

const REQUEST_ID = /^[\w.:-]{1,100}$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

function problemResponse(c: Context<Env>, p: ApiProblem): Response {
  const headers: Record<string, string> = { 'content-type': 'application/problem+json; charset=utf-8' };
  if (p.status === 401) headers['www-authenticate'] = 'Bearer realm="servflow"';
  if (p.extra.retryAfter !== undefined) headers['retry-after'] = String(p.extra.retryAfter);
  return new Response(JSON.stringify(p.body(c.get('requestId'))), { status: p.status, headers });
}

function clientIp(c: Context<Env>, deps: ApiDeps): string {
  if (deps.config.trustProxy) {
    const fwd = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (fwd) return fwd;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

async function readBody(c: Context<Env>, route: RouteDef, max: number): Promise<{ value: unknown; text: string }> {
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > max) throw new ApiProblem(413, 'BODY_TOO_LARGE', `the request body is ${declared} bytes; the limit is ${max}`);
  const text = await c.req.text();
  if (Buffer.byteLength(text) > max) throw new ApiProblem(413, 'BODY_TOO_LARGE', `the request body is larger than the limit of ${max} bytes`);
  if (route.body === undefined || text.trim() === '') return { value: undefined, text };
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const textTypes = route.textBody?.mediaTypes ?? [];
  if (textTypes.includes(type)) return { value: route.textBody!.toBody(text, type), text };
  if (type !== 'application/json' && !type.endsWith('+json'))
    throw new ApiProblem(415, 'UNSUPPORTED_MEDIA_TYPE', `send the body as application/json${textTypes.length > 0 ? ` or ${textTypes.join(', ')}` : ''} (got "${type || 'no Content-Type'}")`);
  try {
    return { value: JSON.parse(text), text };
  } catch (e) {
    throw new ApiProblem(400, 'BAD_JSON', `the body is not valid JSON: ${(e as Error).message}`);
  }
}

function idempotencyOf(c: Context<Env>, route: RouteDef, bodyText: string): IdempotencyInput | undefined {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return undefined;
  if (!route.idempotent) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) throw new ApiProblem(400, 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1–200 visible ASCII characters (a UUID is a good choice)');
  return { key, fingerprint: `${c.req.method} ${c.req.path}\n${bodyText}` };
}

function mount(app: Hono<Env>, deps: ApiDeps, route: RouteDef, cache: PrincipalCache): void {
  app.on(route.method.toUpperCase(), routerPath(route.path), async (c) => {
    const now = deps.now();
    const requestId = c.get('requestId');
    const logFields = c.get('log');
    logFields.route = `${route.method.toUpperCase()} ${route.path}`;
    const headers = { get: (name: string) => c.req.header(name) };
    let principal: Principal | undefined;
    if (route.access === 'signedIn') {
      principal = await authenticate(deps, c.req.method, headers, now, cache);
      logFields.org = principal.orgId;
      logFields.actor = principal.staffId;
      if (principal.via.kind === 'token') logFields.token = principal.via.id;
    }
    const params = route.params === undefined ? undefined : parseInput(route.params, c.req.param(), 'path');
    const query = route.query === undefined ? undefined : parseInput(route.query, queryObject(c.req.queries()), 'query');
    const raw = c.req.method === 'GET' || c.req.method === 'DELETE' ? { value: undefined, text: '' } : await readBody(c, route, deps.config.maxBodyBytes);
    const body = route.body === undefined ? undefined : parseInput(route.body, raw.value, 'body');
    const rc: RequestContext = {
      deps,
      requestId,
      now,
      clientIp: clientIp(c, deps),
      userAgent: c.req.header('user-agent') ?? '',
      header: (name: string) => c.req.header(name),
      annotate: (fields: LogFields) => void Object.assign(logFields, fields),
      write: makeWrite(deps, { now, requestId }, idempotencyOf(c, route, raw.text), cache),
      invalidatePrincipals: () => cache.clear(),
    };
    const reply = await route.handler({ params, query, body, principal, rc } as never);
    return render(c, reply);
  });
}

/** Allowed methods per path pattern, for 405 answers. */
function methodIndex(routes: readonly RouteDef[]): { test: RegExp; methods: string[] }[] {
  const byPath = new Map<string, string[]>();
  for (const r of routes) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r.method.toUpperCase()]);
  return [...byPath].map(([path, methods]) => ({ test: new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`), methods }));
}

/** Builds the API application (a Hono app: `app.fetch` serves requests, `app.request` tests them). */
export function createApiApp(deps: ApiDeps, routes: readonly RouteDef[]): Hono<Env> {
  const app = new Hono<Env>();
  const index = methodIndex(routes);
  const cache = new PrincipalCache(deps.config.principalCacheMs);

  app.use('*', async (c, next) => {
    const given = c.req.header('x-request-id');
    const requestId = given !== undefined && REQUEST_ID.test(given) ? given : randomUUID();
    c.set('requestId', requestId);
    const fields: Record<string, unknown> = {};
    c.set('log', fields);
    const t0 = performance.now();
    await next();
    try {
      c.res.headers.set('x-request-id', requestId);
      // Answers carry people's work: never cached by browsers or proxies, never content-sniffed.
      if (c.req.path.startsWith('/api/') && !c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'no-store');
      if (!c.res.headers.has('x-content-type-options')) c.res.headers.set('x-content-type-options', 'nosniff');
    } catch {
      // A response with immutable headers (Response.redirect): sent as it is.
    }
    const status = c.res.status;
    deps.log.log(status >= 500 ? 'error' : 'info', 'request', {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - t0) * 100) / 100,
      ...fields,
    });
  });

  for (const r of routes) mount(app, deps, r, cache);

  app.notFound((c) => {
    const hit = index.find((x) => x.test.test(c.req.path));
    if (hit !== undefined) {
      const res = problemResponse(c, new ApiProblem(405, 'METHOD_NOT_ALLOWED', `${c.req.method} is not supported on ${c.req.path}; use ${hit.methods.join(' or ')}`));
      res.headers.set('allow', hit.methods.join(', '));
      return res;
    }
    return problemResponse(c, new ApiProblem(404, 'NO_SUCH_ROUTE', `there is no ${c.req.path}; the API is described at /api/openapi.json and /api/docs`));
  });

  app.onError((err, c) => {
    const p = toProblem(err);
    if (p !== undefined) {
      c.get('log').code = p.code;
      return problemResponse(c, p);
    }
    deps.log.log('error', 'unhandled error', { requestId: c.get('requestId'), error: (err as Error).message, stack: (err as Error).stack });
    return problemResponse(c, new ApiProblem(500, 'INTERNAL', `something went wrong on the server; quote request id ${c.get('requestId')} when reporting it`));
  });
  return app;
}
