import { z } from 'zod';
import { getDefinition, publishDefinition } from '../../store/definitions.ts';
import { isAdmin } from '../policy/access.ts';
import { ApiProblem, forbidden, notFound } from '../problem.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { localizedText } from '../schemas/common.ts';
import { processKeySchema } from '../schemas/definitions.ts';

/** The SOP template library shipped with servflow, and installing a template into your organisation. */

const entrySchema = z
  .object({
    file: z.string(),
    key: z.string(),
    version: z.number().int(),
    name: localizedText,
    description: localizedText.nullable(),
    industry: z.string().nullable(),
    seeds: z.array(z.string()),
    installed: z.enum(['draft', 'published', 'retired']).nullable().describe('Status of this key and version in your organisation, if present'),
  })
  .meta({ id: 'LibraryEntry' });

/** The library routes. */
export const libraryRoutes: RouteDef[] = [
  defineRoute({
    method: 'get',
    path: '/api/library',
    operationId: 'listLibrary',
    tag: 'definitions',
    summary: 'SOP templates shipped with servflow, by industry',
    access: 'signedIn',
    query: z.strictObject({ industry: z.string().max(100).optional() }),
    responses: { 200: { description: 'Templates', schema: z.object({ items: z.array(entrySchema) }) } },
    async handler({ query, principal: p, rc }) {
      const entries = rc.deps.library.filter((e) => query.industry === undefined || e.definition.industry === query.industry);
      const items = [];
      for (const e of entries) {
        const d = e.definition;
        const mine = await getDefinition(rc.deps.store.db, p.orgId, d.key, d.version);
        items.push({ file: e.file, key: d.key, version: d.version, name: d.name, description: d.description ?? null, industry: d.industry ?? null, seeds: [...(d.seeds ?? [])], installed: mine?.status ?? null });
      }
      return { status: 200, body: { items } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/library/install',
    operationId: 'installTemplate',
    tag: 'definitions',
    summary: 'Publish a library template as a definition of your organisation (admins)',
    access: 'signedIn',
    body: z.strictObject({ key: processKeySchema }),
    responses: { 200: { description: 'Installed (installing it again changes nothing)', schema: z.object({ key: z.string(), version: z.number().int(), status: z.literal('published') }) } },
    problems: [409],
    async handler({ body, principal: p, rc }) {
      if (!isAdmin(p)) throw forbidden('only organisation admins install templates');
      const entry = rc.deps.library.find((e) => e.definition.key === body.key);
      if (entry === undefined) throw notFound('library template', body.key);
      const d = entry.definition;
      return rc.write(p, async (w) => {
        const mine = await getDefinition(w.tx, p.orgId, d.key, d.version);
        if (mine !== undefined && mine.status !== 'draft' && mine.source !== entry.source)
          throw new ApiProblem(409, 'DEFINITION_IMMUTABLE', `your organisation already has a different ${d.key} v${d.version}; upload the template under a higher version instead`);
        if (mine?.status === 'published') return { status: 200, body: { key: d.key, version: d.version, status: 'published' } };
        if (mine?.status === 'retired') throw new ApiProblem(409, 'DEFINITION_RETIRED', `${d.key} v${d.version} is retired in your organisation`);
        await publishDefinition(w.tx, { orgId: p.orgId, definition: d, source: entry.source, format: 'yaml' }, { now: rc.now });
        w.audit({ action: 'definition.install', targetType: 'definition', targetId: `${d.key}@${d.version}`, after: { status: 'published', template: entry.file } });
        return { status: 200, body: { key: d.key, version: d.version, status: 'published' } };
      });
    },
  }),
];
