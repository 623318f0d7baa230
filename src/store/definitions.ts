import { compile, CompileError } from '../model/compile.ts';
import { hasSqlState, StoreError } from './errors.ts';
import { iso, json } from './values.ts';
import type { Queryable } from './db.ts';
import type { Store } from './store.ts';
import type { CompiledProcess, ProcessDefinition } from '../model/types.ts';

/** Versioned SOP definitions: drafts are edited in place; published versions never change. */

export type DefinitionStatus = 'draft' | 'published' | 'retired';
export type SourceFormat = 'yaml' | 'bpmn' | 'json';

export interface DefinitionInput {
  readonly orgId: string;
  /** The parsed definition (its `key` and `version` name the row). */
  readonly definition: ProcessDefinition;
  /** The text as authored; default: the definition as JSON. */
  readonly source?: string;
  readonly format?: SourceFormat;
}

export interface DefinitionRow {
  readonly orgId: string;
  readonly key: string;
  readonly version: number;
  readonly status: DefinitionStatus;
  readonly format: SourceFormat;
  readonly source: string;
  readonly compiled: CompiledProcess;
  readonly createdAt: Date;
  readonly publishedAt: Date | null;
}

const cacheKey = (orgId: string, key: string, version: number): string => `${orgId}/${key}/${version}`;

function compiled(def: ProcessDefinition): CompiledProcess {
  try {
    return compile(def);
  } catch (e) {
    if (e instanceof CompileError) throw new StoreError('DEFINITION_INVALID', `${def.key} v${def.version} does not compile:\n${e.message}`, { cause: e });
    throw e;
  }
}

function immutable(e: unknown): never {
  if (hasSqlState(e, 'SF001')) throw new StoreError('DEFINITION_IMMUTABLE', (e as Error).message, { cause: e });
  throw e;
}

/** Saves (or overwrites) a draft version; refuses when that version is already published. */
export async function saveDraft(q: Queryable, input: DefinitionInput, opts: { now: number }): Promise<void> {
  const def = input.definition;
  const proc = compiled(def);
  try {
    await q.query(
      `INSERT INTO definitions (org_id, key, version, status, format, source, compiled, created_at)
       VALUES ($1, $2, $3, 'draft', $4, $5, $6::jsonb, $7)
       ON CONFLICT (org_id, key, version) DO UPDATE SET format = EXCLUDED.format, source = EXCLUDED.source, compiled = EXCLUDED.compiled`,
      [input.orgId, def.key, def.version, input.format ?? 'json', input.source ?? JSON.stringify(def), json(proc), iso(opts.now)],
    );
  } catch (e) {
    immutable(e);
  }
}

/**
 * Publishes a version so cases can run on it. Given a definition, it is compiled and stored as
 * published in one step (publishing the same text again is a no-op; different text under a
 * published version number is DEFINITION_IMMUTABLE). Given only key and version, the draft is
 * published.
 */
export async function publishDefinition(
  q: Queryable,
  input: DefinitionInput | { readonly orgId: string; readonly key: string; readonly version: number },
  opts: { now: number },
): Promise<{ key: string; version: number }> {
  if ('definition' in input) {
    const def = input.definition;
    const proc = compiled(def);
    const source = input.source ?? JSON.stringify(def);
    try {
      // Insert as published, or publish the draft of that number; the trigger refuses to change
      // a published row, and `source IS DISTINCT` keeps an identical re-publish a no-op.
      await q.query(
        `INSERT INTO definitions (org_id, key, version, status, format, source, compiled, created_at, published_at)
         VALUES ($1, $2, $3, 'published', $4, $5, $6::jsonb, $7, $7)
         ON CONFLICT (org_id, key, version) DO UPDATE
           SET status = 'published', format = EXCLUDED.format, source = EXCLUDED.source, compiled = EXCLUDED.compiled,
               published_at = EXCLUDED.published_at
         WHERE definitions.status = 'draft' OR definitions.source IS DISTINCT FROM EXCLUDED.source`,
        [input.orgId, def.key, def.version, input.format ?? 'json', source, json(proc), iso(opts.now)],
      );
    } catch (e) {
      immutable(e);
    }
    return { key: def.key, version: def.version };
  }
  const r = await q.query(
    `UPDATE definitions SET status = 'published', published_at = $4 WHERE org_id = $1 AND key = $2 AND version = $3 AND status = 'draft'`,
    [input.orgId, input.key, input.version, iso(opts.now)],
  );
  if (r.rowCount === 0) {
    const row = await getDefinition(q, input.orgId, input.key, input.version);
    if (row === undefined) throw new StoreError('DEFINITION_NOT_FOUND', `there is no ${input.key} v${input.version} to publish`);
    if (row.status === 'retired') throw new StoreError('DEFINITION_IMMUTABLE', `${input.key} v${input.version} is retired and cannot be published again`);
  }
  return { key: input.key, version: input.version };
}

