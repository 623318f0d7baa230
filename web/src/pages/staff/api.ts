import { request } from '../../api/client.ts';
import type { LocalizedText } from '../../api/types.ts';
import type { StudyGuide } from '../../../../src/staff/training/study.ts';
import type { QuizQuestion, Quiz as KeyedQuiz } from '../../../../src/staff/training/quiz.ts';
import type { PostRow, RankRow } from '../../../../src/staff/appraisal/rows.ts';

export type { StudyGuide, QuizQuestion, PostRow, RankRow };

/** The quiz as sent to the person taking it: no answer key. */
export type Quiz = Omit<KeyedQuiz, 'questions'> & { readonly questions: readonly QuizQuestion[] };

/** The staff calls of the API: training, certificates, appraisal (see docs/staff.md). */

export interface QuizScore {
  readonly id: string;
  readonly score: number;
  readonly total: number;
  readonly passed: boolean;
  readonly wrong: readonly string[];
}

export interface Certificate {
  readonly id: string;
  readonly staffId: string;
  readonly certType: string;
  readonly issuedAt: string;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  readonly renews: string | null;
  readonly state: 'valid' | 'expired' | 'revoked' | 'future';
}

export interface Skip {
  readonly caseId: string;
  readonly taskId: string;
  readonly staffId: string | null;
  readonly certType: string;
  readonly reason: 'missing' | 'expired' | 'revoked' | 'nobody-certified';
  readonly at: string;
}

export interface Sheet {
  readonly staffId: string;
  readonly name: string;
  readonly storeId: string | null;
  readonly score: number;
  readonly total: number;
  readonly supervisorScore: number | null;
  readonly from: string;
  readonly to: string;
}

export interface StoredSheet {
  readonly id: string;
  readonly status: 'draft' | 'signed';
  readonly signedBy: string | null;
  readonly signedAt: string | null;
  readonly sheet: Sheet;
  readonly rows?: readonly (readonly (string | number | null)[])[];
}

/** A question a manager wrote, with its answer (managers only). */
export interface CustomQuestion {
  readonly id: string;
  readonly prompt: LocalizedText;
  readonly options: readonly LocalizedText[];
  readonly correct: number;
}

/** A practical check signed off by a manager (S19 tray and pouring, S18 set-up). */
export interface Signoff {
  readonly id: string;
  readonly staffId: string;
  readonly processKey: string;
  readonly version: number;
  readonly skill: string;
  readonly passed: boolean;
  readonly note: string | null;
  readonly assessorId: string | null;
  readonly signedBy: string;
  readonly at: string;
}

/**
 * The `certificate` field of a 403 CERTIFICATE_REQUIRED problem (src/staff/certification/problem.ts,
 * written out here so the web does not import server modules).
 */
export interface CertificateNeed {
  readonly certType: string;
  readonly state: 'missing' | 'expired' | 'revoked';
  readonly expiresAt: string | null;
  readonly staffId: string;
  readonly process: string;
  readonly step: string;
  readonly role: string | null;
  readonly required: readonly string[];
}

export interface RetrainRow {
  readonly staffId: string;
  readonly name: string;
  readonly role: string;
  readonly steps: readonly { readonly step: string; readonly change: 'added' | 'removed' | 'changed'; readonly fields: readonly string[] }[];
}

const enc = encodeURIComponent;
const period = (from: string, to: string) => `from=${enc(from)}&to=${enc(to)}`;

export const staffApi = {
  study: (process: string, role: string) => request<StudyGuide>('GET', `/api/training/${enc(process)}/${enc(role)}`),
  quiz: (process: string, role: string) => request<Quiz>('GET', `/api/training/${enc(process)}/${enc(role)}/quiz`),
  submit: (process: string, role: string, version: number, answers: Record<string, number>) => request<QuizScore>('POST', `/api/training/${enc(process)}/${enc(role)}/attempts`, { version, answers }),
  questions: (process: string, role: string) => request<CustomQuestion[]>('GET', `/api/training/${enc(process)}/${enc(role)}/questions`),
  addQuestion: (process: string, role: string, q: Omit<CustomQuestion, 'id'>) => request<{ id: string }>('POST', `/api/training/${enc(process)}/${enc(role)}/questions`, q),
  editQuestion: (process: string, role: string, id: string, q: Omit<CustomQuestion, 'id'>) => request<CustomQuestion>('PUT', `/api/training/${enc(process)}/${enc(role)}/questions/${enc(id)}`, q),
  deleteQuestion: (process: string, role: string, id: string) => request<void>('DELETE', `/api/training/${enc(process)}/${enc(role)}/questions/${enc(id)}`),
  signoffs: (process: string) => request<Signoff[]>('GET', `/api/training/signoffs?process=${enc(process)}`),
  signOff: (body: { staffId: string; process: string; skill: string; passed: boolean; note?: string; assessorId?: string }) => request<{ id: string }>('POST', '/api/training/signoffs', body),
  certificates: (staffId?: string) => request<Certificate[]>('GET', `/api/certificates${staffId ? `?staffId=${enc(staffId)}` : ''}`),
  issue: (body: { staffId: string; certType: string; expiresAt: string | null }) => request<Certificate>('POST', '/api/certificates', body),
  renew: (id: string, expiresAt: string | null) => request<Certificate>('POST', `/api/certificates/${enc(id)}/renew`, { expiresAt }),
  revoke: (id: string) => request<void>('POST', `/api/certificates/${enc(id)}/revoke`),
  skips: () => request<Skip[]>('GET', '/api/certificates/skips'),
  compute: (from: string, to: string) => request<{ written: string[]; signed: string[] }>('POST', '/api/appraisals/compute', { from, to }),
  sheets: (from: string, to: string) => request<StoredSheet[]>('GET', `/api/appraisals?${period(from, to)}`),
  sheet: (id: string, lang: 'zh' | 'en') => request<StoredSheet>('GET', `/api/appraisals/${enc(id)}?lang=${lang}`),
  score: (id: string, score: number) => request<StoredSheet>('PUT', `/api/appraisals/${enc(id)}/supervisor-score`, { score }),
  sign: (id: string) => request<StoredSheet>('POST', `/api/appraisals/${enc(id)}/sign`),
  ranking: (from: string, to: string) => request<RankRow[]>('GET', `/api/appraisals/ranking?${period(from, to)}`),
  posts: (from: string, to: string) => request<PostRow[]>('GET', `/api/appraisals/posts?${period(from, to)}`),
  retrain: (process: string, from: number, to: number) => request<{ people: RetrainRow[] }>('GET', `/api/retraining/${enc(process)}?from=${from}&to=${to}`),
  xlsxUrl: (id: string, lang: 'zh' | 'en') => `/api/appraisals/${enc(id)}/xlsx?lang=${lang}`,
};

/** The month containing `now` in Shanghai time, as ISO instants with the +08:00 offset. */
export function monthOf(ym: string): { from: string; to: string } {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: `${ym}-01T00:00:00+08:00`, to: `${next}-01T00:00:00+08:00` };
}
