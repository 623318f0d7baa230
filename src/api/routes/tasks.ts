import { z } from 'zod';
import { EngineError } from '../../engine/errors.ts';
import { runTaskAction } from '../cases/command.ts';
import { requireCertified, requireCertifiedFrom, type CertFacts } from '../../staff/certification/api-check.ts';
import { managesStore, overseenStores, seesPersonalData, seesStore, worksRole } from '../policy/access.ts';
import { ApiProblem, forbidden, notFound } from '../problem.ts';
import { decodeCursor, paginate } from '../pagination.ts';
import { detailOf, processOf, readCase, readTask, taskFromRow } from '../repo/cases.ts';
import { inboxKey, listInbox, type InboxKey } from '../repo/lists.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { idSchema, pageOf, pageQuery } from '../schemas/common.ts';
import { completeSchema, reassignSchema, roleIdSchema, taskActionResultSchema, taskDetailSchema, taskSchema, versionOnlySchema } from '../schemas/cases.ts';
import type { Principal } from '../auth/principal.ts';
import type { TaskRow } from '../repo/cases.ts';
import type { CompiledProcess } from '../../model/types.ts';
import type { Queryable } from '../../store/db.ts';

/**
 * The inbox and task actions. Who may act on a task:
 * - claim: people holding the task's role in its store;
 * - complete, release, wait for / resume with the customer: whoever holds the task, or (while it
 *   is open) people holding its role there;
 * - reassign: managers of the store.
 * The engine then decides whether the task's state allows it (409 when someone was faster).
 */

const taskParams = z.strictObject({ taskId: idSchema });

function mayWork(p: Principal, t: TaskRow): boolean {
  return t.assignee === p.staffId || worksRole(p, t.store_id, t.role);
}

function needWork(p: Principal, t: TaskRow, what: string): void {
  if (!mayWork(p, t)) throw forbidden(`you do not hold the role "${t.role}" in store ${t.store_id ?? '-'}, so you cannot ${what} this task`);
}

/** The caller's certificate check for the task's step: on facts read with the task when there are some, else by query. */
async function certified(q: Queryable, p: Principal, t: TaskRow, proc: CompiledProcess, now: number, certs: CertFacts | undefined): Promise<void> {
  if (certs !== undefined) requireCertifiedFrom(certs, p.staffId, t, proc, now);
  else await requireCertified(q, p.orgId, p.staffId, t, proc, now);
}

/** Engine form/checklist issues named by where they are in the request body. */
function locateIssues(e: unknown): never {
  if (e instanceof EngineError && (e.code === 'FORM_INVALID' || e.code === 'CHECKLIST_FAILED')) {
    const part = e.code === 'FORM_INVALID' ? 'body.form' : 'body.checklist';
    throw new ApiProblem(422, e.code, e.message, { issues: e.issues.map((i) => ({ path: `${part}.${i.field}`, message: i.message })) });
  }
  throw e;
}

const actionResponses = { 200: { description: 'Done: the task, the case and its open tasks now', schema: taskActionResultSchema } };

async function procs(rows: readonly TaskRow[], load: (k: string, v: number) => Promise<CompiledProcess | undefined>): Promise<Map<string, CompiledProcess | undefined>> {
  const m = new Map<string, CompiledProcess | undefined>();
  for (const r of rows) {
    const k = `${r.process_key}@${r.process_version}`;
    if (!m.has(k)) m.set(k, await load(r.process_key, r.process_version));
  }
  return m;
}

