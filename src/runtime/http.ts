import type { ServiceRequest } from '../engine/types.ts';

/**
 * How service steps reach other systems. The default uses `fetch`; tests pass their own or
 * point the SOP at a local server.
 */
export type HttpAnswer =
  | { readonly ok: true; readonly result: unknown }
  /** `retryable`: worth trying again (timeouts, network errors, 5xx, 408, 429); a 4xx is not. */
  | { readonly ok: false; readonly error: string; readonly retryable: boolean };

export interface HttpClient {
  send(req: ServiceRequest): Promise<HttpAnswer>;
}

function retryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** Calls over HTTP with the request's timeout; JSON answers are parsed, others kept as text. */
export const fetchHttp: HttpClient = {
  async send(req) {
    try {
      const res = await fetch(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: AbortSignal.timeout(req.timeoutMs),
      });
      const text = await res.text();
      if (!res.ok) return { ok: false, error: `HTTP ${res.status} from ${req.method} ${req.url}: ${text.slice(0, 200)}`, retryable: retryableStatus(res.status) };
      const isJson = (res.headers.get('content-type') ?? '').includes('json');
      let result: unknown = text === '' ? null : text;
      if (isJson && text !== '') {
        try {
          result = JSON.parse(text);
        } catch {
          return { ok: false, error: `${req.method} ${req.url} answered invalid JSON`, retryable: false };
        }
      }
      return { ok: true, result };
    } catch (e) {
      const err = e as Error;
      const what = err.name === 'TimeoutError' ? `no answer within ${req.timeoutMs} ms` : err.message;
      return { ok: false, error: `${req.method} ${req.url}: ${what}`, retryable: true };
    }
  },
};
