import { z } from 'zod';
import { ApiProblem, forbidden, notFound } from '../api/problem.ts';
import { defineRoute, type RouteDef } from '../api/route.ts';
import { idSchema } from '../api/schemas/common.ts';
import { seesAllStores, seesStore } from '../api/policy/access.ts';
import { readTask } from '../api/repo/cases.ts';
import { StoreError } from '../store/errors.ts';
import { latestPublished, loadProcess } from '../store/definitions.ts';
import { checkCertificates, requiredCertificates } from './certification/certs.ts';
import { addRequirement, deleteRequirement, getCertificate, issueCertificate, listCertificates, listRequirements, listSkips, revokeCertificate } from './certification/repo.ts';
import { generateQuiz, publicQuiz, QuizAnswerError, scoreQuiz } from './training/quiz.ts';
import { addQuestion, customQuestions, deleteQuestion, getQuestion, listAttempts, listSignoffs, recordAttempt, signOff, updateQuestion } from './training/repo.ts';
import { VersionNotFoundError, whoMustRetrain } from './training/retrain.ts';
import { studyGuide, UnknownRoleError } from './training/study.ts';
import { byPost, ranking } from './appraisal/compute.ts';
import { rankingWorkbook, sheetRows, sheetWorkbook } from './appraisal/export.ts';
import { computeAndStore, getRules, getSheet, listSheets, putRules, setBaseBonus, setSupervisorScore, signSheet, type StoredSheet } from './appraisal/repo.ts';
import { appraisalRulesSchema, RuleError } from './appraisal/rules.ts';
import type { Principal } from '../api/auth/principal.ts';
import type { RequestContext } from '../api/http/request-context.ts';
import type { Queryable } from '../store/db.ts';
import type { CompiledProcess } from '../model/types.ts';

/**
 * Staff routes: training (study page, quiz, practical sign-offs, who must re-train),
 * certificates (issue, renew, revoke, requirements, why a task went to someone else) and
 * appraisal (rules, base bonus, computing sheets, supervisor scores, sign-off, Excel, ranking).
 *
 * Who may: everyone studies and takes quizzes for themselves; a person's certificates, quiz
 * results and appraisal sheets are seen by themselves, the managers and auditors of a store
 * they work in, and organisation-wide levels; managers of such a store (and admins, general
 * managers) issue certificates, sign off practical checks, score and sign sheets; admins set
 * requirements, rules and base bonuses; admins and general managers compute a period.
 * Other organisations' ids are 404.
 */

const isAdmin = (p: Principal) => p.orgLevels.has('admin');
const orgManager = (p: Principal) => isAdmin(p) || p.orgLevels.has('manager');

/** The stores a person of the caller's organisation works in; 404 when there is no such person. */
async function staffStores(q: Queryable, orgId: string, staffId: string): Promise<string[]> {
  const r = await q.query<{ store_id: string | null }>(
    `SELECT DISTINCT sr.store_id FROM staff s LEFT JOIN staff_roles sr ON sr.staff_id = s.id WHERE s.org_id = $1 AND s.id = $2`,
    [orgId, staffId],
  );
  if (r.rows.length === 0) throw notFound('staff member', staffId);
  return r.rows.flatMap((x) => (x.store_id === null ? [] : [x.store_id]));
}

/** Sees a person's records: themselves, org-wide levels, managers and auditors of a store they work in. */
function overseesPerson(p: Principal, staffId: string, stores: readonly string[]): boolean {
  return staffId === p.staffId || seesAllStores(p) || stores.some((s) => p.storeLevels.has(s));
}

/** Manages a person: admins, general managers, managers of a store they work in. */
function managesPerson(p: Principal, stores: readonly string[]): boolean {
  return orgManager(p) || stores.some((s) => p.storeLevels.get(s)?.has('manager') ?? false);
}

async function visiblePerson(q: Queryable, p: Principal, staffId: string): Promise<string[]> {
  const stores = await staffStores(q, p.orgId, staffId);
  if (!overseesPerson(p, staffId, stores)) throw notFound('staff member', staffId);
  return stores;
}

/** People whose records the caller sees ('all' for org-wide levels). */
async function visiblePeople(q: Queryable, p: Principal): Promise<'all' | string[]> {
  if (seesAllStores(p)) return 'all';
  const stores = [...p.storeLevels.keys()];
  const r = await q.query<{ staff_id: string }>(`SELECT DISTINCT staff_id FROM staff_roles WHERE org_id = $1 AND store_id IN (SELECT jsonb_array_elements_text($2::jsonb))`, [p.orgId, JSON.stringify(stores)]);
  return [...new Set([p.staffId, ...r.rows.map((x) => x.staff_id)])];
}

