import { qs, request } from './client.ts';
import type { Drill, Kpis, CaseDetail, CaseSummary, Me, Page, SopDefinitionView, SopProblem, SopSummary, SopVersion, TaskDetail, TaskSummary } from './types.ts';

/**
 * Every API call the pages make, in one place, so a change of the server's routes is a change
 * of this file only. Paths follow the server's OpenAPI document.
 */

export interface TaskQuery {
  /** `mine`: claimed by or assigned to me; `queue`: open in my roles' queues. */
  readonly scope: 'mine' | 'queue';
  readonly limit?: number;
  readonly offset?: number;
}

export interface CaseQuery {
  readonly status?: string;
  readonly process?: string;
  readonly store?: string;
  readonly sla?: string;
  readonly from?: string;
  readonly to?: string;
  readonly q?: string;
  readonly ids?: readonly string[];
  readonly limit?: number;
  readonly offset?: number;
}

export interface Store {
  readonly id: string;
  readonly name: string;
  readonly timeZone: string;
}

export interface KpiQuery {
  readonly from: string;
  readonly to: string;
  readonly store?: string | undefined;
  readonly process?: string | undefined;
}

export const api = {
  kpis: (q: KpiQuery) => request<Kpis>('GET', `/api/web/kpis${qs({ ...q })}`),
  drill: (q: KpiQuery, d: Drill, offset = 0) => request<Page<CaseSummary>>('GET', `/api/web/kpis/cases${qs({ ...q, ...d, offset, limit: 50 })}`),

  login: (username: string, password: string) => request<{ token?: string }>('POST', '/api/auth/login', { login: username, password }),
  logout: () => request<void>('POST', '/api/auth/logout'),
  me: () => request<Me>('GET', '/api/me'),
  stores: () => request<Page<Store>>('GET', '/api/stores'),

  tasks: (q: TaskQuery, signal?: AbortSignal) => request<Page<TaskSummary>>('GET', `/api/tasks${qs({ ...q })}`, undefined, signal ? { signal } : {}),
  task: (id: string) => request<TaskDetail>('GET', `/api/tasks/${encodeURIComponent(id)}`),
  claim: (id: string) => request<TaskSummary>('POST', `/api/tasks/${encodeURIComponent(id)}/claim`, {}),
  release: (id: string) => request<TaskSummary>('POST', `/api/tasks/${encodeURIComponent(id)}/release`, {}),
  complete: (id: string, body: { form: Record<string, unknown>; checklist: Record<string, boolean> }) =>
    request<unknown>('POST', `/api/tasks/${encodeURIComponent(id)}/complete`, body),

  cases: (q: CaseQuery) => request<Page<CaseSummary>>('GET', `/api/cases${qs({ ...q })}`),
  case: (id: string) => request<CaseDetail>('GET', `/api/cases/${encodeURIComponent(id)}`),
  comment: (id: string, text: string) => request<unknown>('POST', `/api/cases/${encodeURIComponent(id)}/comments`, { text }),

  definitions: () => request<Page<SopSummary>>('GET', '/api/definitions'),
  versions: (key: string) => request<Page<SopVersion>>('GET', `/api/definitions/${encodeURIComponent(key)}/versions`),
  definition: (key: string, version: number) => request<SopDefinitionView>('GET', `/api/definitions/${encodeURIComponent(key)}/versions/${version}`),
  source: (key: string, version: number) => request<{ source: string; format: string }>('GET', `/api/definitions/${encodeURIComponent(key)}/versions/${version}/source`),
  validate: (source: string) => request<{ ok: boolean; problems: readonly SopProblem[] }>('POST', '/api/definitions/validate', { source, format: 'yaml' }),
  publish: (key: string, source: string) => request<SopVersion>('POST', `/api/definitions/${encodeURIComponent(key)}/versions`, { source, format: 'yaml', publish: true }),
};
