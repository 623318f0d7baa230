import { roleSteps, studyGuide } from './study.ts';
import type { CompiledProcess, HumanStep, LocalizedText } from '../../model/types.ts';

/**
 * A quiz for a role, generated from its steps in the SOP, plus the questions a manager wrote.
 *
 * - `standard`: which of these is a standard of step X? (its checklist item among items of
 *   other steps of the same SOP);
 * - `optional`: which of these may be left out in step X? (its optional item among its
 *   required ones) — only for steps with both;
 * - `script`: which line do you say in step X? (its script line among other steps' lines);
 * - `custom`: written by a manager.
 *
 * Generation is deterministic (options are ordered by a hash of the question), so a quiz
 * is not stored: the server regenerates it to score an attempt, and the answer key never
 * leaves the server.
 */

export interface QuizQuestion {
  readonly id: string;
  readonly kind: 'standard' | 'optional' | 'script' | 'custom';
  readonly step: string | null;
  readonly prompt: LocalizedText;
  readonly options: readonly LocalizedText[];
}

/** A question with its answer (server side only). */
export interface KeyedQuestion extends QuizQuestion {
  readonly correct: number;
}

/** What a manager writes: a prompt, 2–6 options, the index of the right one. */
export interface CustomQuestion {
  readonly id: string;
  readonly prompt: LocalizedText;
  readonly options: readonly LocalizedText[];
  readonly correct: number;
}

export interface Quiz {
  readonly processKey: string;
  readonly version: number;
  readonly role: string;
  /** Fraction of right answers needed to pass. */
  readonly passMark: number;
  readonly questions: readonly KeyedQuestion[];
}

export const PASS_MARK = 0.8;
const DISTRACTORS = 3;

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const key = (t: LocalizedText): string => t.zh ?? t.en ?? '';

/** Picks up to n of `pool` (not equal in text to anything in `exclude`), in a seeded order. */
function pick(pool: readonly LocalizedText[], exclude: ReadonlySet<string>, n: number, seed: string): LocalizedText[] {
  const seen = new Set(exclude);
  const unique: LocalizedText[] = [];
  for (const t of pool) {
    const k = key(t);
    if (k === '' || seen.has(k)) continue;
    seen.add(k);
    unique.push(t);
  }
  return unique.sort((a, b) => hash(seed + key(a)) - hash(seed + key(b)) || key(a).localeCompare(key(b))).slice(0, n);
}

/** Places the right answer among the distractors at a position given by the question's hash. */
function question(id: string, kind: KeyedQuestion['kind'], step: string | null, prompt: LocalizedText, right: LocalizedText, wrong: readonly LocalizedText[]): KeyedQuestion {
  const at = hash(id) % (wrong.length + 1);
  const options = [...wrong];
  options.splice(at, 0, right);
  return { id, kind, step, prompt, options, correct: at };
}

const named = (s: HumanStep) => ({ zh: s.name.zh ?? s.name.en ?? s.id, en: s.name.en ?? s.name.zh ?? s.id });

export function generateQuiz(proc: CompiledProcess, role: string, custom: readonly CustomQuestion[] = []): Quiz {
  const guide = studyGuide(proc, role); // checks the role exists
  const def = proc.definition;
  const humans = def.nodes.filter((n): n is HumanStep => n.kind === 'human');
  const questions: KeyedQuestion[] = [];
  for (const s of roleSteps(def, role)) {
    const n = named(s);
    const items = s.checklist?.items ?? [];
    const own = new Set(items.map((i) => key(i.text)));
    const others = humans.filter((h) => h.id !== s.id).flatMap((h) => (h.checklist?.items ?? []).map((i) => i.text));
    for (const it of items) {
      const id = `std:${s.id}:${it.id}`;
      const wrong = pick(others, own, DISTRACTORS, id);
      if (wrong.length > 0)
        questions.push(question(id, 'standard', s.id, { zh: `「${n.zh}」这一步的标准是哪一项？`, en: `Which of these is a standard of the step "${n.en}"?` }, it.text, wrong));
    }
    const optional = items.filter((i) => !i.required);
    const required = items.filter((i) => i.required);
    for (const it of optional) {
      const id = `opt:${s.id}:${it.id}`;
      const wrong = pick(required.map((i) => i.text), new Set([key(it.text)]), DISTRACTORS, id);
      if (wrong.length > 0) questions.push(question(id, 'optional', s.id, { zh: `「${n.zh}」这一步中，哪一项可以视情况省略？`, en: `In the step "${n.en}", which of these may be left out?` }, it.text, wrong));
    }
    const lines = s.script ?? [];
    const ownLines = new Set(lines.map((l) => key(l.say)));
    const otherLines = humans.filter((h) => h.id !== s.id).flatMap((h) => (h.script ?? []).map((l) => l.say));
    lines.forEach((l, i) => {
      const id = `say:${s.id}:${i}`;
      const wrong = pick(otherLines, ownLines, DISTRACTORS, id);
      if (wrong.length === 0) return;
      const when = l.when === undefined ? '' : key(l.when);
      questions.push(
        question(id, 'script', s.id, { zh: `「${n.zh}」这一步${when === '' ? '' : `（${when}）`}应该说哪一句？`, en: `Which line do you say in the step "${n.en}"${when === '' ? '' : ` (${l.when?.en ?? when})`}?` }, l.say, wrong),
      );
    });
  }
  for (const c of custom) questions.push({ id: `custom:${c.id}`, kind: 'custom', step: null, prompt: c.prompt, options: c.options, correct: c.correct });
  return { processKey: guide.processKey, version: guide.version, role, passMark: PASS_MARK, questions };
}

/** The quiz as the person taking it sees it: no answer key. */
export function publicQuiz(q: Quiz): Omit<Quiz, 'questions'> & { questions: QuizQuestion[] } {
  return { ...q, questions: q.questions.map(({ correct: _c, ...rest }) => rest) };
}

export interface QuizScore {
  readonly score: number;
  readonly total: number;
  readonly passed: boolean;
  /** Question ids answered wrongly or not at all (to study again). */
  readonly wrong: readonly string[];
}

export class QuizAnswerError extends Error {}

/** Scores answers (question id → option index). Unknown question ids are an error; unanswered questions count as wrong. */
export function scoreQuiz(q: Quiz, answers: Readonly<Record<string, number>>): QuizScore {
  const byId = new Map(q.questions.map((x) => [x.id, x]));
  for (const [id, a] of Object.entries(answers)) {
    const x = byId.get(id);
    if (x === undefined) throw new QuizAnswerError(`"${id}" is not a question of this quiz (the SOP may have changed: fetch the quiz again)`);
    if (!Number.isInteger(a) || a < 0 || a >= x.options.length) throw new QuizAnswerError(`the answer to "${id}" must be an option index from 0 to ${x.options.length - 1}`);
  }
  const wrong = q.questions.filter((x) => answers[x.id] !== x.correct).map((x) => x.id);
  const total = q.questions.length;
  const score = total - wrong.length;
  return { score, total, passed: total > 0 && score / total >= q.passMark, wrong };
}