/** Retires a published version: no new cases start on it; running cases finish on it. */
export async function retireDefinition(q: Queryable, orgId: string, key: string, version: number, opts: { now: number }): Promise<void> {
  const r = await q.query(`UPDATE definitions SET status = 'retired', retired_at = $4 WHERE org_id = $1 AND key = $2 AND version = $3 AND status = 'published'`, [
    orgId,
    key,
    version,
    iso(opts.now),
  ]);
  if (r.rowCount === 0) throw new StoreError('DEFINITION_NOT_FOUND', `there is no published ${key} v${version} to retire`);
}

/** One stored version, any status. */
export async function getDefinition(q: Queryable, orgId: string, key: string, version: number): Promise<DefinitionRow | undefined> {
  const row = (
    await q.query<Record<string, unknown>>(
      `SELECT org_id, key, version, status, format, source, compiled, created_at, published_at FROM definitions WHERE org_id = $1 AND key = $2 AND version = $3`,
      [orgId, key, version],
    )
  ).rows[0];
  if (row === undefined) return undefined;
  return {
    orgId: row.org_id as string,
    key: row.key as string,
    version: row.version as number,
    status: row.status as DefinitionStatus,
    format: row.format as SourceFormat,
    source: row.source as string,
    compiled: row.compiled as CompiledProcess,
    createdAt: row.created_at as Date,
    publishedAt: (row.published_at as Date | null) ?? null,
  };
}

/** The runnable graph of a published (or retired) version: from memory after the first load. */
export async function loadProcess(q: Queryable, store: Store, orgId: string, key: string, version: number): Promise<CompiledProcess> {
  const k = cacheKey(orgId, key, version);
  const hit = store.definitions.get(k);
  if (hit !== undefined) return hit;
  const row = (
    await q.query<{ compiled: CompiledProcess }>(`SELECT compiled FROM definitions WHERE org_id = $1 AND key = $2 AND version = $3 AND status <> 'draft'`, [orgId, key, version])
  ).rows[0];
  if (row === undefined) throw new StoreError('DEFINITION_NOT_FOUND', `${key} v${version} is not published in organisation ${orgId}`);
  store.definitions.set(k, row.compiled);
  return row.compiled;
}

/** A given version for a NEW case: it must be published now (not a draft, not retired). */
export async function publishedVersion(q: Queryable, store: Store, orgId: string, key: string, version: number): Promise<CompiledProcess> {
  const row = (await q.query<{ status: DefinitionStatus }>(`SELECT status FROM definitions WHERE org_id = $1 AND key = $2 AND version = $3`, [orgId, key, version])).rows[0];
  if (row?.status !== 'published')
    throw new StoreError('DEFINITION_NOT_FOUND', `${key} v${version} ${row === undefined ? 'does not exist' : `is ${row.status}`}: new cases start on published versions only`);
  return loadProcess(q, store, orgId, key, version);
}

/** The newest published version of a process (what new cases start on). */
export async function latestPublished(q: Queryable, store: Store, orgId: string, key: string): Promise<CompiledProcess> {
  const row = (
    await q.query<{ version: number }>(`SELECT version FROM definitions WHERE org_id = $1 AND key = $2 AND status = 'published' ORDER BY version DESC LIMIT 1`, [orgId, key])
  ).rows[0];
  if (row === undefined) throw new StoreError('DEFINITION_NOT_FOUND', `no published version of process "${key}" in organisation ${orgId}: publish one first`);
  return loadProcess(q, store, orgId, key, row.version);
}
