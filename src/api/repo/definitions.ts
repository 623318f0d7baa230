import type { Queryable } from '../../store/db.ts';
import type { LocalizedText } from '../../model/types.ts';

/** Definition listings for the API (the store owns writes and single-version reads). */

export interface VersionRow {
  readonly key: string;
  readonly version: number;
  readonly status: 'draft' | 'published' | 'retired';
  readonly createdAt: string;
  readonly publishedAt: string | null;
  readonly retiredAt: string | null;
  readonly name: LocalizedText;
  readonly industry: string | null;
}

/** Every version of the processes on this page (keys after `after`, at most `limit` keys), by key then version. */
export async function listVersions(q: Queryable, orgId: string, f: { industry?: string; key?: string; after?: string; limit: number }): Promise<VersionRow[]> {
  const r = await q.query<{ key: string; version: number; status: VersionRow['status']; created_at: Date; published_at: Date | null; retired_at: Date | null; name: LocalizedText; industry: string | null }>(
    `SELECT key, version, status, created_at, published_at, retired_at, compiled->'definition'->'name' AS name, compiled->'definition'->>'industry' AS industry
       FROM definitions
      WHERE org_id = $1 AND key IN (
        SELECT DISTINCT key FROM definitions
         WHERE org_id = $1 AND ($2::text IS NULL OR compiled->'definition'->>'industry' = $2) AND ($3::text IS NULL OR key = $3) AND ($4::text IS NULL OR key > $4)
         ORDER BY key LIMIT $5)
      ORDER BY key, version`,
    [orgId, f.industry ?? null, f.key ?? null, f.after ?? null, f.limit],
  );
  return r.rows.map((x) => ({
    key: x.key,
    version: x.version,
    status: x.status,
    createdAt: x.created_at.toISOString(),
    publishedAt: x.published_at?.toISOString() ?? null,
    retiredAt: x.retired_at?.toISOString() ?? null,
    name: x.name ?? {},
    industry: x.industry,
  }));
}

/** Groups version rows into one summary per process key. */
export function summarise(rows: readonly VersionRow[]) {
  const byKey = new Map<string, VersionRow[]>();
  for (const r of rows) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  return [...byKey].map(([key, versions]) => {
    const newest = versions.at(-1)!;
    const published = versions.filter((v) => v.status === 'published').at(-1);
    return {
      key,
      name: (published ?? newest).name,
      industry: (published ?? newest).industry,
      latestPublished: published?.version ?? null,
      versions: versions.map((v) => ({ version: v.version, status: v.status, createdAt: v.createdAt, publishedAt: v.publishedAt, retiredAt: v.retiredAt })),
    };
  });
}
