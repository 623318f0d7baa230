import { z } from 'zod';
import { openApiDocument } from '../openapi/document.ts';
import { referencePage } from '../openapi/reference-page.ts';
import { defineRoute, type RouteDef } from '../route.ts';

/** Health, the OpenAPI document and its reference page. */

export const API_INFO = {
  title: 'servflow API',
  version: '0.1.0',
  description:
    'Define, run, measure and improve standard service processes. JSON in and out; errors are application/problem+json with a stable `code`. ' +
    'Sign in with POST /api/auth/login (session cookie) or send `Authorization: Bearer <API token>`.',
};

/** The meta routes; `all` gives every route of the API (for the document). */
export function metaRoutes(all: () => readonly RouteDef[]): RouteDef[] {
  let doc: unknown;
  return [
    defineRoute({
      method: 'get',
      path: '/health',
      operationId: 'health',
      tag: 'meta',
      summary: 'Liveness: answers when the server is up and its database answers',
      access: 'public',
      responses: { 200: { description: 'Up', schema: z.object({ ok: z.literal(true), database: z.enum(['pglite', 'postgres']) }) } },
      problems: [503],
      async handler({ rc }) {
        await rc.deps.store.db.query('SELECT 1');
        return { status: 200, body: { ok: true, database: rc.deps.store.db.backend } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/openapi.json',
      operationId: 'openApi',
      tag: 'meta',
      summary: 'This API described as OpenAPI 3.1',
      access: 'public',
      responses: { 200: { description: 'The OpenAPI document', schema: z.record(z.string(), z.unknown()) } },
      async handler() {
        doc ??= openApiDocument(all(), API_INFO);
        return { status: 200, body: doc };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/docs',
      operationId: 'apiReference',
      tag: 'meta',
      summary: 'A browsable reference of this API (self-contained HTML: works offline)',
      access: 'public',
      responses: { 200: { description: 'HTML' } },
      async handler() {
        return { status: 200, body: referencePage(API_INFO.title), headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'" } };
      },
    }),
  ];
}
