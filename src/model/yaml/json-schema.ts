import { z } from 'zod';
import { sopFileSchema } from './schema.ts';

/**
 * The JSON Schema of SOP files for editors (VS Code's YAML extension, JetBrains), generated
 * from the zod schema so the two cannot drift; schema/sop.schema.json is its committed copy.
 * It describes shapes only: rules that need the whole file (targets exist, FEEL parses, one of
 * wait:/until:) are checked by `servflow validate`, not by the editor.
 */
export function sopJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(sopFileSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema, title: 'servflow SOP (standard service process)', ...rest };
}

/** The committed file's text: the schema as 2-space JSON with a final newline. */
export function sopJsonSchemaText(): string {
  return `${JSON.stringify(sopJsonSchema(), null, 2)}\n`;
}
