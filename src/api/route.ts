import type { z } from 'zod';
import type { Principal } from './auth/principal.ts';
import type { RequestContext } from './http/request-context.ts';

/**
 * A route is one declaration: method, path, the zod schemas of its inputs and outputs, who may
 * call it at the door (signed in or not; finer checks are in the handler, against the data),
 * and the handler. The same schemas validate requests and generate the OpenAPI document, so
 * the documentation cannot drift from what the server accepts.
 *
 * Rejected: @hono/zod-openapi. It would do the same with its own route type, but we need
 * per-route extras (idempotency, non-JSON bodies, problem lists) in one place anyway, and zod 4
 * already turns schemas into JSON Schema 2020-12, which is what OpenAPI 3.1 embeds.
 */

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Access = 'public' | 'signedIn';

export interface ResponseSpec {
  readonly description: string;
  /** Absent for empty answers (204). */
  readonly schema?: z.ZodType;
}

/** What a handler answers: a status, a JSON body, extra headers. */
export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
}

export interface HandlerInput<A extends Access, P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** The caller (always present on signed-in routes). */
  readonly principal: A extends 'signedIn' ? Principal : Principal | undefined;
  readonly rc: RequestContext;
}

export interface RouteDef<A extends Access = Access, P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  readonly method: Method;
  /** OpenAPI-style path: `/api/cases/{caseId}`. */
  readonly path: string;
  readonly operationId: string;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly access: A;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /**
   * Other media types accepted as a raw text body (SOP YAML): the text is turned into the JSON
   * body shape by `toBody`, then validated by the same schema.
   */
  readonly textBody?: { readonly mediaTypes: readonly string[]; readonly toBody: (text: string, mediaType: string) => unknown };
  /** Creates something: an `Idempotency-Key` header makes a retry return the first answer. */
  readonly idempotent?: boolean;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  /** Problem statuses worth documenting besides 400/401/404/422/500. */
  readonly problems?: readonly number[];
  readonly handler: (input: HandlerInput<A, z.output<P>, z.output<Q>, z.output<B>>) => Promise<Reply>;
}

/** Declares a route, keeping its handler's input types tied to its schemas. */
export function defineRoute<A extends Access, P extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined, B extends z.ZodType = z.ZodUndefined>(
  def: RouteDef<A, P, Q, B>,
): RouteDef {
  return def as unknown as RouteDef;
}

/** `{caseId}` → `:caseId` for the router. */
export function routerPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}
