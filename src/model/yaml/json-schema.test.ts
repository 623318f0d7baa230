import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sopJsonSchema, sopJsonSchemaText } from './json-schema.ts';

const committed = new URL('../../../schema/sop.schema.json', import.meta.url);

describe('schema/sop.schema.json', () => {
  it('is the JSON Schema generated from the zod schema (regenerate: npx tsx src/model/yaml/write-json-schema.ts)', () => {
    expect(readFileSync(committed, 'utf8')).toBe(sopJsonSchemaText());
  });

  it('names the reusable parts and rejects unknown keys, as the reader does', () => {
    const schema = sopJsonSchema() as { additionalProperties: boolean; required: string[]; $defs: Record<string, { additionalProperties?: boolean }> };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['key', 'version', 'name', 'nodes']);
    expect(Object.keys(schema.$defs)).toEqual(expect.arrayContaining(['Text', 'TimeLimit', 'Sla', 'Checklist', 'FormField', 'Node', 'HumanNode', 'EndNodeLongForm']));
    expect(schema.$defs['HumanNode']!.additionalProperties).toBe(false);
  });

  it('has only patterns an editor can compile (ECMAScript with the u flag)', () => {
    const patterns = [...sopJsonSchemaText().matchAll(/"pattern": (".*?[^\\]")/g)].map((m) => JSON.parse(m[1]!) as string);
    expect(patterns.length).toBeGreaterThan(0);
    for (const p of patterns) expect(() => new RegExp(p, 'u')).not.toThrow();
  });
});