/** The task routes. */
export const taskRoutes: RouteDef[] = [
  defineRoute({
    method: 'get',
    path: '/api/inbox',
    operationId: 'inbox',
    tag: 'tasks',
    summary: 'Open tasks, most urgent first (due time, then priority), with their SLA state',
    description:
      '`view=inbox` (default): tasks you hold plus the open queues of your roles in your stores. `mine`: only tasks you hold. `queue`: only your roles\' open queues. `store`: all open work of the stores you manage or audit (managers, auditors, admins; 403 for others).',
    access: 'signedIn',
    query: z.strictObject({
      ...pageQuery,
      view: z.enum(['inbox', 'mine', 'queue', 'store']).default('inbox'),
      storeId: idSchema.optional(),
      role: roleIdSchema.optional(),
      sla: z.enum(['ok', 'warning', 'breached', 'overdue']).optional(),
    }),
    responses: { 200: { description: 'A page of tasks', schema: pageOf(taskSchema) } },
    async handler({ query, principal: p, rc }) {
      let after: InboxKey | undefined;
      if (query.cursor !== undefined) {
        const k = decodeCursor(query.cursor, 4);
        if (!(k[0] === null || typeof k[0] === 'string') || typeof k[1] !== 'number' || typeof k[2] !== 'string' || typeof k[3] !== 'string' || Number.isNaN(Date.parse(k[2])) || (k[0] !== null && Number.isNaN(Date.parse(k[0]))))
          throw new ApiProblem(400, 'INVALID_CURSOR', 'the cursor is not one this server gave out; start again without ?cursor=');
        after = k as InboxKey;
      }
      const oversees = overseenStores(p);
      if (query.view === 'store' && oversees !== 'all' && oversees.length === 0)
        throw forbidden('the store view of all open work is for managers and auditors; your inbox is view=inbox (your tasks and your roles\' queues)');
      const db = rc.deps.store.db;
      const rows = await listInbox(db, p.orgId, { view: query.view, staffId: p.staffId, stores: oversees, storeId: query.storeId, role: query.role, sla: query.sla, now: rc.now }, after, query.limit + 1);
      const m = await procs(rows, (k, v) => processOf(db, rc.deps.store, p.orgId, k, v).catch(() => undefined));
      return { status: 200, body: paginate(rows, query.limit, inboxKey, (r) => taskFromRow(r, m.get(`${r.process_key}@${r.process_version}`), rc.now)) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/tasks/{taskId}',
    operationId: 'getTask',
    tag: 'tasks',
    summary: 'One task with what its step asks for (form, checklist, script) and its case',
    access: 'signedIn',
    params: taskParams,
    responses: { 200: { description: 'The task', schema: taskDetailSchema } },
    async handler({ params, principal: p, rc }) {
      const db = rc.deps.store.db;
      const t = await readTask(db, p.orgId, params.taskId);
      if (t === undefined || !seesStore(p, t.store_id)) throw notFound('task', params.taskId);
      const proc = await processOf(db, rc.deps.store, p.orgId, t.process_key, t.process_version);
      const c = await readCase(db, p.orgId, t.case_id);
      const node = proc.nodes[t.node];
      const human = node?.kind === 'human' ? node : undefined;
      return {
        status: 200,
        body: {
          task: taskFromRow(t, proc, rc.now),
          step: {
            id: t.node,
            name: node?.name ?? { en: t.node },
            description: node?.description ?? null,
            form: [...(human?.form ?? [])],
            checklist: human?.checklist ?? null,
            script: [...(human?.script ?? [])],
            touchpoint: human?.touchpoint ?? false,
          },
          case: detailOf(c!, proc, rc.now, !seesPersonalData(p, t.store_id)),
        },
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/tasks/{taskId}/claim',
    operationId: 'claimTask',
    tag: 'tasks',
    summary: 'Take a task from your role\'s queue (claiming one you hold already changes nothing)',
    access: 'signedIn',
    params: taskParams,
    body: versionOnlySchema,
    responses: actionResponses,
    problems: [409],
    async handler({ params, body, principal: p, rc }) {
      return runTaskAction(rc, p, params.taskId, body?.expectedVersion, {
        authorise: (t) => {
          if (t.assignee !== p.staffId && !worksRole(p, t.store_id, t.role)) throw forbidden(`you do not hold the role "${t.role}" in store ${t.store_id ?? '-'}, so you cannot claim this task`);
        },
        check: async (q, t, proc, certs) => {
          if (t.assignee !== p.staffId) await certified(q, p, t, proc, rc.now, certs);
        },
        command: () => ({ type: 'claim', taskId: params.taskId, by: p.staffId }),
        audit: (t, out) => ({ action: 'task.claim', targetType: 'task', targetId: t.id, storeId: t.store_id, before: { status: t.status, assignee: t.assignee }, after: { status: 'claimed', assignee: p.staffId, caseVersion: out.version } }),
      });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/tasks/{taskId}/release',
    operationId: 'releaseTask',
    tag: 'tasks',
    summary: 'Put a task you hold back into its role\'s queue',
    access: 'signedIn',
    params: taskParams,
    body: versionOnlySchema,
    responses: actionResponses,
    problems: [409],
    async handler({ params, body, principal: p, rc }) {
      return runTaskAction(rc, p, params.taskId, body?.expectedVersion, {
        authorise: (t) => needWork(p, t, 'release'),
        command: () => ({ type: 'release', taskId: params.taskId, by: p.staffId }),
        audit: (t, out) => ({ action: 'task.release', targetType: 'task', targetId: t.id, storeId: t.store_id, before: { status: t.status, assignee: t.assignee }, after: { status: 'open', assignee: null, caseVersion: out.version } }),
      });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/tasks/{taskId}/complete',
    operationId: 'completeTask',
    tag: 'tasks',
    summary: 'Complete a task with its form and checklist; the SOP checks them (422 names each field at fault)',
    description: 'An open task is claimed and completed in one go. The answer lists the case\'s open tasks now: the next steps.',
    access: 'signedIn',
    params: taskParams,
    body: completeSchema.optional(),
    responses: actionResponses,
    problems: [409],
    async handler({ params, body, principal: p, rc }) {
      return runTaskAction(rc, p, params.taskId, body?.expectedVersion, {
        authorise: (t) => needWork(p, t, 'complete'),
        check: async (q, t, proc, certs) => {
          if (t.assignee !== p.staffId) await certified(q, p, t, proc, rc.now, certs);
        },
        command: () => ({ type: 'complete', taskId: params.taskId, by: p.staffId, form: body?.form, checklist: body?.checklist }),
        audit: (t, out) => ({
          action: 'task.complete',
          targetType: 'task',
          targetId: t.id,
          storeId: t.store_id,
          before: { status: t.status, assignee: t.assignee },
          // Form values may be personal: the audit names the fields; the values are in the task's result.
          after: { status: 'completed', caseVersion: out.version, formFields: Object.keys(body?.form ?? {}), checklistItems: Object.keys(body?.checklist ?? {}) },
        }),
      }).catch(locateIssues);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/tasks/{taskId}/reassign',
    operationId: 'reassignTask',
    tag: 'tasks',
    summary: 'Give a task to a person holding its role in the store, or move it to another role\'s queue (store managers)',
    access: 'signedIn',
    params: taskParams,
    body: reassignSchema,
    responses: actionResponses,
    problems: [409],
    async handler({ params, body, principal: p, rc }) {
      return runTaskAction(rc, p, params.taskId, body.expectedVersion, {
        authorise: (t) => {
          if (!managesStore(p, t.store_id)) throw forbidden('only managers of the store (and admins) reassign tasks');
        },
        check: async (q, t, proc) => {
          if ('staffId' in body.to) {
            const ok = (
              await q.query(
                `SELECT 1 FROM staff s JOIN staff_roles sr ON sr.staff_id = s.id WHERE s.id = $1 AND s.org_id = $2 AND s.active AND sr.store_id = $3 AND sr.role = $4`,
                [body.to.staffId, p.orgId, t.store_id, t.role],
              )
            ).rows.length > 0;
            if (!ok)
              throw new ApiProblem(422, 'ASSIGNEE_NOT_QUALIFIED', `${body.to.staffId} is not an active holder of the role "${t.role}" in store ${t.store_id}; give them the role first (PUT /api/staff/{id}/roles)`, {
                issues: [{ path: 'body.to.staffId', message: 'does not hold the role here' }],
              });
            await requireCertified(q, p.orgId, body.to.staffId, t, proc, rc.now);
          } else if (!proc.definition.roles.some((r) => r.id === (body.to as { role: string }).role)) {
            throw new ApiProblem(422, 'UNKNOWN_ROLE', `"${body.to.role}" is not a role of ${proc.definition.key}; its roles are ${proc.definition.roles.map((r) => r.id).join(', ')}`, {
              issues: [{ path: 'body.to.role', message: 'not a role of this SOP' }],
            });
          }
        },
        command: () => ({ type: 'reassign', taskId: params.taskId, to: body.to, by: p.staffId }),
        audit: (t, out) => ({ action: 'task.reassign', targetType: 'task', targetId: t.id, storeId: t.store_id, before: { role: t.role, assignee: t.assignee }, after: { ...body.to, caseVersion: out.version } }),
      });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/tasks/{taskId}/wait-for-customer',
    operationId: 'waitForCustomer',
    tag: 'tasks',
    summary: 'Mark a task as waiting for the customer (the SLA clock pauses if the SOP says so)',
    access: 'signedIn',
    params: taskParams,
    body: versionOnlySchema,
    responses: actionResponses,
    problems: [409],
    async handler({ params, body, principal: p, rc }) {
      return runTaskAction(rc, p, params.taskId, body?.expectedVersion, {
        authorise: (t) => needWork(p, t, 'pause'),
        command: () => ({ type: 'waitForCustomer', taskId: params.taskId, by: p.staffId }),
        audit: (t, out) => ({ action: 'task.wait', targetType: 'task', targetId: t.id, storeId: t.store_id, before: { waitingForCustomer: t.waiting_for_customer }, after: { waitingForCustomer: true, caseVersion: out.version } }),
      });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/tasks/{taskId}/customer-responded',
    operationId: 'customerResponded',
    tag: 'tasks',
    summary: 'The customer answered: the task resumes (a paused SLA clock moves its due time later)',
    access: 'signedIn',
    params: taskParams,
    body: versionOnlySchema,
    responses: actionResponses,
    problems: [409],
    async handler({ params, body, principal: p, rc }) {
      return runTaskAction(rc, p, params.taskId, body?.expectedVersion, {
        authorise: (t) => needWork(p, t, 'resume'),
        command: () => ({ type: 'customerResponded', taskId: params.taskId, by: p.staffId }),
        audit: (t, out) => ({ action: 'task.resume', targetType: 'task', targetId: t.id, storeId: t.store_id, before: { waitingForCustomer: t.waiting_for_customer }, after: { waitingForCustomer: false, caseVersion: out.version } }),
      });
    },
  }),
];
