/**
 * Regenerates schema/sop.schema.json from the zod schema: `npx tsx src/model/yaml/write-json-schema.ts`.
 * json-schema.test.ts fails while the committed file differs from what this writes.
 */
import { writeFileSync } from 'node:fs';
import { sopJsonSchemaText } from './json-schema.ts';

const target = new URL('../../../schema/sop.schema.json', import.meta.url);
writeFileSync(target, sopJsonSchemaText());
process.stdout.write(`wrote ${target.pathname}\n`);
