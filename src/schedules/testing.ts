import { readFileSync } from 'node:fs';
import { parseSop } from '../model/yaml/read.ts';
import { publishDefinition } from '../store/definitions.ts';
import { TEMPLATE_CALENDARS } from '../../templates/testing.ts';
import type { Db } from '../store/db.ts';

/** Publishes a template from templates/ into an organisation (for tests of this area). */
export async function publishTemplate(db: Db, orgId: string, path: string, now: number): Promise<string> {
  const source = readFileSync(new URL(`../../templates/${path}`, import.meta.url), 'utf8');
  const definition = parseSop(source, path);
  await publishDefinition(db, { orgId, definition, source, format: 'yaml' }, { now });
  return definition.key;
}

/** Gives an organisation the templates' named calendars (campus, office, store: Asia/Shanghai). */
export async function useTemplateCalendars(db: Db, orgId: string): Promise<void> {
  await db.query(`UPDATE orgs SET calendars = $2::jsonb, calendars_rev = calendars_rev + 1 WHERE id = $1`, [orgId, JSON.stringify(TEMPLATE_CALENDARS)]);
}
