import { qs, request } from '../../api/client.ts';

/** The customer and membership-card calls of the API (see docs/customers.md). */

export interface Customer {
  readonly id: string;
  readonly name: string | null;
  readonly phones: readonly string[];
  readonly idNumber: string | null;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly consent: Readonly<Record<string, boolean>>;
  readonly tags: readonly string[];
  readonly tier: string | null;
  readonly tierByRule: boolean;
  readonly ownerStaffId: string | null;
  readonly createdAt: string;
  readonly erased: boolean;
  readonly purchases: { readonly totalCents: number; readonly maxCents: number; readonly count: number };
  readonly outstanding: { readonly cents: number; readonly sessions: number };
  readonly masked: boolean;
}

export interface Card {
  readonly id: string;
  readonly kind: 'balance' | 'sessions';
  readonly label: string;
  readonly storeId: string | null;
  readonly balance: number;
  readonly createdAt: string;
}

export interface LedgerEntry {
  readonly seq: number;
  readonly at: string;
  readonly kind: 'open' | 'topup' | 'consume' | 'refund' | 'adjust';
  readonly amount: number;
  readonly balanceAfter: number;
  readonly caseId: string | null;
  readonly staffId: string;
  readonly reason: string | null;
  readonly signed: boolean;
}

export interface CustomerCase {
  readonly id: string;
  readonly process: string;
  readonly storeId: string | null;
  readonly status: string;
  readonly startedAt: string;
  readonly endedAt: string | null;
}

export interface Note {
  readonly id: string;
  readonly at: string;
  readonly by: string;
  readonly text: string;
}

const enc = encodeURIComponent;

export const customersApi = {
  list: (q: { q?: string; tier?: string; tag?: string; cursor?: string }, signal?: AbortSignal) =>
    request<{ items: Customer[]; nextCursor: string | null }>('GET', `/api/customers${qs({ ...q, limit: 50 })}`, undefined, { signal }),
  get: (id: string, signal?: AbortSignal) => request<Customer>('GET', `/api/customers/${enc(id)}`, undefined, { signal }),
  create: (body: { name: string; phones: string[]; tags: string[] }) => request<Customer>('POST', '/api/customers', body),
  cards: (id: string, signal?: AbortSignal) => request<{ items: Card[] }>('GET', `/api/customers/${enc(id)}/cards`, undefined, { signal }),
  card: (cardId: string, signal?: AbortSignal) => request<{ card: Card; ledger: LedgerEntry[] }>('GET', `/api/cards/${enc(cardId)}`, undefined, { signal }),
  cases: (id: string, signal?: AbortSignal) => request<{ items: CustomerCase[] }>('GET', `/api/customers/${enc(id)}/cases`, undefined, { signal }),
  notes: (id: string, signal?: AbortSignal) => request<{ items: Note[] }>('GET', `/api/customers/${enc(id)}/notes`, undefined, { signal }),
  addNote: (id: string, text: string) => request<Note>('POST', `/api/customers/${enc(id)}/notes`, { text }),
};
