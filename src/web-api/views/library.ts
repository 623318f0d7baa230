import { notFound } from '../../api/problem.ts';
import type { Principal } from '../../api/auth/principal.ts';
import type { ApiDeps } from '../../api/deps.ts';
import type { ProcessDefinition } from '../../model/types.ts';
import { definitionOf } from './definitions-cache.ts';
import { definitionView } from './cases.ts';
import { isoOf } from './rows.ts';

/** The organisation's SOPs, one entry per key: newest version, published version, industry, step count. */
export async function librarySummaries(deps: ApiDeps, p: Principal) {
  const r = await deps.store.db.query<{ key: string; version: number; status: string; def: ProcessDefinition; published: number | null }>(
    `SELECT DISTINCT ON (d.key) d.key, d.version, d.status, d.compiled->'definition' AS def,
            (SELECT max(x.version) FROM definitions x WHERE x.org_id = d.org_id AND x.key = d.key AND x.status = 'published') AS published
       FROM definitions d WHERE d.org_id = $1 ORDER BY d.key, d.version DESC`,
    [p.orgId],
  );
  const items = r.rows.map((row) => ({
    key: row.key,
    name: row.def.name,
    ...(row.def.description ? { description: row.def.description } : {}),
    industry: row.def.industry ?? null,
    latestVersion: row.version,
    publishedVersion: row.published,
    status: row.published !== null ? 'published' : row.status,
    steps: row.def.nodes.filter((n) => n.kind === 'human').length,
  }));
  return { items, total: items.length };
}

/** The versions of one SOP, newest first. */
export async function versionsOf(deps: ApiDeps, p: Principal, key: string) {
  const r = await deps.store.db.query<{ version: number; status: string; created_at: Date; published_at: Date | null }>(
    `SELECT version, status, created_at, published_at FROM definitions WHERE org_id = $1 AND key = $2 ORDER BY version DESC`,
    [p.orgId, key],
  );
  if (r.rows.length === 0) throw notFound('SOP', key);
  const items = r.rows.map((v) => ({ key, version: v.version, status: v.status, createdAt: isoOf(v.created_at), publishedAt: isoOf(v.published_at) }));
  return { items, total: items.length };
}

/** One version's definition as the pages read it. */
export async function versionView(deps: ApiDeps, p: Principal, key: string, version: number) {
  const def = await definitionOf(deps.store.db, p.orgId, key, version);
  if (def === undefined) throw notFound('SOP version', `${key} v${version}`);
  return definitionView(def);
}

/** One version's source text (YAML as authored; JSON when it was created through the API as JSON). */
export async function versionSource(deps: ApiDeps, p: Principal, key: string, version: number) {
  const r = await deps.store.db.query<{ source: string; format: string }>(`SELECT source, format FROM definitions WHERE org_id = $1 AND key = $2 AND version = $3`, [p.orgId, key, version]);
  const row = r.rows[0];
  if (row === undefined) throw notFound('SOP version', `${key} v${version}`);
  return { source: row.source, format: row.format };
}
