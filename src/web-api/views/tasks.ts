import { notFound } from '../../api/problem.ts';
import { seesStore } from '../../api/policy/access.ts';
import type { Principal } from '../../api/auth/principal.ts';
import type { ApiDeps } from '../../api/deps.ts';
import type { Queryable } from '../../store/db.ts';
import { dataLabels, definitionOf, definitionsOf, nodeOf, roleName } from './definitions-cache.ts';
import { isoOf, num } from './rows.ts';

/**
 * The inbox and task views. "Mine" is what is claimed by or assigned to me; the queue is open,
 * unassigned work of the roles I hold in each store. Most urgent first: the earliest due time,
 * then priority, then age — the order people should work in.
 */

interface TaskRow {
  id: string;
  case_id: string;
  process_key: string;
  process_version: number;
  node: string;
  role: string;
  store_id: string | null;
  store_name: string | null;
  time_zone: string | null;
  status: string;
  assignee: string | null;
  assignee_name: string | null;
  priority: number;
  created_at: Date;
  due_at: Date | null;
  warn_at: Date | null;
  sla_state: string | null;
  waiting_for_customer: boolean;
  customer_name: string | null;
  total?: string | number;
}

const SELECT = `SELECT t.id, t.case_id, c.process_key, c.process_version, t.node, t.role, t.store_id, s.name AS store_name,
       COALESCE(s.time_zone, o.time_zone) AS time_zone, t.status, t.assignee, a.name AS assignee_name, t.priority,
       t.created_at, t.due_at, t.warn_at, t.sla_state, t.waiting_for_customer, cu.name AS customer_name`;
const FROM = `FROM tasks t JOIN cases c ON c.id = t.case_id JOIN orgs o ON o.id = t.org_id
  LEFT JOIN stores s ON s.id = t.store_id LEFT JOIN staff a ON a.id = t.assignee LEFT JOIN customers cu ON cu.id = c.customer_id`;

async function summaries(q: Queryable, orgId: string, rows: readonly TaskRow[]) {
  const defs = await definitionsOf(q, orgId, rows.map((r) => [r.process_key, r.process_version] as const));
  return rows.map((r) => {
    const def = defs.get(`${r.process_key}@${r.process_version}`);
    return {
      id: r.id,
      caseId: r.case_id,
      processKey: r.process_key,
      processVersion: r.process_version,
      processName: def?.name ?? null,
      node: r.node,
      stepName: nodeOf(def, r.node)?.name ?? null,
      role: r.role,
      roleName: roleName(def, r.role) ?? null,
      storeId: r.store_id,
      storeName: r.store_name,
      timeZone: r.time_zone,
      status: r.status,
      assignee: r.assignee,
      assigneeName: r.assignee_name,
      priority: r.priority,
      createdAt: isoOf(r.created_at),
      dueAt: isoOf(r.due_at),
      warnAt: isoOf(r.warn_at),
      slaState: r.sla_state,
      waitingForCustomer: r.waiting_for_customer,
      customerName: r.customer_name,
    };
  });
}

/** One page of my tasks or of my roles' queues, with the total for paging. */
export async function inboxPage(deps: ApiDeps, p: Principal, scope: 'mine' | 'queue', limit: number, offset: number) {
  const db = deps.store.db;
  const pairs = [...p.roles].flatMap(([store, roles]) => [...roles].map((r) => [store, r]));
  const where =
    scope === 'mine'
      ? `t.org_id = $1 AND t.assignee = $2 AND t.status IN ('open', 'claimed')`
      : `t.org_id = $1 AND t.assignee IS NULL AND t.status = 'open'
         AND EXISTS (SELECT 1 FROM jsonb_array_elements($2::jsonb) r WHERE r->>0 = t.store_id AND r->>1 = t.role)`;
  const params = [p.orgId, scope === 'mine' ? p.staffId : JSON.stringify(pairs)];
  // The page is chosen on the tasks table alone (its partial indexes hold only open work) and
  // only those rows are joined to cases, stores and people; the total is a separate count.
  // Rejected: count(*) OVER () on the joined query — it joins and sorts every open task
  // (10,000 for a busy queue) to show 50.
  const [page, count] = await Promise.all([
    db.query<TaskRow>(
      `WITH page AS (SELECT t.* FROM tasks t WHERE ${where} ORDER BY t.due_at ASC NULLS LAST, t.priority DESC, t.created_at ASC, t.id LIMIT $3 OFFSET $4)
       ${SELECT} FROM page t JOIN cases c ON c.id = t.case_id JOIN orgs o ON o.id = t.org_id
         LEFT JOIN stores s ON s.id = t.store_id LEFT JOIN staff a ON a.id = t.assignee LEFT JOIN customers cu ON cu.id = c.customer_id
       ORDER BY t.due_at ASC NULLS LAST, t.priority DESC, t.created_at ASC, t.id`,
      [...params, limit, offset],
    ),
    db.query<{ n: string }>(`SELECT count(*) AS n FROM tasks t WHERE ${where}`, params),
  ]);
  const r = page;
  const total = num(count.rows[0]?.n);
  return { items: await summaries(db, p.orgId, r.rows), total };
}

/** Task summaries by id (open tasks of a case page). */
export async function taskSummaries(q: Queryable, orgId: string, where: string, params: readonly unknown[]) {
  const r = await q.query<TaskRow>(`${SELECT} ${FROM} WHERE t.org_id = $1 AND ${where} ORDER BY t.created_at`, [orgId, ...params]);
  return summaries(q, orgId, r.rows);
}

/** Everything the task page shows: the task, its step, the case data, the customer. */
export async function taskDetail(deps: ApiDeps, p: Principal, taskId: string) {
  const db = deps.store.db;
  const r = await db.query<TaskRow & { data: Record<string, unknown>; customer_id: string | null; result: unknown; tier: string | null; owner_name: string | null; case_count: string | null; owe_cents: string | null }>(
    `${SELECT}, c.state->'data' AS data, c.customer_id, t.result, cu.tier, ow.name AS owner_name,
            (SELECT count(*) FROM cases cc WHERE cc.customer_id = c.customer_id AND cc.org_id = c.org_id) AS case_count,
            (SELECT sum(-mc.balance) FROM membership_cards mc WHERE mc.customer_id = c.customer_id AND mc.kind = 'balance' AND mc.balance < 0) AS owe_cents
     ${FROM} LEFT JOIN staff ow ON ow.id = cu.owner_staff_id WHERE t.org_id = $1 AND t.id = $2`,
    [p.orgId, taskId],
  );
  const row = r.rows[0];
  if (row === undefined || !seesStore(p, row.store_id)) throw notFound('task', taskId);
  const [summary] = await summaries(db, p.orgId, [row]);
  const def = await definitionOf(db, p.orgId, row.process_key, row.process_version);
  const node = nodeOf(def, row.node);
  const step = node?.kind === 'human' ? node : undefined;
  return {
    ...summary,
    step: {
      name: node?.name ?? { en: row.node },
      ...(node?.description ? { description: node.description } : {}),
      ...(step?.script ? { script: step.script } : {}),
      ...(step?.checklist ? { checklist: step.checklist } : {}),
      ...(step?.form ? { form: step.form } : {}),
    },
    caseData: row.data ?? {},
    variables: dataLabels(def),
    customer: row.customer_id === null ? null : { id: row.customer_id, name: row.customer_name, tier: row.tier, ownerName: row.owner_name, caseCount: num(row.case_count), outstandingCents: num(row.owe_cents) },
    result: row.result ?? null,
  };
}
