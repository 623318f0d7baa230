import { SchemaRegistry, type JsonSchema } from './json-schema.ts';
import { problemSchema } from '../schemas/common.ts';
import type { RouteDef } from '../route.ts';

/**
 * The OpenAPI 3.1 document, generated from the route declarations — the same zod schemas that
 * validate requests — so it cannot drift from what the server does.
 */

const PROBLEM_STATUSES: Readonly<Record<number, string>> = {
  400: 'The request is malformed: `issues` name each field at fault.',
  401: 'Not signed in, or the session/token is no longer valid.',
  403: 'Signed in, but this role may not do this here.',
  404: 'No such thing in your organisation (or not visible to you).',
  405: 'The path exists but not with this method.',
  409: 'The state moved on (someone else was faster, or a stale `expectedVersion`): `current` holds the state now.',
  413: 'The body is too large.',
  410: 'Gone: a no-login link that expired, was used up or was withdrawn.',
  415: 'The body is not JSON (or another accepted media type).',
  422: 'Well-formed, but the SOP or the data refuses it (form, checklist, definition): `issues` say why.',
  429: 'Too many attempts: retry after `retryAfter` seconds.',
  500: 'A bug: quote the request id.',
  503: 'The database is unavailable (or was upgraded by a newer servflow); retry later.',
};

export interface DocumentInfo {
  readonly title: string;
  readonly version: string;
  readonly description: string;
}

function parameters(reg: SchemaRegistry, schema: RouteDef['params'], where: 'path' | 'query'): JsonSchema[] {
  if (schema === undefined) return [];
  const s = reg.convert(schema, 'input');
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((s.required ?? []) as string[]);
  return Object.entries(props).map(([name, p]) => {
    const { description, ...rest } = p;
    return { name, in: where, required: where === 'path' || required.has(name), ...(description !== undefined ? { description } : {}), schema: rest };
  });
}

function operation(reg: SchemaRegistry, r: RouteDef): JsonSchema {
  const params = [...parameters(reg, r.params, 'path'), ...parameters(reg, r.query, 'query')];
  if (r.idempotent)
    params.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'Any unique string (a UUID). Sending the same request again with the same key returns the first answer instead of creating a second thing; keys are kept for 24 hours.',
      schema: { type: 'string', minLength: 1, maxLength: 200 },
    });
  const responses: Record<string, JsonSchema> = {};
  for (const [status, spec] of Object.entries(r.responses)) {
    responses[status] =
      spec.schema === undefined
        ? { description: spec.description }
        : { description: spec.description, content: { 'application/json': { schema: reg.convert(spec.schema, 'output') } } };
  }
  const problems = new Set<number>([400, 404, 422, 500, ...(r.access === 'signedIn' ? [401, 403] : []), ...(r.problems ?? [])]);
  for (const status of [...problems].sort((a, b) => a - b)) responses[String(status)] ??= { $ref: `#/components/responses/Problem${status}` };
  const op: JsonSchema = {
    operationId: r.operationId,
    tags: [r.tag],
    summary: r.summary,
    ...(r.description !== undefined ? { description: r.description } : {}),
    ...(params.length > 0 ? { parameters: params } : {}),
    security: r.access === 'public' ? [] : [{ sessionCookie: [] }, { bearerToken: [] }],
    responses,
  };
  if (r.body !== undefined) {
    const content: Record<string, JsonSchema> = { 'application/json': { schema: reg.convert(r.body, 'input') } };
    for (const t of r.textBody?.mediaTypes ?? []) content[t] = { schema: { type: 'string' } };
    op.requestBody = { required: !r.body.safeParse(undefined).success, content };
  }
  return op;
}

/** The OpenAPI 3.1 document describing `routes`. */
export function openApiDocument(routes: readonly RouteDef[], info: DocumentInfo): JsonSchema {
  const reg = new SchemaRegistry();
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const r of routes) (paths[r.path] ??= {})[r.method] = operation(reg, r);
  const problem = reg.convert(problemSchema, 'output');
  const responses: Record<string, JsonSchema> = {};
  for (const [status, description] of Object.entries(PROBLEM_STATUSES)) responses[`Problem${status}`] = { description, content: { 'application/problem+json': { schema: problem } } };
  const tags = [...new Set(routes.map((r) => r.tag))].map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info,
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags,
    paths,
    components: {
      schemas: reg.components,
      responses,
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'sf_session', description: 'Set by POST /api/auth/login (HTTP-only, SameSite=Strict).' },
        bearerToken: { type: 'http', scheme: 'bearer', description: 'An API token from POST /api/tokens: `Authorization: Bearer sf_<id>_<secret>`.' },
      },
    },
  };
}
