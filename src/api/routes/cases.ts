import { z } from 'zod';
import { caseEvents, caseTasks } from '../../store/queries.ts';
import { startCase } from '../../store/cases.ts';
import { StoreError } from '../../store/errors.ts';
import { runCaseAction } from '../cases/command.ts';
import { commentsIn, managesStore, seesPersonalData, seesStore, startsCasesIn, visibleStores } from '../policy/access.ts';
import { ApiProblem, forbidden, notFound } from '../problem.ts';
import { decodeCursor, paginate } from '../pagination.ts';
import { detailOf, processOf, readCase, slaView, stepName, summaryOf } from '../repo/cases.ts';
import { unknownStores } from '../repo/directory.ts';
import { listCases } from '../repo/lists.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { idSchema, isoTime, pageOf, pageQuery } from '../schemas/common.ts';
import { processKeySchema } from '../schemas/definitions.ts';
import {
  cancelSchema,
  caseDetailSchema,
  caseStartSchema,
  caseStatusSchema,
  caseSummarySchema,
  commentCreateSchema,
  commentSchema,
  slaStateSchema,
  timelineSchema,
} from '../schemas/cases.ts';
import type { CompiledProcess } from '../../model/types.ts';

/** Cases: start, list and filter, read with timeline, comment, cancel. */

const caseParams = z.strictObject({ caseId: idSchema });

