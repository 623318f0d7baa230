import type { z } from 'zod';
import { ApiProblem, type ProblemIssue } from '../problem.ts';

/** Where an input came from, for issue paths: `body.form.mileage`, `query.limit`. */
export type InputPart = 'path' | 'query' | 'body';

/** The path of the first string (value or key) holding a NUL character, if any. */
export function nulAt(v: unknown, path: string, depth = 0): string | undefined {
  if (typeof v === 'string') return v.includes('\u0000') ? path : undefined;
  if (depth > 64 || typeof v !== 'object' || v === null) return undefined;
  for (const [k, x] of Object.entries(v)) {
    const at = k.includes('\u0000') ? `${path}.${k}` : nulAt(x, `${path}.${k}`, depth + 1);
    if (at !== undefined) return at;
  }
  return undefined;
}

/**
 * Parses one part of a request against its schema, or throws 400 naming every field at fault.
 * NUL characters are refused first, whatever the schema: PostgreSQL text cannot hold them, so
 * letting one through would turn a bad request into a database error (found by the fuzz test).
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, part: InputPart): z.output<S> {
  const nul = nulAt(value, part);
  if (nul !== undefined) throw new ApiProblem(400, 'INVALID_CHARACTER', `${nul} contains a NUL character (U+0000), which servflow does not store`, { issues: [{ path: nul, message: 'NUL character' }] });
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues: ProblemIssue[] = r.error.issues.slice(0, 50).map((i) => ({
    path: [part, ...i.path.map(String)].join('.'),
    message: i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')} — check the spelling against /api/openapi.json` : i.message,
  }));
  const first = issues[0];
  throw new ApiProblem(400, 'INVALID_REQUEST', `the request ${part} is not valid${first === undefined ? '' : `: ${first.path}: ${first.message}`}`, { issues });
}

/** Query parameters as the schema expects them: one value → string, repeated → array. */
export function queryObject(all: Readonly<Record<string, readonly string[]>>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(all)) out[k] = v.length === 1 ? v[0]! : [...v];
  return out;
}
