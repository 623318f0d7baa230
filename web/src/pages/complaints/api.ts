import { request } from '../../api/client.ts';

/** The complaint and survey calls of the API (see docs/complaints-surveys.md). */

export interface Complaint {
  readonly caseId: string;
  readonly storeId: string;
  readonly customerId: string;
  readonly subject: string;
  readonly severity: string;
  readonly repeat: boolean;
  readonly repeatOf: string | null;
  readonly repeatCount: number;
  readonly status: string;
  readonly createdAt: string;
  /** The served case it is about, or null. */
  readonly aboutCaseId: string | null;
  /** The staff it is about (src/complaints/staff-link.ts). */
  readonly staffIds: readonly string[];
  /** A manager's finding: upheld, not upheld, or null while undecided. */
  readonly upheld: boolean | null;
}

/** Who a complaint is about and the finding, as the manager's changes answer. */
export interface ComplaintStaff {
  readonly caseId: string;
  readonly staffIds: readonly string[];
  readonly upheld: boolean | null;
}

export interface WeeklyReport {
  readonly storeId: string;
  readonly weekStart: string;
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
  readonly total: number;
  readonly repeats: number;
  readonly bySubject: readonly { readonly subject: string; readonly count: number; readonly repeats: number }[];
  readonly bySeverity: readonly { readonly severity: string; readonly count: number }[];
  readonly closed: number;
  readonly closedOnTime: number;
  readonly onTimePct: number | null;
}

export interface PublicSurvey {
  readonly process: { zh?: string; en?: string };
  readonly store: string | null;
  readonly endedAt: string | null;
  readonly expiresAt: string;
}

const q = (o: Record<string, string | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== '') p.set(k, v);
  const s = p.toString();
  return s === '' ? '' : `?${s}`;
};

export const complaintApi = {
  list: (storeId: string | undefined, signal?: AbortSignal) => request<{ items: Complaint[] }>('GET', `/api/complaints${q({ storeId })}`, undefined, { signal }),
  report: (storeId: string, week: string | undefined, signal?: AbortSignal) => request<WeeklyReport>('GET', `/api/complaints/report${q({ storeId, week })}`, undefined, { signal }),
  stores: (signal?: AbortSignal) => request<{ items: { id: string; name: string }[] }>('GET', '/api/stores?limit=200', undefined, { signal }),
  /** The people with a role in the store (those a complaint about the store is most likely about). */
  staff: (storeId: string, signal?: AbortSignal) => request<{ items: { id: string; name: string; active: boolean }[] }>('GET', `/api/staff${q({ storeId, limit: '200' })}`, undefined, { signal }),
  setStaff: (caseId: string, staffIds: readonly string[]) => request<ComplaintStaff>('PUT', `/api/complaints/${encodeURIComponent(caseId)}/staff`, { staffIds }),
  setUpheld: (caseId: string, upheld: boolean | null) => request<ComplaintStaff>('PUT', `/api/complaints/${encodeURIComponent(caseId)}/upheld`, { upheld }),
  survey: (token: string, signal?: AbortSignal) => request<PublicSurvey>('GET', `/api/public/surveys/${encodeURIComponent(token)}`, undefined, { signal }),
  answer: (token: string, body: { csat: number; nps?: number; comment?: string }) => request<{ thanks: true }>('POST', `/api/public/surveys/${encodeURIComponent(token)}`, body),
};
