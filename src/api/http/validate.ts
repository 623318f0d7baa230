import type { z } from 'zod';
import { ApiProblem, type ProblemIssue } from '../problem.ts';

/** Where an input came from, for issue paths: `body.form.mileage`, `query.limit`. */
export type InputPart = 'path' | 'query' | 'body';

/** Parses one part of a request against its schema, or throws 400 naming every field at fault. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, part: InputPart): z.output<S> {
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
