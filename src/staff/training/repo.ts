import { iso } from '../../store/values.ts';
import type { Queryable } from '../../store/db.ts';
import type { CustomQuestion, QuizScore } from './quiz.ts';

/** Stored training records: manager-written questions, quiz attempts, practical sign-offs. */

export async function customQuestions(db: Queryable, orgId: string, processKey: string, role: string): Promise<CustomQuestion[]> {
  const r = await db.query<{ id: string; question: Omit<CustomQuestion, 'id'> }>(
    `SELECT id, question FROM staff_quiz_questions WHERE org_id = $1 AND process_key = $2 AND role = $3 ORDER BY created_at, id`,
    [orgId, processKey, role],
  );
  return r.rows.map((x) => ({ id: x.id, ...x.question }));
}

export async function addQuestion(db: Queryable, q: { id: string; orgId: string; processKey: string; role: string; question: Omit<CustomQuestion, 'id'>; by: string }, now: number): Promise<void> {
  await db.query(`INSERT INTO staff_quiz_questions (id, org_id, process_key, role, question, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
    q.id,
    q.orgId,
    q.processKey,
    q.role,
    JSON.stringify(q.question),
    q.by,
    iso(now),
  ]);
}

/** One question a manager wrote (with its answer), or undefined. */
export async function getQuestion(db: Queryable, orgId: string, processKey: string, role: string, id: string): Promise<CustomQuestion | undefined> {
  return (await customQuestions(db, orgId, processKey, role)).find((q) => q.id === id);
}

/** Rewrites a manager's question (prompt, options, right answer); attempts already scored keep their score. */
export async function updateQuestion(db: Queryable, orgId: string, id: string, question: Omit<CustomQuestion, 'id'>): Promise<void> {
  await db.query(`UPDATE staff_quiz_questions SET question = $3 WHERE org_id = $1 AND id = $2`, [orgId, id, JSON.stringify(question)]);
}

export async function deleteQuestion(db: Queryable, orgId: string, id: string): Promise<void> {
  await db.query(`DELETE FROM staff_quiz_questions WHERE org_id = $1 AND id = $2`, [orgId, id]);
}

export async function recordAttempt(
  db: Queryable,
  a: { id: string; orgId: string; staffId: string; processKey: string; version: number; role: string; answers: Readonly<Record<string, number>>; score: QuizScore },
  now: number,
): Promise<void> {
  await db.query(
    `INSERT INTO staff_quiz_attempts (id, org_id, staff_id, process_key, version, role, answers, score, total, passed, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [a.id, a.orgId, a.staffId, a.processKey, a.version, a.role, JSON.stringify(a.answers), a.score.score, a.score.total, a.score.passed, iso(now)],
  );
}

export interface AttemptRow {
  readonly id: string;
  readonly staffId: string;
  readonly processKey: string;
  readonly version: number;
  readonly role: string;
  readonly score: number;
  readonly total: number;
  readonly passed: boolean;
  readonly at: string;
}

export async function listAttempts(db: Queryable, orgId: string, filter: { staffId?: string; processKey?: string }): Promise<AttemptRow[]> {
  const r = await db.query<{ id: string; staff_id: string; process_key: string; version: number; role: string; score: number; total: number; passed: boolean; at: Date }>(
    `SELECT id, staff_id, process_key, version, role, score, total, passed, at FROM staff_quiz_attempts
      WHERE org_id = $1 AND ($2::text IS NULL OR staff_id = $2) AND ($3::text IS NULL OR process_key = $3) ORDER BY at DESC, id DESC LIMIT 500`,
    [orgId, filter.staffId ?? null, filter.processKey ?? null],
  );
  return r.rows.map((x) => ({ id: x.id, staffId: x.staff_id, processKey: x.process_key, version: x.version, role: x.role, score: x.score, total: x.total, passed: x.passed, at: new Date(x.at).toISOString() }));
}

export interface SignoffRow {
  readonly id: string;
  readonly staffId: string;
  readonly processKey: string;
  readonly version: number;
  /** A step of the SOP, or a named skill (S19: `tray`, `pouring`). */
  readonly skill: string;
  readonly passed: boolean;
  readonly note: string | null;
  /** Who watched the check, when not the manager who signed it off (null = the signer). */
  readonly assessorId: string | null;
  readonly signedBy: string;
  readonly at: string;
}

export async function signOff(db: Queryable, s: Omit<SignoffRow, 'at'> & { orgId: string }, now: number): Promise<void> {
  await db.query(
    `INSERT INTO staff_practical_signoffs (id, org_id, staff_id, process_key, version, node, passed, note, signed_by, at, assessor_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [s.id, s.orgId, s.staffId, s.processKey, s.version, s.skill, s.passed, s.note, s.signedBy, iso(now), s.assessorId],
  );
}

/** Sign-offs, newest first (at most 500): of one person, or of `people` ('all' = everyone), optionally of one process. */
export async function listSignoffs(db: Queryable, orgId: string, filter: { staffId?: string; processKey?: string; people?: 'all' | readonly string[] }): Promise<SignoffRow[]> {
  const people = filter.people === undefined || filter.people === 'all' ? null : JSON.stringify(filter.people);
  const r = await db.query<{ id: string; staff_id: string; process_key: string; version: number; node: string; passed: boolean; note: string | null; assessor_id: string | null; signed_by: string; at: Date }>(
    `SELECT * FROM staff_practical_signoffs WHERE org_id = $1 AND ($2::text IS NULL OR staff_id = $2) AND ($3::text IS NULL OR process_key = $3)
        AND ($4::jsonb IS NULL OR staff_id IN (SELECT jsonb_array_elements_text($4::jsonb)))
      ORDER BY at DESC, id DESC LIMIT 500`,
    [orgId, filter.staffId ?? null, filter.processKey ?? null, people],
  );
  return r.rows.map((x) => ({ id: x.id, staffId: x.staff_id, processKey: x.process_key, version: x.version, skill: x.node, passed: x.passed, note: x.note, assessorId: x.assessor_id, signedBy: x.signed_by, at: new Date(x.at).toISOString() }));
}
