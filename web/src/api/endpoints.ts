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

/** What `/api/me` answers. */
interface MeAnswer {
  readonly staff: { readonly id: string; readonly name: string };
  readonly organisation: { readonly id: string; readonly name: string };
  readonly roles: readonly { readonly storeId: string; readonly role: string }[];
  readonly access: readonly { readonly level: string; readonly storeId?: string }[];
}

const enc = encodeURIComponent;

/**
 * Reads that pages need in one piece (names joined, totals for paging) come from the web app's
 * own endpoints (`/api/web/…`, src/web-api); every change goes through the API's routes, which
 * audit it and apply the SOP's rules.
 */
export const api = {
  kpis: (q: KpiQuery) => request<Kpis>('GET', `/api/web/kpis${qs({ ...q })}`),
  drill: (q: KpiQuery, d: Drill, offset = 0) => request<Page<CaseSummary>>('GET', `/api/web/kpis/cases${qs({ ...q, ...d, offset, limit: 50 })}`),
  login: (login: string, password: string) => request<unknown>('POST', '/api/auth/login', { login, password }),
  logout: () => request<void>('POST', '/api/auth/logout'),
  me: async (): Promise<Me> => {
    const m = await request<MeAnswer>('GET', '/api/me');
    return { id: m.staff.id, name: m.staff.name, orgId: m.organisation.id, orgName: m.organisation.name, roles: m.roles, access: m.access };
  },
  stores: async (): Promise<Page<Store>> => {
    const r = await request<{ items: Store[] }>('GET', '/api/stores?limit=200');
    return { items: r.items, total: r.items.length };
  },

  tasks: (q: TaskQuery, signal?: AbortSignal) => request<Page<TaskSummary>>('GET', `/api/web/tasks${qs({ ...q })}`, undefined, signal ? { signal } : {}),
  task: (id: string) => request<TaskDetail>('GET', `/api/web/tasks/${enc(id)}`),
  claim: (id: string) => request<unknown>('POST', `/api/tasks/${enc(id)}/claim`, {}),
  release: (id: string) => request<unknown>('POST', `/api/tasks/${enc(id)}/release`, {}),
  complete: (id: string, body: { form: Record<string, unknown>; checklist: Record<string, boolean> }) => request<unknown>('POST', `/api/tasks/${enc(id)}/complete`, body),

  cases: (q: CaseQuery) => request<Page<CaseSummary>>('GET', `/api/web/cases${qs({ ...q })}`),
  case: (id: string) => request<CaseDetail>('GET', `/api/web/cases/${enc(id)}`),
  comment: (id: string, text: string) => request<unknown>('POST', `/api/cases/${enc(id)}/comments`, { text }),

  definitions: () => request<Page<SopSummary>>('GET', '/api/web/definitions'),
  versions: (key: string) => request<Page<SopVersion>>('GET', `/api/web/definitions/${enc(key)}/versions`),
  definition: (key: string, version: number) => request<SopDefinitionView>('GET', `/api/web/definitions/${enc(key)}/versions/${version}`),
  source: (key: string, version: number) => request<{ source: string; format: string }>('GET', `/api/web/definitions/${enc(key)}/versions/${version}/source`),
  validate: async (source: string): Promise<{ ok: boolean; problems: readonly SopProblem[]; key?: string; version?: number }> => {
    const r = await request<{ valid: boolean; key?: string; version?: number; issues: SopProblem[] }>('POST', '/api/definitions/validate', { format: 'yaml', source });
    return { ok: r.valid, problems: r.issues, ...(r.key ? { key: r.key } : {}), ...(r.version ? { version: r.version } : {}) };
  },
  /** Saves the YAML as a draft of the version it declares, then publishes that version. */
  publish: async (key: string, version: number, source: string): Promise<SopVersion> => {
    await request<unknown>('POST', '/api/definitions', { format: 'yaml', source });
    return request<SopVersion>('POST', `/api/definitions/${enc(key)}/versions/${version}/publish`, {});
  },
};
