import { z } from 'zod';
import { toBpmn } from '../../model/bpmn/index.ts';
import { toYaml } from '../../model/yaml/write.ts';
import { getDefinition, publishDefinition, retireDefinition, saveDraft } from '../../store/definitions.ts';
import { diffDefinitions } from '../definitions/diff.ts';
import { checkSource, readSource } from '../definitions/read-source.ts';
import { isAdmin } from '../policy/access.ts';
import { ApiProblem, forbidden, notFound } from '../problem.ts';
import { decodeCursor } from '../pagination.ts';
import { listVersions, summarise } from '../repo/definitions.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { pageQuery, versionField } from '../schemas/common.ts';
import { definitionVersionSchema, processKeySchema, processSummarySchema, uploadSchema, validationSchema } from '../schemas/definitions.ts';
import type { Queryable } from '../../store/db.ts';
import type { ProcessDefinition } from '../../model/types.ts';

/**
 * Process definitions: upload YAML as a draft, validate, publish versions, retire, list by
 * industry, diff two versions. Everyone in the organisation reads them (the inbox needs the
 * forms); only admins change them.
 */

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];
const BPMN_TYPES = ['application/xml', 'text/xml', 'application/bpmn+xml'];
const asUpload = {
  mediaTypes: [...YAML_TYPES, ...BPMN_TYPES],
  toBody: (text: string, mediaType: string) => ({ format: BPMN_TYPES.includes(mediaType) ? 'bpmn' : 'yaml', source: text }),
};

/**
 * A version asked for as BPMN: `?format=bpmn`, or an Accept header whose most preferred type is
 * an XML one (a browser's `text/html,…,application/xml;q=0.9` still gets JSON).
 */
