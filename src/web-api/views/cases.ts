import { notFound } from '../../api/problem.ts';
import { seesStore, visibleStores } from '../../api/policy/access.ts';
import type { Principal } from '../../api/auth/principal.ts';
import type { ApiDeps } from '../../api/deps.ts';
import type { CaseState } from '../../engine/types.ts';
import type { Queryable } from '../../store/db.ts';
import { dataLabels, definitionOf, definitionsOf, nodeOf } from './definitions-cache.ts';
import { isoOf, num, storeFilter, visibleStoreSql } from './rows.ts';
import { taskSummaries } from './tasks.ts';

export interface CaseFilter {
  readonly status?: string | undefined;
  readonly process?: string | undefined;
  readonly store?: string | undefined;
  readonly sla?: string | undefined;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly q?: string | undefined;
  readonly ids?: readonly string[] | undefined;
}

interface CaseRow {
  id: string;
  process_key: string;
  process_version: number;
  status: CaseState['status'];
  store_id: string | null;
  store_name: string | null;
  time_zone: string;
  customer_name: string | null;
  started_at: Date;
  ended_at: Date | null;
  sla_state: string | null;
  sla_due_at: Date | null;
  outcome: string | null;
  open_nodes: string[] | null;
  total?: string;
}

export const CASE_SELECT = `SELECT c.id, c.process_key, c.process_version, c.status, c.store_id, s.name AS store_name,
       COALESCE(s.time_zone, o.time_zone) AS time_zone, cu.name AS customer_name, c.started_at, c.ended_at,
       c.sla_state, c.sla_due_at, c.outcome,
       (SELECT array_agg(x->>'node') FROM jsonb_array_elements(c.state->'tasks') x) AS open_nodes`;
export const CASE_FROM = `FROM cases c JOIN orgs o ON o.id = c.org_id LEFT JOIN stores s ON s.id = c.store_id LEFT JOIN customers cu ON cu.id = c.customer_id`;

/** Case rows as list items (process and current step names from the definitions). */
export async function caseSummaries(q: Queryable, orgId: string, rows: readonly CaseRow[]) {
  const defs = await definitionsOf(q, orgId, rows.map((r) => [r.process_key, r.process_version] as const));
  return rows.map((r) => {
    const def = defs.get(`${r.process_key}@${r.process_version}`);
    return {
      id: r.id,
      processKey: r.process_key,
      processVersion: r.process_version,
      processName: def?.name ?? null,
      status: r.status,
      storeId: r.store_id,
      storeName: r.store_name,
      timeZone: r.time_zone,
      customerName: r.customer_name,
      startedAt: isoOf(r.started_at),
      endedAt: isoOf(r.ended_at),
      slaState: r.sla_state,
      slaDueAt: isoOf(r.sla_due_at),
      outcome: r.outcome,
      current: [...new Set(r.open_nodes ?? [])].map((n) => nodeOf(def, n)?.name ?? { en: n }),
    };
  });
}

