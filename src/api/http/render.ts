import type { Context } from 'hono';
import type { Reply } from '../route.ts';

/** Sends a handler's reply: JSON unless the handler set its own content type on a string body. */
export function render(c: Context, reply: Reply): Response {
  const headers = new Headers();
  for (const [k, v] of Object.entries(reply.headers ?? {})) {
    if (typeof v === 'string') headers.set(k, v);
    else for (const one of v as readonly string[]) headers.append(k, one);
  }
  if (reply.status === 204 || reply.body === undefined) return new Response(null, { status: reply.status, headers });
  if (typeof reply.body === 'string' && headers.has('content-type')) return new Response(reply.body, { status: reply.status, headers });
  // Files (an .xlsx export): bytes as they are, under the handler's content type.
  if (reply.body instanceof Uint8Array && headers.has('content-type')) return new Response(new Uint8Array(reply.body), { status: reply.status, headers });
  headers.set('content-type', 'application/json; charset=utf-8');
  return new Response(JSON.stringify(reply.body), { status: reply.status, headers });
}