function wantsBpmn(format: string | undefined, accept: string | undefined): boolean {
  if (format !== undefined) return format === 'bpmn';
  const ranked = (accept ?? '')
    .toLowerCase()
    .split(',')
    .map((part, i) => {
      const [type = '', ...params] = part.split(';').map((x) => x.trim());
      const q = Number(params.find((p) => p.startsWith('q='))?.slice(2) ?? '1');
      return { type, q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((r) => r.type !== '' && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked[0] !== undefined && BPMN_TYPES.includes(ranked[0].type);
}

const versionParams = z.strictObject({ key: processKeySchema, version: z.coerce.number().pipe(versionField) });

async function version(q: Queryable, orgId: string, key: string, v: number) {
  const row = await getDefinition(q, orgId, key, v);
  if (row === undefined) throw notFound('definition version', `${key} v${v}`);
  return row;
}

function view(row: NonNullable<Awaited<ReturnType<typeof getDefinition>>>) {
  return {
    key: row.key,
    version: row.version,
    status: row.status,
    format: row.format,
    source: row.source,
    definition: row.compiled.definition as unknown as Record<string, unknown>,
    createdAt: row.createdAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
  };
}

function admin(p: Parameters<typeof isAdmin>[0], what: string): void {
  if (!isAdmin(p)) throw forbidden(`only organisation admins ${what}`);
}

/** The definition routes. */
export const definitionRoutes: RouteDef[] = [
  defineRoute({
    method: 'get',
    path: '/api/definitions',
    operationId: 'listDefinitions',
    tag: 'definitions',
    summary: 'Processes of your organisation with their versions, optionally of one industry',
    access: 'signedIn',
    query: z.strictObject({ ...pageQuery, industry: z.string().max(100).optional().describe('e.g. automotive, utilities') }),
    responses: { 200: { description: 'A page of processes', schema: z.object({ items: z.array(processSummarySchema), nextCursor: z.string().nullable() }) } },
    async handler({ query, principal: p, rc }) {
      const after = query.cursor === undefined ? undefined : String(decodeCursor(query.cursor, 1)[0]);
      const rows = await listVersions(rc.deps.store.db, p.orgId, { industry: query.industry, after, limit: query.limit + 1 });
      const all = summarise(rows);
      const items = all.slice(0, query.limit);
      const last = items.at(-1);
      return { status: 200, body: { items, nextCursor: all.length > query.limit && last !== undefined ? Buffer.from(JSON.stringify([last.key])).toString('base64url') : null } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/definitions/validate',
    operationId: 'validateDefinition',
    tag: 'definitions',
    summary: 'Check an SOP without saving it: every problem with line and column',
    access: 'signedIn',
    body: uploadSchema,
    textBody: asUpload,
    responses: { 200: { description: 'The verdict', schema: validationSchema } },
    async handler({ body, rc }) {
      return { status: 200, body: await checkSource(rc, body.format, body.source) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/definitions',
    operationId: 'uploadDefinition',
    tag: 'definitions',
    summary: 'Upload an SOP (YAML or BPMN 2.0 XML) as a draft of the version it declares (admins)',
    description:
      'Send `{"format":"yaml"|"bpmn","source":"…"}` as JSON, or the file itself with `Content-Type: application/yaml` (SOP YAML) or `application/xml` / `text/xml` (BPMN 2.0, see docs/bpmn.md). A draft of the same version is replaced; a published version never changes (409): raise `version:` in the file.',
    access: 'signedIn',
    body: uploadSchema,
    textBody: asUpload,
    idempotent: true,
    responses: { 201: { description: 'Saved as a draft', schema: definitionVersionSchema } },
    problems: [409],
    async handler({ body, principal: p, rc }) {
      admin(p, 'upload definitions');
      const def: ProcessDefinition = await readSource(rc, body.format, body.source);
      return rc.write(p, async (w) => {
        const existing = await getDefinition(w.tx, p.orgId, def.key, def.version);
        if (existing !== undefined && existing.status !== 'draft')
          throw new ApiProblem(409, 'DEFINITION_IMMUTABLE', `${def.key} v${def.version} is ${existing.status} and never changes; set version: ${def.version + 1} (or higher) in the file`);
        await saveDraft(w.tx, { orgId: p.orgId, definition: def, source: body.source, format: body.format }, { now: rc.now });
        w.audit({ action: existing === undefined ? 'definition.draft.create' : 'definition.draft.replace', targetType: 'definition', targetId: `${def.key}@${def.version}`, after: { key: def.key, version: def.version, status: 'draft' } });
        return { status: 201, body: view((await getDefinition(w.tx, p.orgId, def.key, def.version))!), headers: { location: `/api/definitions/${def.key}/versions/${def.version}` } };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/definitions/{key}',
    operationId: 'getProcess',
    tag: 'definitions',
    summary: 'One process with all its versions',
    access: 'signedIn',
    params: z.strictObject({ key: processKeySchema }),
    responses: { 200: { description: 'The process', schema: processSummarySchema } },
    async handler({ params, principal: p, rc }) {
      const one = summarise(await listVersions(rc.deps.store.db, p.orgId, { key: params.key, limit: 1 }))[0];
      if (one === undefined) throw notFound('process', params.key);
      return { status: 200, body: one };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/definitions/{key}/versions/{version}',
    operationId: 'getDefinitionVersion',
    tag: 'definitions',
    summary: 'One version: its source and the parsed definition (steps, forms, checklists, scripts)',
    description:
      'With `?format=bpmn` (or `Accept: application/xml`) the version is answered as BPMN 2.0 XML: the uploaded file when it was uploaded as BPMN (its drawing kept), else exported with a generated layout (docs/bpmn.md). With `?format=yaml`, as SOP YAML (converted when it was uploaded as BPMN).',
    access: 'signedIn',
    params: versionParams,
    query: z.strictObject({ format: z.enum(['json', 'bpmn', 'yaml']).optional().describe('bpmn: answer BPMN 2.0 XML; yaml: answer SOP YAML (converted when uploaded as BPMN)') }),
    responses: { 200: { description: 'The version (JSON, or BPMN 2.0 XML when asked for)', schema: definitionVersionSchema } },
    async handler({ params, query, principal: p, rc }) {
      const row = await version(rc.deps.store.db, p.orgId, params.key, params.version);
      if (query.format === 'yaml') {
        const yaml = row.format === 'yaml' ? row.source : toYaml(row.compiled.definition);
        return { status: 200, body: yaml, headers: { 'content-type': 'application/yaml; charset=utf-8', 'content-disposition': `inline; filename="${row.key}-v${row.version}.yaml"` } };
      }
      if (wantsBpmn(query.format, rc.header('accept'))) {
        const xml = row.format === 'bpmn' ? row.source : await toBpmn(row.compiled.definition);
        return { status: 200, body: xml, headers: { 'content-type': 'application/xml; charset=utf-8', 'content-disposition': `inline; filename="${row.key}-v${row.version}.bpmn"` } };
      }
      return { status: 200, body: view(row) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/definitions/{key}/versions/{version}/publish',
    operationId: 'publishDefinition',
    tag: 'definitions',
    summary: 'Publish a draft: new cases start on the newest published version (admins)',
    access: 'signedIn',
    params: versionParams,
    responses: { 200: { description: 'Published (publishing a published version again changes nothing)', schema: definitionVersionSchema } },
    problems: [409],
    async handler({ params, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const before = await version(w.tx, p.orgId, params.key, params.version);
        admin(p, 'publish definitions');
        if (before.status === 'retired') throw new ApiProblem(409, 'DEFINITION_RETIRED', `${params.key} v${params.version} is retired; publish a new version instead`);
        if (before.status === 'published') return { status: 200, body: view(before) };
        await publishDefinition(w.tx, { orgId: p.orgId, key: params.key, version: params.version }, { now: rc.now });
        w.audit({ action: 'definition.publish', targetType: 'definition', targetId: `${params.key}@${params.version}`, before: { status: before.status }, after: { status: 'published' } });
        return { status: 200, body: view(await version(w.tx, p.orgId, params.key, params.version)) };
      });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/definitions/{key}/versions/{version}/retire',
    operationId: 'retireDefinition',
    tag: 'definitions',
    summary: 'Retire a published version: no new cases start on it; running cases finish on it (admins)',
    access: 'signedIn',
    params: versionParams,
    responses: { 200: { description: 'Retired', schema: definitionVersionSchema } },
    problems: [409],
    async handler({ params, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const before = await version(w.tx, p.orgId, params.key, params.version);
        admin(p, 'retire definitions');
        if (before.status === 'retired') return { status: 200, body: view(before) };
        if (before.status !== 'published') throw new ApiProblem(409, 'NOT_PUBLISHED', `${params.key} v${params.version} is a draft; delete it instead of retiring it`);
        await retireDefinition(w.tx, p.orgId, params.key, params.version, { now: rc.now });
        w.audit({ action: 'definition.retire', targetType: 'definition', targetId: `${params.key}@${params.version}`, before: { status: 'published' }, after: { status: 'retired' } });
        return { status: 200, body: view(await version(w.tx, p.orgId, params.key, params.version)) };
      });
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/definitions/{key}/versions/{version}',
    operationId: 'deleteDraft',
    tag: 'definitions',
    summary: 'Delete a draft (admins); published and retired versions stay forever',
    access: 'signedIn',
    params: versionParams,
    responses: { 204: { description: 'Deleted' } },
    problems: [409],
    async handler({ params, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const before = await version(w.tx, p.orgId, params.key, params.version);
        admin(p, 'delete drafts');
        if (before.status !== 'draft') throw new ApiProblem(409, 'DEFINITION_IMMUTABLE', `${params.key} v${params.version} is ${before.status}: only drafts can be deleted`);
        await w.tx.query(`DELETE FROM definitions WHERE org_id = $1 AND key = $2 AND version = $3 AND status = 'draft'`, [p.orgId, params.key, params.version]);
        w.audit({ action: 'definition.draft.delete', targetType: 'definition', targetId: `${params.key}@${params.version}`, before: { status: 'draft' } });
        return { status: 204 };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/definitions/{key}/diff',
    operationId: 'diffDefinitions',
    tag: 'definitions',
    summary: 'What changed between two versions: steps, roles, variables, settings, and the source lines',
    access: 'signedIn',
    params: z.strictObject({ key: processKeySchema }),
    query: z.strictObject({ from: z.coerce.number().pipe(versionField), to: z.coerce.number().pipe(versionField) }),
    responses: {
      200: {
        description: 'The differences',
        schema: z.object({
          key: z.string(),
          from: z.number().int(),
          to: z.number().int(),
          nodes: z.unknown(),
          roles: z.unknown(),
          variables: z.unknown(),
          process: z.unknown(),
          sourceLines: z.array(z.string()),
        }),
      },
    },
    async handler({ params, query, principal: p, rc }) {
      const [a, b] = await Promise.all([version(rc.deps.store.db, p.orgId, params.key, query.from), version(rc.deps.store.db, p.orgId, params.key, query.to)]);
      const diff = diffDefinitions({ definition: a.compiled.definition, source: a.source }, { definition: b.compiled.definition, source: b.source });
      return { status: 200, body: { key: params.key, from: query.from, to: query.to, ...diff } };
    },
  }),
];