/** The case routes. */
export const caseRoutes: RouteDef[] = [
  defineRoute({
    method: 'post',
    path: '/api/cases',
    operationId: 'startCase',
    tag: 'cases',
    summary: 'Start a case of a published SOP in a store (staff of that store, its managers, admins)',
    description: 'The case runs on the newest published version unless `version` is given. Its first tasks are in the answer (`openTasks`).',
    access: 'signedIn',
    body: caseStartSchema,
    idempotent: true,
    responses: { 201: { description: 'Started', schema: caseDetailSchema } },
    async handler({ body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        if ((await unknownStores(w.tx, p.orgId, [body.storeId])).length > 0)
          throw new ApiProblem(422, 'UNKNOWN_STORE', `there is no store "${body.storeId}" in your organisation`, { issues: [{ path: 'body.storeId', message: 'unknown store' }] });
        if (!startsCasesIn(p, body.storeId)) throw forbidden(`you have no role in store ${body.storeId}, so you cannot start cases there`);
        let out;
        try {
          out = await startCase(
            w.store,
            { orgId: p.orgId, process: body.process, version: body.version, storeId: body.storeId, customerId: body.customerId, data: body.data, priority: body.priority },
            { now: rc.now, actor: p.staffId },
          );
        } catch (e) {
          if (e instanceof StoreError && e.code === 'DEFINITION_NOT_FOUND')
            throw new ApiProblem(422, 'UNKNOWN_PROCESS', `${e.message} (see GET /api/definitions)`, { issues: [{ path: 'body.process', message: 'not published' }] });
          if (e instanceof StoreError && e.code === 'NOT_FOUND' && body.customerId !== undefined)
            throw new ApiProblem(422, 'UNKNOWN_CUSTOMER', `there is no customer "${body.customerId}" in your organisation (create one with POST /api/customers)`, { issues: [{ path: 'body.customerId', message: 'unknown customer' }] });
          throw e;
        }
        const row = await readCase(w.tx, p.orgId, out.caseId);
        const proc = await processOf(w.tx, w.store, p.orgId, row!.process_key, row!.process_version);
        w.audit({
          action: 'case.start',
          targetType: 'case',
          targetId: out.caseId,
          storeId: body.storeId,
          // Data values may be personal (plates, phones): only which variables were given.
          after: { process: row!.process_key, version: row!.process_version, customerId: body.customerId ?? null, priority: row!.priority, dataFields: Object.keys(body.data ?? {}) },
        });
        rc.annotate({ caseId: out.caseId });
        return { status: 201, body: detailOf(row!, proc, rc.now, !seesPersonalData(p, body.storeId)), headers: { location: `/api/cases/${encodeURIComponent(out.caseId)}` } };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/cases',
    operationId: 'listCases',
    tag: 'cases',
    summary: 'Cases of the stores you can see, newest first, filtered',
    access: 'signedIn',
    query: z.strictObject({
      ...pageQuery,
      status: caseStatusSchema.optional(),
      process: processKeySchema.optional(),
      storeId: idSchema.optional(),
      sla: slaStateSchema.optional().describe('The case-level SLA state'),
      customerId: idSchema.optional(),
      startedFrom: isoTime.optional().describe('Started at or after'),
      startedTo: isoTime.optional().describe('Started before'),
    }),
    responses: { 200: { description: 'A page of cases', schema: pageOf(caseSummarySchema) } },
    async handler({ query, principal: p, rc }) {
      const after = query.cursor === undefined ? undefined : (decodeCursor(query.cursor, 2).map(String) as [string, string]);
      if (after !== undefined && Number.isNaN(Date.parse(after[0]))) throw new ApiProblem(400, 'INVALID_CURSOR', 'the cursor is not one this server gave out; start again without ?cursor=');
      const db = rc.deps.store.db;
      const rows = await listCases(db, p.orgId, { ...query, stores: visibleStores(p) }, after, query.limit + 1);
      const procs = new Map<string, CompiledProcess | undefined>();
      for (const r of rows) {
        const k = `${r.process_key}@${r.process_version}`;
        if (!procs.has(k)) procs.set(k, await processOf(db, rc.deps.store, p.orgId, r.process_key, r.process_version).catch(() => undefined));
      }
      return {
        status: 200,
        body: paginate(rows, query.limit, (r) => [r.started_at.toISOString(), r.id], (r) => summaryOf(r, procs.get(`${r.process_key}@${r.process_version}`))),
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/cases/{caseId}',
    operationId: 'getCase',
    tag: 'cases',
    summary: 'One case: data, open tasks, finished steps, SLA clock, version',
    access: 'signedIn',
    params: caseParams,
    responses: { 200: { description: 'The case', schema: caseDetailSchema } },
    async handler({ params, principal: p, rc }) {
      const db = rc.deps.store.db;
      const row = await readCase(db, p.orgId, params.caseId);
      if (row === undefined || !seesStore(p, row.store_id)) throw notFound('case', params.caseId);
      const proc = await processOf(db, rc.deps.store, p.orgId, row.process_key, row.process_version);
      return { status: 200, body: detailOf(row, proc, rc.now, !seesPersonalData(p, row.store_id)), headers: { etag: `"${row.version}"` } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/cases/{caseId}/timeline',
    operationId: 'getCaseTimeline',
    tag: 'cases',
    summary: 'What happened in a case: every event (who did what and when), all tasks, comments, and the SLA clock',
    access: 'signedIn',
    params: caseParams,
    responses: { 200: { description: 'The timeline', schema: timelineSchema } },
    async handler({ params, principal: p, rc }) {
      const db = rc.deps.store.db;
      const row = await readCase(db, p.orgId, params.caseId);
      if (row === undefined || !seesStore(p, row.store_id)) throw notFound('case', params.caseId);
      const proc = await processOf(db, rc.deps.store, p.orgId, row.process_key, row.process_version);
      const [events, tasks, comments] = await Promise.all([
        caseEvents(db, params.caseId),
        caseTasks(db, params.caseId),
        db.query<{ id: string; author_id: string; body: string; created_at: Date }>(`SELECT id, author_id, body, created_at FROM case_comments WHERE case_id = $1 AND org_id = $2 ORDER BY created_at, id`, [
          params.caseId,
          p.orgId,
        ]),
      ]);
      const iso = (t: number | undefined) => (t === undefined ? null : new Date(t).toISOString());
      return {
        status: 200,
        body: {
          case: summaryOf(row, proc),
          sla: slaView(row.state.sla),
          events: events.map((e) => ({
            seq: e.seq,
            at: new Date(e.at).toISOString(),
            scope: e.scope,
            activity: e.activity,
            activityName: e.scope === 'case' ? (proc.definition.name ?? null) : (proc.nodes[e.activity]?.name ?? null),
            lifecycle: e.lifecycle,
            resource: e.resource ?? null,
            taskId: e.taskId ?? null,
            attrs: e.attrs ?? null,
          })),
          tasks: tasks.map((t) => ({
            id: t.id,
            caseId: t.caseId,
            caseVersion: row.version,
            storeId: row.store_id,
            process: { key: row.process_key, version: row.process_version },
            step: t.node,
            stepName: stepName(proc, t.node),
            role: t.role,
            status: t.status,
            assignee: t.assignee,
            priority: t.priority,
            waitingForCustomer: false,
            dueAt: iso(t.dueAt),
            warnAt: null,
            slaState: (t.slaState as 'ok' | 'warning' | 'breached' | null) ?? null,
            overdue: (t.status === 'open' || t.status === 'claimed') && t.dueAt !== undefined && t.dueAt < rc.now,
            createdAt: new Date(t.createdAt).toISOString(),
            claimedAt: iso(t.claimedAt),
            closedAt: iso(t.closedAt),
            closedBy: t.closedBy,
          })),
          comments: comments.rows.map((c) => ({ id: c.id, caseId: params.caseId, authorId: c.author_id, text: c.body, createdAt: c.created_at.toISOString() })),
        },
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/cases/{caseId}/comments',
    operationId: 'addComment',
    tag: 'cases',
    summary: 'Add a comment to a case (staff and managers of its store)',
    access: 'signedIn',
    params: caseParams,
    body: commentCreateSchema,
    idempotent: true,
    responses: { 201: { description: 'Added', schema: commentSchema } },
    async handler({ params, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const row = await readCase(w.tx, p.orgId, params.caseId);
        if (row === undefined || !seesStore(p, row.store_id)) throw notFound('case', params.caseId);
        if (!commentsIn(p, row.store_id)) throw forbidden('read-only access: auditors do not comment on cases');
        const id = w.store.ids.next('comment');
        await w.tx.query(`INSERT INTO case_comments (id, org_id, case_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
          id,
          p.orgId,
          params.caseId,
          p.staffId,
          body.text,
          new Date(rc.now).toISOString(),
        ]);
        // The text may name people: the audit points at the comment instead of copying it.
        w.audit({ action: 'case.comment', targetType: 'comment', targetId: id, storeId: row.store_id, after: { caseId: params.caseId }, personal: ['text'] });
        return { status: 201, body: { id, caseId: params.caseId, authorId: p.staffId, text: body.text, createdAt: new Date(rc.now).toISOString() } };
      });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/cases/{caseId}/cancel',
    operationId: 'cancelCase',
    tag: 'cases',
    summary: 'Cancel a case: open tasks are withdrawn, sub-cases cancelled (store managers, general managers, admins)',
    access: 'signedIn',
    params: caseParams,
    body: cancelSchema.optional(),
    responses: { 200: { description: 'Cancelled', schema: caseDetailSchema } },
    problems: [409],
    async handler({ params, body, principal: p, rc }) {
      return runCaseAction(rc, p, params.caseId, body?.expectedVersion, {
        authorise: (c) => {
          if (!managesStore(p, c.store_id)) throw forbidden('only managers of the store (and admins) cancel cases');
        },
        command: () => ({ type: 'cancelCase', by: p.staffId, reason: body?.reason }),
        audit: (c, out) => ({ action: 'case.cancel', targetType: 'case', targetId: c.id, storeId: c.store_id, before: { status: c.status, version: c.version }, after: { status: out.state.status, version: out.version }, personal: body?.reason !== undefined ? ['reason'] : [] }),
      });
    },
  }),
];