async function processFor(rc: RequestContext, q: Queryable, orgId: string, key: string, version?: number): Promise<CompiledProcess> {
  try {
    return version === undefined ? await latestPublished(q, rc.deps.store, orgId, key) : await loadProcess(q, rc.deps.store, orgId, key, version);
  } catch (e) {
    if (e instanceof StoreError) throw notFound('process', version === undefined ? key : `${key} v${version}`);
    throw e;
  }
}

function roleProblem(e: unknown): never {
  if (e instanceof UnknownRoleError) throw new ApiProblem(404, 'NOT_FOUND', e.message);
  throw e;
}

const text = z.strictObject({ zh: z.string().min(1).max(500).optional(), en: z.string().min(1).max(500).optional() }).refine((t) => t.zh !== undefined || t.en !== undefined, 'give zh or en');
const isoDate = z.iso.datetime({ offset: true });
const key = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'a process key');
const roleId = z.string().min(1).max(100);
const certType = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, . _ -');
const any = z.any();
const trainingParams = z.strictObject({ process: key, role: roleId });
const questionParams = z.strictObject({ process: key, role: roleId, questionId: idSchema });
const questionBody = z
  .strictObject({ prompt: text, options: z.array(text).min(2).max(6), correct: z.number().int().min(0) })
  .refine((q) => q.correct < q.options.length, { message: 'correct must be the index of one of the options', path: ['correct'] });

/** Writes quiz questions: admins, general managers, managers of any store (questions belong to the organisation's SOP). */
function writesQuestions(p: Principal): boolean {
  return orgManager(p) || [...p.storeLevels.values()].some((l) => l.has('manager'));
}

const period = z
  .strictObject({ from: isoDate, to: isoDate })
  .refine((x) => Date.parse(x.from) < Date.parse(x.to), 'from must be before to')
  .refine((x) => Date.parse(x.to) - Date.parse(x.from) <= 366 * 86_400_000, 'a period is at most a year');
const periodOf = (x: { from: string; to: string }) => ({ from: Date.parse(x.from), to: Date.parse(x.to) });

async function sheetFor(q: Queryable, p: Principal, id: string): Promise<{ s: StoredSheet; stores: string[] }> {
  const s = await getSheet(q, p.orgId, id);
  if (s === undefined) throw notFound('appraisal sheet', id);
  const stores = await staffStores(q, p.orgId, s.sheet.staffId).catch(() => []);
  if (!overseesPerson(p, s.sheet.staffId, stores)) throw notFound('appraisal sheet', id);
  return { s, stores };
}

function ruleProblem(e: unknown): never {
  if (e instanceof RuleError) throw new ApiProblem(422, 'RULE_FAILED', `${e.message}; fix the organisation's appraisal rules (PUT /api/appraisal-rules)`);
  throw e;
}

/** A certificate of the caller's organisation that the caller manages the holder of: 404 unseen, 403 not managed. */
async function managedCertificate(q: Queryable, p: Principal, certId: string, what: string) {
  const c = await getCertificate(q, p.orgId, certId);
  if (c === undefined) throw notFound('certificate', certId);
  const stores = await staffStores(q, p.orgId, c.staffId);
  if (!overseesPerson(p, c.staffId, stores)) throw notFound('certificate', certId);
  if (!managesPerson(p, stores)) throw forbidden(`only managers of the person's store (and admins, general managers) ${what} certificates`);
  return c;
}

