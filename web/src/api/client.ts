/**
 * The one way the app talks to the server: JSON over fetch, same origin, the HTTP-only session
 * cookie sent along (scripts never see a credential: nothing in localStorage to steal). Errors arrive as
 * `application/problem+json` and become `ApiError`s with the server's stable `code`, so pages
 * decide on codes, never on message texts.
 */

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** An error answer of the API (RFC 9457 problem details plus servflow's `code` and `issues`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly FieldProblem[] = [],
    readonly body: unknown = undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  /** The request lost a race (task already claimed or completed): reload and decide again. */
  get conflict(): boolean {
    return this.status === 409;
  }
}

const unauthorizedListeners = new Set<() => void>();

/** Calls `fn` whenever the server says the session is gone (401), e.g. to show the login page. */
export function onUnauthorized(fn: () => void): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

function headers(json: boolean): Record<string, string> {
  const h: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (json) h['content-type'] = 'application/json';
  return h;
}

async function toError(res: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    /* not JSON: keep the status */
  }
  // The server names the place of each issue in `path` (`form.mileage`, `12:3 nodes[2].role`).
  const raw = Array.isArray(body['issues']) ? (body['issues'] as { path?: string; field?: string; message?: string }[]) : [];
  const issues = raw.map((i) => ({ field: String(i.path ?? i.field ?? ''), message: String(i.message ?? '') }));
  const code = typeof body['code'] === 'string' ? body['code'] : `HTTP_${res.status}`;
  const message = typeof body['detail'] === 'string' ? body['detail'] : typeof body['title'] === 'string' ? body['title'] : res.statusText;
  return new ApiError(res.status, code, message, issues, body);
}

/** Sends one request and returns the JSON answer (undefined for 204). */
export async function request<T>(method: string, path: string, body?: unknown, init: { signal?: AbortSignal } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: headers(body !== undefined && !(body instanceof FormData)),
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: body instanceof FormData ? body : JSON.stringify(body) }),
      ...(init.signal ? { signal: init.signal } : {}),
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', (e as Error).message);
  }
  if (res.status === 401) for (const fn of unauthorizedListeners) fn();
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

/** Query string from the defined values of an object. */
export function qs(params: Readonly<Record<string, string | number | boolean | undefined | null | readonly string[]>>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const x of v) u.append(k, String(x));
    else u.set(k, String(v));
  }
  const s = u.toString();
  return s === '' ? '' : `?${s}`;
}
