import { z } from 'zod';

/**
 * zod → JSON Schema 2020-12 (what OpenAPI 3.1 embeds), with schemas that carry a `meta({ id })`
 * lifted into `components.schemas` and referenced from everywhere they are used.
 *
 * Request bodies are converted as *input* (defaults make fields optional) and responses as
 * *output*; when the two differ for one id, the input variant is registered as `<id>Input`.
 */
export type JsonSchema = Record<string, unknown>;

/** Collects component schemas while route schemas are converted. */
export class SchemaRegistry {
  readonly components: Record<string, JsonSchema> = {};

  /** The JSON Schema of a zod schema, with named sub-schemas turned into component refs. */
  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const out = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
    delete out.$schema;
    const defs = (out.$defs ?? {}) as Record<string, JsonSchema>;
    delete out.$defs;
    // First pass: every id keeps its name; a def that then differs from the component already
    // registered under that name (input vs output shapes) gets a suffixed name instead.
    const rename = new Map<string, string>(Object.keys(defs).map((id) => [id, id]));
    for (const [id, def] of Object.entries(defs)) {
      const existing = this.components[id];
      if (existing !== undefined && !same(existing, refsFixed(def, rename))) rename.set(id, io === 'input' ? `${id}Input` : `${id}Output`);
    }
    for (const [id, def] of Object.entries(defs)) this.components[rename.get(id)!] ??= refsFixed(def, rename) as JsonSchema;
    return refsFixed(out, rename) as JsonSchema;
  }
}

/** `#/$defs/X` refs rewritten to `#/components/schemas/<renamed X>`. */
function refsFixed(v: unknown, rename: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(v)) return v.map((x) => refsFixed(x, rename));
  if (typeof v !== 'object' || v === null) return v;
  const o: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === '$ref' && typeof x === 'string' && x.startsWith('#/$defs/')) o[k] = `#/components/schemas/${rename.get(x.slice(8)) ?? x.slice(8)}`;
    else o[k] = refsFixed(x, rename);
  }
  return o;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