/** Issue and expiry instants from a request (issue defaults to now); 422 when expiry is not after issue. */
function certDates(now: number, issued: string | undefined, expires: string | null | undefined): { issuedAt: number; expiresAt: number | null } {
  const issuedAt = issued === undefined ? now : Date.parse(issued);
  const expiresAt = expires == null ? null : Date.parse(expires);
  if (expiresAt !== null && expiresAt <= issuedAt) throw new ApiProblem(422, 'BAD_DATES', 'expiresAt must be after issuedAt', { issues: [{ path: 'body.expiresAt', message: 'before the issue date' }] });
  return { issuedAt, expiresAt };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const staffTrainingRoutes: RouteDef[] = [
  // ---- training ----
  defineRoute({
    method: 'get',
    path: '/api/training/{process}/{role}',
    operationId: 'studyPage',
    tag: 'staff',
    summary: "A role's study page: its steps in the SOP with their standards, scripts, forms and time limits",
    access: 'signedIn',
    params: trainingParams,
    query: z.strictObject({ version: z.coerce.number().int().min(1).optional() }),
    responses: { 200: { description: 'The study page', schema: any } },
    async handler({ params, query, principal: p, rc }) {
      const proc = await processFor(rc, rc.deps.store.db, p.orgId, params.process, query.version);
      try {
        return { status: 200, body: studyGuide(proc, params.role) };
      } catch (e) {
        return roleProblem(e);
      }
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/training/{process}/{role}/quiz',
    operationId: 'quiz',
    tag: 'staff',
    summary: "The role's quiz: questions from its checklist items and scripts plus managers' questions (no answer key)",
    access: 'signedIn',
    params: trainingParams,
    query: z.strictObject({ version: z.coerce.number().int().min(1).optional() }),
    responses: { 200: { description: 'The quiz', schema: any } },
    async handler({ params, query, principal: p, rc }) {
      const db = rc.deps.store.db;
      const proc = await processFor(rc, db, p.orgId, params.process, query.version);
      try {
        return { status: 200, body: publicQuiz(generateQuiz(proc, params.role, await customQuestions(db, p.orgId, params.process, params.role))) };
      } catch (e) {
        return roleProblem(e);
      }
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/training/{process}/{role}/attempts',
    operationId: 'submitQuiz',
    tag: 'staff',
    summary: 'Submit your answers (question id → option index); the attempt is scored and recorded',
    access: 'signedIn',
    params: trainingParams,
    body: z.strictObject({ version: z.number().int().min(1), answers: z.record(z.string().max(200), z.number().int()).refine((a) => Object.keys(a).length <= 2000, 'too many answers') }),
    responses: { 200: { description: 'The score', schema: any } },
    async handler({ params, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const proc = await processFor(rc, w.tx, p.orgId, params.process, body.version);
        let score;
        try {
          score = scoreQuiz(generateQuiz(proc, params.role, await customQuestions(w.tx, p.orgId, params.process, params.role)), body.answers);
        } catch (e) {
          if (e instanceof QuizAnswerError) throw new ApiProblem(422, 'BAD_ANSWER', e.message, { issues: [{ path: 'body.answers', message: e.message }] });
          return roleProblem(e);
        }
        const id = w.store.ids.next('quiz');
        await recordAttempt(w.tx, { id, orgId: p.orgId, staffId: p.staffId, processKey: params.process, version: body.version, role: params.role, answers: body.answers, score }, rc.now);
        w.audit({ action: 'training.quiz', targetType: 'quiz-attempt', targetId: id, after: { staffId: p.staffId, process: params.process, version: body.version, role: params.role, score: score.score, total: score.total, passed: score.passed } });
        return { status: 200, body: { id, ...score } };
      });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/training/{process}/{role}/questions',
    operationId: 'addQuizQuestion',
    tag: 'staff',
    summary: "Add a question of your own to a role's quiz (admins and managers)",
    access: 'signedIn',
    params: trainingParams,
    body: questionBody,
    responses: { 201: { description: 'Added', schema: any } },
    async handler({ params, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        if (!writesQuestions(p)) throw forbidden('only admins and managers write quiz questions');
        const proc = await processFor(rc, w.tx, p.orgId, params.process);
        if (!proc.definition.roles.some((r) => r.id === params.role)) throw notFound('role', params.role);
        const id = w.store.ids.next('question');
        await addQuestion(w.tx, { id, orgId: p.orgId, processKey: params.process, role: params.role, question: body, by: p.staffId }, rc.now);
        w.audit({ action: 'training.question', targetType: 'quiz-question', targetId: id, after: { process: params.process, role: params.role } });
        return { status: 201, body: { id } };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/training/{process}/{role}/questions',
    operationId: 'listQuizQuestions',
    tag: 'staff',
    summary: "The questions managers wrote for a role's quiz, with their answers (admins and managers)",
    access: 'signedIn',
    params: trainingParams,
    responses: { 200: { description: 'Oldest first', schema: any } },
    async handler({ params, principal: p, rc }) {
      if (!writesQuestions(p)) throw forbidden('only admins and managers see the answers of quiz questions');
      return { status: 200, body: await customQuestions(rc.deps.store.db, p.orgId, params.process, params.role) };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/training/{process}/{role}/questions/{questionId}',
    operationId: 'editQuizQuestion',
    tag: 'staff',
    summary: "Rewrite a question of a role's quiz (admins and managers); attempts already scored keep their score",
    access: 'signedIn',
    params: questionParams,
    body: questionBody,
    responses: { 200: { description: 'The question as saved', schema: any } },
    async handler({ params, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const before = await getQuestion(w.tx, p.orgId, params.process, params.role, params.questionId);
        if (before === undefined) throw notFound('quiz question', params.questionId);
        if (!writesQuestions(p)) throw forbidden('only admins and managers write quiz questions');
        await updateQuestion(w.tx, p.orgId, params.questionId, body);
        const { id: _id, ...old } = before;
        w.audit({ action: 'training.question.edit', targetType: 'quiz-question', targetId: params.questionId, before: old, after: body });
        return { status: 200, body: { id: params.questionId, ...body } };
      });
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/training/{process}/{role}/questions/{questionId}',
    operationId: 'deleteQuizQuestion',
    tag: 'staff',
    summary: "Take a question out of a role's quiz (admins and managers)",
    access: 'signedIn',
    params: questionParams,
    responses: { 204: { description: 'Deleted' } },
    async handler({ params, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const before = await getQuestion(w.tx, p.orgId, params.process, params.role, params.questionId);
        if (before === undefined) throw notFound('quiz question', params.questionId);
        if (!writesQuestions(p)) throw forbidden('only admins and managers write quiz questions');
        await deleteQuestion(w.tx, p.orgId, params.questionId);
        const { id: _id, ...old } = before;
        w.audit({ action: 'training.question.delete', targetType: 'quiz-question', targetId: params.questionId, before: old });
        return { status: 204 };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/training/signoffs',
    operationId: 'listSignoffs',
    tag: 'staff',
    summary: 'Practical sign-offs of the people you see (yourself; your stores\' people as manager or auditor; everyone for org-wide levels), newest first',
    access: 'signedIn',
    query: z.strictObject({ process: key.optional(), staffId: idSchema.optional() }),
    responses: { 200: { description: 'At most 500', schema: any } },
    async handler({ query, principal: p, rc }) {
      const db = rc.deps.store.db;
      if (query.staffId !== undefined) await visiblePerson(db, p, query.staffId);
      return { status: 200, body: await listSignoffs(db, p.orgId, { staffId: query.staffId, processKey: query.process, people: await visiblePeople(db, p) }) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/training/records',
    operationId: 'trainingRecords',
    tag: 'staff',
    summary: "Quiz attempts and practical sign-offs: yours, or a person's you oversee",
    access: 'signedIn',
    query: z.strictObject({ staffId: idSchema.optional(), process: key.optional() }),
    responses: { 200: { description: 'Attempts and sign-offs', schema: any } },
    async handler({ query, principal: p, rc }) {
      const db = rc.deps.store.db;
      const staffId = query.staffId ?? p.staffId;
      await visiblePerson(db, p, staffId);
      return { status: 200, body: { attempts: await listAttempts(db, p.orgId, { staffId, processKey: query.process }), signoffs: await listSignoffs(db, p.orgId, { staffId, processKey: query.process }) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/training/signoffs',
    operationId: 'signOffPractical',
    tag: 'staff',
    summary: 'Sign off a practical check (a step of the SOP, or a skill such as S19 tray or pouring) for a person you manage',
    access: 'signedIn',
    body: z.strictObject({
      staffId: idSchema,
      process: key,
      skill: z.string().min(1).max(100),
      passed: z.boolean(),
      note: z.string().max(1000).optional(),
      assessorId: idSchema.optional().describe('Who watched the check, when not you (a colleague of the organisation, not the person checked)'),
    }),
    responses: { 201: { description: 'Signed off', schema: any } },
    async handler({ body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const stores = await visiblePerson(w.tx, p, body.staffId);
        if (!managesPerson(p, stores)) throw forbidden("only managers of the person's store (and admins, general managers) sign off practical checks");
        if (body.staffId === p.staffId) throw forbidden('nobody signs off their own practical check');
        if (body.assessorId !== undefined) {
          if (body.assessorId === body.staffId) throw forbidden('nobody assesses their own practical check');
          const known = (await w.tx.query(`SELECT 1 FROM staff WHERE org_id = $1 AND id = $2`, [p.orgId, body.assessorId])).rows.length > 0;
          if (!known) throw new ApiProblem(422, 'UNKNOWN_STAFF', `there is no staff member "${body.assessorId}" in your organisation`, { issues: [{ path: 'body.assessorId', message: 'unknown staff member' }] });
        }
        const proc = await processFor(rc, w.tx, p.orgId, body.process);
        const id = w.store.ids.next('signoff');
        const assessorId = body.assessorId ?? null;
        await signOff(w.tx, { id, orgId: p.orgId, staffId: body.staffId, processKey: body.process, version: proc.definition.version, skill: body.skill, passed: body.passed, note: body.note ?? null, assessorId, signedBy: p.staffId }, rc.now);
        w.audit({ action: 'training.signoff', targetType: 'practical-signoff', targetId: id, after: { staffId: body.staffId, process: body.process, skill: body.skill, passed: body.passed, assessorId } });
        return { status: 201, body: { id } };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/retraining/{process}',
    operationId: 'whoMustRetrain',
    tag: 'staff',
    summary: "What changed per role between two versions, and who must re-train (hasn't passed the new version's quiz)",
    access: 'signedIn',
    params: z.strictObject({ process: key }),
    query: z.strictObject({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }),
    responses: { 200: { description: 'People to re-train', schema: any } },
    async handler({ params, query, principal: p, rc }) {
      if (!seesAllStores(p) && p.storeLevels.size === 0) throw forbidden('re-training lists are for managers, auditors and admins');
      const db = rc.deps.store.db;
      let rows;
      try {
        rows = await whoMustRetrain(db, p.orgId, params.process, query.from, query.to);
      } catch (e) {
        if (e instanceof VersionNotFoundError) throw new ApiProblem(404, 'NOT_FOUND', e.message);
        throw e;
      }
      const people = await visiblePeople(db, p);
      return { status: 200, body: { process: params.process, from: query.from, to: query.to, people: rows.filter((r) => people === 'all' || people.includes(r.staffId)) } };
    },
  }),

  // ---- certificates ----
  defineRoute({
    method: 'get',
    path: '/api/certificates',
    operationId: 'listCertificates',
    tag: 'staff',
    summary: "Certificates: yours, one person's you oversee, or everyone you oversee",
    access: 'signedIn',
    query: z.strictObject({ staffId: idSchema.optional() }),
    responses: { 200: { description: 'Certificates, with their state now', schema: any } },
    async handler({ query, principal: p, rc }) {
      const db = rc.deps.store.db;
      if (query.staffId !== undefined) await visiblePerson(db, p, query.staffId);
      const who = query.staffId !== undefined ? [query.staffId] : await visiblePeople(db, p);
      const rows = await listCertificates(db, p.orgId, who);
      const state = (c: (typeof rows)[number]) =>
        c.revokedAt !== null ? 'revoked' : Date.parse(c.issuedAt) > rc.now ? 'future' : c.expiresAt !== null && Date.parse(c.expiresAt) <= rc.now ? 'expired' : 'valid';
      return { status: 200, body: rows.map((c) => ({ ...c, state: state(c) })) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/certificates',
    operationId: 'issueCertificate',
    tag: 'staff',
    summary: 'Issue a certificate (上岗证) to a person you manage',
    access: 'signedIn',
    body: z.strictObject({ staffId: idSchema, certType, issuedAt: isoDate.optional(), expiresAt: isoDate.nullable().optional() }),
    responses: { 201: { description: 'Issued', schema: any } },
    async handler({ body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const stores = await visiblePerson(w.tx, p, body.staffId);
        if (!managesPerson(p, stores)) throw forbidden("only managers of the person's store (and admins, general managers) issue certificates");
        const { issuedAt, expiresAt } = certDates(rc.now, body.issuedAt, body.expiresAt);
        const c = await issueCertificate(w.tx, { id: w.store.ids.next('cert'), orgId: p.orgId, staffId: body.staffId, certType: body.certType, issuedAt, expiresAt, issuedBy: p.staffId }, rc.now);
        w.audit({ action: 'certificate.issue', targetType: 'certificate', targetId: c.id, after: { staffId: c.staffId, certType: c.certType, issuedAt: c.issuedAt, expiresAt: c.expiresAt } });
        return { status: 201, body: c };
      });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/certificates/{certId}/renew',
    operationId: 'renewCertificate',
    tag: 'staff',
    summary: 'Renew a certificate: a new one of the same type from now (or issuedAt) to expiresAt',
    access: 'signedIn',
    params: z.strictObject({ certId: idSchema }),
    body: z.strictObject({ expiresAt: isoDate.nullable(), issuedAt: isoDate.optional() }),
    responses: { 201: { description: 'The new certificate', schema: any } },
    async handler({ params, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const old = await managedCertificate(w.tx, p, params.certId, 'renew');
        const { issuedAt, expiresAt } = certDates(rc.now, body.issuedAt, body.expiresAt);
        const c = await issueCertificate(w.tx, { id: w.store.ids.next('cert'), orgId: p.orgId, staffId: old.staffId, certType: old.certType, issuedAt, expiresAt, issuedBy: p.staffId, renews: old.id }, rc.now);
        w.audit({ action: 'certificate.renew', targetType: 'certificate', targetId: c.id, before: { id: old.id, expiresAt: old.expiresAt }, after: { staffId: c.staffId, certType: c.certType, expiresAt: c.expiresAt } });
        return { status: 201, body: c };
      });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/certificates/{certId}/revoke',
    operationId: 'revokeCertificate',
    tag: 'staff',
    summary: 'Revoke a certificate (the person no longer receives tasks that need it)',
    access: 'signedIn',
    params: z.strictObject({ certId: idSchema }),
    responses: { 204: { description: 'Revoked' } },
    async handler({ params, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const old = await managedCertificate(w.tx, p, params.certId, 'revoke');
        if (old.revokedAt !== null) throw new ApiProblem(409, 'ALREADY_REVOKED', `certificate ${old.id} was revoked at ${old.revokedAt}`);
        await revokeCertificate(w.tx, p.orgId, old.id, rc.now);
        w.audit({ action: 'certificate.revoke', targetType: 'certificate', targetId: old.id, before: { revokedAt: null }, after: { staffId: old.staffId, certType: old.certType, revokedAt: new Date(rc.now).toISOString() } });
        return { status: 204 };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/certificate-requirements',
    operationId: 'listCertificateRequirements',
    tag: 'staff',
    summary: "The organisation's certificate requirements (besides steps' own `certificate:` in the SOPs)",
    access: 'signedIn',
    responses: { 200: { description: 'Requirements', schema: any } },
    async handler({ principal: p, rc }) {
      return { status: 200, body: await listRequirements(rc.deps.store.db, p.orgId) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/certificate-requirements',
    operationId: 'addCertificateRequirement',
    tag: 'staff',
    summary: "Require a certificate for a step, for a role's steps in a process, or for a role everywhere (process '*') (admins)",
    access: 'signedIn',
    body: z.strictObject({ process: z.union([key, z.literal('*')]), node: z.string().min(1).max(100).nullable().optional(), role: roleId.nullable().optional(), certType }).refine((r) => r.node != null || r.role != null, 'name a step (node) or a role'),
    responses: { 201: { description: 'Added', schema: any } },
    async handler({ body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        if (!isAdmin(p)) throw forbidden('only admins set certificate requirements');
        const id = w.store.ids.next('certreq');
        const row = { id, processKey: body.process, node: body.node ?? null, role: body.role ?? null, certType: body.certType };
        await addRequirement(w.tx, { ...row, orgId: p.orgId }, rc.now);
        w.audit({ action: 'certificate.require', targetType: 'certificate-requirement', targetId: id, after: row });
        return { status: 201, body: row };
      });
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/certificate-requirements/{reqId}',
    operationId: 'deleteCertificateRequirement',
    tag: 'staff',
    summary: 'Drop a certificate requirement (admins)',
    access: 'signedIn',
    params: z.strictObject({ reqId: idSchema }),
    responses: { 204: { description: 'Dropped' } },
    async handler({ params, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const before = (await listRequirements(w.tx, p.orgId)).find((r) => r.id === params.reqId);
        if (before === undefined) throw notFound('certificate requirement', params.reqId);
        if (!isAdmin(p)) throw forbidden('only admins change certificate requirements');
        await deleteRequirement(w.tx, p.orgId, params.reqId);
        w.audit({ action: 'certificate.unrequire', targetType: 'certificate-requirement', targetId: params.reqId, before });
        return { status: 204 };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/certificates/tasks/{taskId}',
    operationId: 'taskCertificateCheck',
    tag: 'staff',
    summary: "Why a task went to someone else or waits: the certificates its step needs, each role holder's state, and what assignment skipped",
    access: 'signedIn',
    params: z.strictObject({ taskId: idSchema }),
    responses: { 200: { description: 'The check', schema: any } },
    async handler({ params, principal: p, rc }) {
      const db = rc.deps.store.db;
      const t = await readTask(db, p.orgId, params.taskId);
      if (t === undefined || !seesStore(p, t.store_id)) throw notFound('task', params.taskId);
      const proc = await loadProcess(db, rc.deps.store, p.orgId, t.process_key, t.process_version);
      const need = await requiredCertificates(db, p.orgId, proc, t.node);
      const holders = (await db.query<{ staff_id: string }>(`SELECT staff_id FROM staff_roles WHERE org_id = $1 AND store_id = $2 AND role = $3 ORDER BY duty_order, staff_id`, [p.orgId, t.store_id, t.role])).rows.map((x) => x.staff_id);
      const checks = await checkCertificates(db, p.orgId, holders, need, rc.now);
      return {
        status: 200,
        body: {
          taskId: t.id,
          step: t.node,
          role: t.role,
          assignee: t.assignee,
          required: need,
          candidates: holders.map((s) => ({ staffId: s, eligible: (checks.get(s) ?? []).every((c) => c.state === 'valid'), certificates: checks.get(s) ?? [] })),
          skipped: await listSkips(db, p.orgId, { taskId: t.id }),
        },
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/certificates/skips',
    operationId: 'assignmentSkips',
    tag: 'staff',
    summary: 'Recent assignments that passed people over or found nobody certified (managers, auditors, admins)',
    access: 'signedIn',
    responses: { 200: { description: 'Newest first', schema: any } },
    async handler({ principal: p, rc }) {
      if (!seesAllStores(p) && p.storeLevels.size === 0) throw forbidden('assignment skips are for managers, auditors and admins');
      const db = rc.deps.store.db;
      const skips = await listSkips(db, p.orgId, { limit: 500 });
      if (seesAllStores(p)) return { status: 200, body: skips };
      const ok = new Set((await db.query<{ id: string }>(`SELECT id FROM cases WHERE org_id = $1 AND store_id IN (SELECT jsonb_array_elements_text($2::jsonb))`, [p.orgId, JSON.stringify([...p.storeLevels.keys()])])).rows.map((x) => x.id));
      return { status: 200, body: skips.filter((s) => ok.has(s.caseId)) };
    },
  }),

  // ---- appraisal ----
  defineRoute({
    method: 'get',
    path: '/api/appraisal-rules',
    operationId: 'getAppraisalRules',
    tag: 'staff',
    summary: "The organisation's appraisal and commission rules (FEEL)",
    access: 'signedIn',
    responses: { 200: { description: 'The rules', schema: any } },
    async handler({ principal: p, rc }) {
      return { status: 200, body: await getRules(rc.deps.store.db, p.orgId) };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/appraisal-rules',
    operationId: 'putAppraisalRules',
    tag: 'staff',
    summary: 'Replace the appraisal and commission rules (admins); FEEL is checked before saving',
    access: 'signedIn',
    body: appraisalRulesSchema,
    responses: { 200: { description: 'Saved', schema: any } },
    async handler({ body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        if (!isAdmin(p)) throw forbidden('only admins change the appraisal rules');
        const before = await getRules(w.tx, p.orgId);
        await putRules(w.tx, p.orgId, body, p.staffId, rc.now);
        w.audit({ action: 'appraisal.rules', targetType: 'appraisal-rules', targetId: p.orgId, before, after: body });
        return { status: 200, body };
      });
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/appraisal-base-bonus/{staffId}',
    operationId: 'setBaseBonus',
    tag: 'staff',
    summary: "Set a person's monthly base bonus in yuan (admins)",
    access: 'signedIn',
    params: z.strictObject({ staffId: idSchema }),
    body: z.strictObject({ amount: z.number().min(0).max(10_000_000) }),
    responses: { 200: { description: 'Saved', schema: any } },
    async handler({ params, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        await visiblePerson(w.tx, p, params.staffId);
        if (!isAdmin(p)) throw forbidden('only admins set base bonuses');
        const before = await setBaseBonus(w.tx, p.orgId, params.staffId, body.amount);
        w.audit({ action: 'appraisal.baseBonus', targetType: 'staff', targetId: params.staffId, before: { amount: before }, after: { amount: body.amount } });
        return { status: 200, body: { staffId: params.staffId, amount: body.amount } };
      });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/appraisals/compute',
    operationId: 'computeAppraisals',
    tag: 'staff',
    summary: 'Compute (or recompute) every draft sheet of a period from the task log, KPIs and rules (admins, general managers); signed sheets stay as signed',
    access: 'signedIn',
    body: period,
    responses: { 200: { description: 'Sheets written', schema: any } },
    async handler({ body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        if (!orgManager(p)) throw forbidden('only admins and general managers compute appraisals');
        const out = await computeAndStore(w.tx, p.orgId, periodOf(body), () => w.store.ids.next('appraisal'), rc.now).catch(ruleProblem);
        w.audit({ action: 'appraisal.compute', targetType: 'appraisal-period', targetId: `${body.from}/${body.to}`, after: { written: out.written.length, keptSigned: out.signed.length } });
        return { status: 200, body: out };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/appraisals',
    operationId: 'listAppraisals',
    tag: 'staff',
    summary: 'The sheets of a period you may see (yours; your stores\' people as manager or auditor; all for org-wide levels)',
    access: 'signedIn',
    query: period,
    responses: { 200: { description: 'Sheets', schema: any } },
    async handler({ query, principal: p, rc }) {
      const db = rc.deps.store.db;
      const people = await visiblePeople(db, p);
      const rows = (await listSheets(db, p.orgId, periodOf(query))).filter((s) => people === 'all' || people.includes(s.sheet.staffId));
      return { status: 200, body: rows };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/appraisals/ranking',
    operationId: 'appraisalRanking',
    tag: 'staff',
    summary: 'Ranking per store for a period (by score, then total), of the people you may see',
    access: 'signedIn',
    query: z.strictObject({ from: isoDate, to: isoDate, format: z.enum(['json', 'xlsx']).default('json'), lang: z.enum(['zh', 'en']).default('zh') }),
    responses: { 200: { description: 'Ranking rows (or an .xlsx file)', schema: any } },
    async handler({ query, principal: p, rc }) {
      const db = rc.deps.store.db;
      const people = await visiblePeople(db, p);
      const sheets = (await listSheets(db, p.orgId, periodOf(query))).map((s) => s.sheet).filter((s) => people === 'all' || people.includes(s.staffId));
      const rows = ranking(sheets);
      if (query.format === 'xlsx') return { status: 200, body: await rankingWorkbook(rows, query.lang), headers: { 'content-type': XLSX, 'content-disposition': `attachment; filename="ranking-${query.from.slice(0, 10)}.xlsx"` } };
      return { status: 200, body: rows };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/appraisals/posts',
    operationId: 'appraisalByPost',
    tag: 'staff',
    summary: 'Appraisal per post (a role in a store) for a period: people, average score, tasks, SLA compliance, total paid',
    access: 'signedIn',
    query: period,
    responses: { 200: { description: 'One row per post', schema: any } },
    async handler({ query, principal: p, rc }) {
      const db = rc.deps.store.db;
      const people = await visiblePeople(db, p);
      const sheets = (await listSheets(db, p.orgId, periodOf(query))).map((s) => s.sheet).filter((s) => people === 'all' || people.includes(s.staffId));
      return { status: 200, body: byPost(sheets) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/appraisals/{sheetId}',
    operationId: 'getAppraisal',
    tag: 'staff',
    summary: 'One appraisal sheet, with its rows as printed',
    access: 'signedIn',
    params: z.strictObject({ sheetId: idSchema }),
    query: z.strictObject({ lang: z.enum(['zh', 'en']).default('zh') }),
    responses: { 200: { description: 'The sheet', schema: any } },
    async handler({ params, query, principal: p, rc }) {
      const { s } = await sheetFor(rc.deps.store.db, p, params.sheetId);
      return { status: 200, body: { ...s, rows: sheetRows(s.sheet, query.lang, { by: s.signedBy, at: s.signedAt }) } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/appraisals/{sheetId}/xlsx',
    operationId: 'exportAppraisal',
    tag: 'staff',
    summary: 'One appraisal sheet as an Excel workbook',
    access: 'signedIn',
    params: z.strictObject({ sheetId: idSchema }),
    query: z.strictObject({ lang: z.enum(['zh', 'en']).default('zh') }),
    responses: { 200: { description: 'The .xlsx file' } },
    async handler({ params, query, principal: p, rc }) {
      const { s } = await sheetFor(rc.deps.store.db, p, params.sheetId);
      const file = await sheetWorkbook(s.sheet, query.lang, { by: s.signedBy, at: s.signedAt });
      return { status: 200, body: file, headers: { 'content-type': XLSX, 'content-disposition': `attachment; filename="appraisal-${s.sheet.staffId}-${s.sheet.from.slice(0, 7)}.xlsx"` } };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/appraisals/{sheetId}/supervisor-score',
    operationId: 'setSupervisorScore',
    tag: 'staff',
    summary: "Give the supervisor score (0–10) on a draft sheet of a person you manage; the sheet is recomputed",
    access: 'signedIn',
    params: z.strictObject({ sheetId: idSchema }),
    body: z.strictObject({ score: z.number().min(0).max(10) }),
    responses: { 200: { description: 'The recomputed sheet', schema: any } },
    async handler({ params, body, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const { s, stores } = await sheetFor(w.tx, p, params.sheetId);
        if (!managesPerson(p, stores)) throw forbidden("only managers of the person's store (and admins, general managers) score appraisals");
        if (s.sheet.staffId === p.staffId) throw forbidden('nobody scores their own appraisal');
        if (s.status === 'signed') throw new ApiProblem(409, 'SHEET_SIGNED', `sheet ${s.id} was signed off by ${s.signedBy}; a signed sheet does not change`);
        await setSupervisorScore(w.tx, p.orgId, s.id, body.score);
        await computeAndStore(w.tx, p.orgId, { from: Date.parse(s.sheet.from), to: Date.parse(s.sheet.to) }, () => s.id, rc.now, s.sheet.staffId).catch(ruleProblem);
        const after = (await getSheet(w.tx, p.orgId, s.id))!;
        w.audit({
          action: 'appraisal.score',
          targetType: 'appraisal',
          targetId: s.id,
          before: { supervisorScore: s.sheet.supervisorScore, score: s.sheet.score, total: s.sheet.total },
          after: { supervisorScore: body.score, score: after.sheet.score, total: after.sheet.total },
        });
        return { status: 200, body: after };
      });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/appraisals/{sheetId}/sign',
    operationId: 'signAppraisal',
    tag: 'staff',
    summary: 'Sign off a sheet of a person you manage (it no longer changes)',
    access: 'signedIn',
    params: z.strictObject({ sheetId: idSchema }),
    responses: { 200: { description: 'The signed sheet', schema: any } },
    async handler({ params, principal: p, rc }) {
      return rc.write(p, async (w) => {
        const { s, stores } = await sheetFor(w.tx, p, params.sheetId);
        if (!managesPerson(p, stores)) throw forbidden("only managers of the person's store (and admins, general managers) sign appraisals");
        if (s.sheet.staffId === p.staffId) throw forbidden('nobody signs their own appraisal');
        if (s.status === 'signed') throw new ApiProblem(409, 'SHEET_SIGNED', `sheet ${s.id} was already signed off by ${s.signedBy}`);
        await signSheet(w.tx, p.orgId, s.id, p.staffId, rc.now);
        w.audit({ action: 'appraisal.sign', targetType: 'appraisal', targetId: s.id, before: { status: 'draft' }, after: { status: 'signed', score: s.sheet.score, total: s.sheet.total } });
        return { status: 200, body: (await getSheet(w.tx, p.orgId, s.id))! };
      });
    },
  }),
];