/** A page of cases the caller may see, filtered, newest first. */
export async function casePage(deps: ApiDeps, p: Principal, f: CaseFilter, limit: number, offset: number) {
  const db = deps.store.db;
  const params: unknown[] = [p.orgId, storeFilter(visibleStores(p))];
  const where = [`c.org_id = $1`, visibleStoreSql('c.store_id', 2)];
  const add = (sql: (n: number) => string, v: unknown) => {
    params.push(v);
    where.push(sql(params.length));
  };
  if (f.status) add((n) => `c.status = $${n}`, f.status);
  if (f.process) add((n) => `c.process_key = $${n}`, f.process);
  if (f.store) add((n) => `c.store_id = $${n}`, f.store);
  if (f.sla) add((n) => `c.sla_state = $${n}`, f.sla);
  if (f.from !== undefined) add((n) => `c.started_at >= $${n}`, new Date(f.from).toISOString());
  if (f.to !== undefined) add((n) => `c.started_at < $${n}`, new Date(f.to).toISOString());
  if (f.ids && f.ids.length > 0) add((n) => `c.id IN (SELECT jsonb_array_elements_text($${n}::jsonb))`, JSON.stringify(f.ids));
  if (f.q) add((n) => `(c.id ILIKE $${n} || '%' OR cu.name ILIKE '%' || $${n} || '%' OR (c.state->'data')::text ILIKE '%' || $${n} || '%')`, f.q.replace(/[%_\\]/g, (m) => `\\${m}`));
  params.push(limit, offset);
  const r = await db.query<CaseRow>(
    `${CASE_SELECT}, count(*) OVER () AS total ${CASE_FROM} WHERE ${where.join(' AND ')}
     ORDER BY c.started_at DESC, c.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return { items: await caseSummaries(db, p.orgId, r.rows), total: num(r.rows[0]?.total) };
}

/** One case with its definition, position, clocks, timeline (events and comments) and task results. */
export async function caseDetail(deps: ApiDeps, p: Principal, caseId: string) {
  const db = deps.store.db;
  const row = (await db.query<CaseRow & { state: CaseState }>(`${CASE_SELECT}, c.state ${CASE_FROM} WHERE c.org_id = $1 AND c.id = $2`, [p.orgId, caseId])).rows[0];
  if (row === undefined || !seesStore(p, row.store_id)) throw notFound('case', caseId);
  const [summary] = await caseSummaries(db, p.orgId, [row]);
  const def = await definitionOf(db, p.orgId, row.process_key, row.process_version);
  const events = await db.query<{ seq: string; scope: string; activity: string; lifecycle: string; at: Date; resource: string | null; resource_name: string | null; task_id: string | null; attrs: unknown }>(
    `SELECT e.seq, e.scope, e.activity, e.lifecycle, e.at, e.resource, st.name AS resource_name, e.task_id, e.attrs
       FROM events e LEFT JOIN staff st ON st.id = e.resource WHERE e.case_id = $1 AND e.org_id = $2 ORDER BY e.seq`,
    [caseId, p.orgId],
  );
  const comments = await db.query<{ id: string; body: string; created_at: Date; author_id: string; author_name: string | null }>(
    `SELECT cc.id, cc.body, cc.created_at, cc.author_id, st.name AS author_name FROM case_comments cc LEFT JOIN staff st ON st.id = cc.author_id
      WHERE cc.case_id = $1 AND cc.org_id = $2 ORDER BY cc.created_at`,
    [caseId, p.orgId],
  );
  const closed = await db.query<{ id: string; node: string; closed_at: Date; closed_by: string | null; result: unknown }>(
    `SELECT id, node, closed_at, closed_by, result FROM tasks WHERE case_id = $1 AND org_id = $2 AND status = 'completed' ORDER BY closed_at`,
    [caseId, p.orgId],
  );
  const timeline = [
    ...events.rows.map((e) => ({
      seq: num(e.seq),
      kind: 'event' as const,
      scope: e.scope,
      activity: e.activity,
      activityName: nodeOf(def, e.activity)?.name ?? null,
      lifecycle: e.lifecycle,
      at: isoOf(e.at)!,
      resource: e.resource,
      resourceName: e.resource_name,
      taskId: e.task_id,
      attrs: e.attrs ?? null,
    })),
    ...comments.rows.map((c) => ({ seq: `c-${c.id}`, kind: 'comment' as const, at: isoOf(c.created_at)!, resource: c.author_id, resourceName: c.author_name, text: c.body })),
  ].sort((a, b) => a.at.localeCompare(b.at) || String(a.seq).localeCompare(String(b.seq), undefined, { numeric: true }));

  const state = row.state;
  const clocks = [
    ...(state.sla ? [{ target: 'case', state: state.sla.state, startedAt: isoOf(state.sla.startedAt), dueAt: isoOf(state.sla.dueAt), warnAt: isoOf(state.sla.warnAt ?? null), pausedAt: isoOf(state.sla.pausedAt ?? null), closedAt: isoOf(state.endedAt ?? null) }] : []),
    ...state.tasks.filter((t) => t.sla).map((t) => ({ target: t.node, name: nodeOf(def, t.node)?.name ?? null, state: t.sla!.state, startedAt: isoOf(t.sla!.startedAt), dueAt: isoOf(t.sla!.dueAt), warnAt: isoOf(t.sla!.warnAt ?? null), pausedAt: isoOf(t.sla!.pausedAt ?? null), closedAt: null })),
  ];
  const done = [...new Set(events.rows.filter((e) => e.scope === 'step' && (e.lifecycle === 'complete' || e.lifecycle === 'autoskip')).map((e) => e.activity))];
  return {
    ...summary,
    data: state.data,
    timeline,
    clocks,
    position: { active: [...new Set(state.tokens.map((t) => t.node))], done },
    tasks: await taskSummaries(db, p.orgId, `t.case_id = $2 AND t.status IN ('open', 'claimed')`, [caseId]),
    definition: def === undefined ? { key: row.process_key, version: row.process_version, name: { en: row.process_key }, roles: [], nodes: [] } : definitionView(def),
    completedSteps: closed.rows.map((t) => ({ taskId: t.id, node: t.node, closedAt: isoOf(t.closed_at), closedBy: t.closed_by, result: t.result ?? null })),
  };
}

/** What the pages read of a definition. */
export function definitionView(def: import('../../model/types.ts').ProcessDefinition) {
  return {
    key: def.key,
    version: def.version,
    name: def.name,
    ...(def.description ? { description: def.description } : {}),
    ...(def.industry ? { industry: def.industry } : {}),
    ...(def.seeds ? { seeds: def.seeds } : {}),
    roles: def.roles,
    variables: dataLabels(def),
    nodes: def.nodes,
  };
}
