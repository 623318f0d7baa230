import { request } from '../../api/client.ts';

/** The appointment, public booking and status calls of the API (see docs/appointments.md). */

export type ApptStatus = 'booked' | 'confirmed' | 'checked_in' | 'cancelled' | 'no_show';

export interface ApptService {
  readonly id: string;
  readonly storeId: string;
  readonly name: { readonly zh: string; readonly en: string };
  readonly durationMin: number;
  readonly role: string;
  readonly active: boolean;
}

export interface Appointment {
  readonly id: string;
  readonly storeId: string;
  readonly serviceId: string;
  readonly staffId: string;
  readonly customerId: string | null;
  readonly start: string;
  readonly end: string;
  readonly status: ApptStatus;
  readonly source: 'staff' | 'public';
  readonly caseId: string | null;
}

export interface Slot {
  readonly start: string;
  readonly end: string;
  readonly staffIds?: readonly string[];
}

export interface Roster {
  readonly roles: readonly { readonly role: string; readonly staff: readonly { readonly id: string; readonly name: string }[] }[];
}

export interface PublicStatus {
  readonly process: { zh?: string; en?: string };
  readonly store: string | null;
  readonly status: 'active' | 'completed' | 'cancelled' | 'failed';
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly slaDueAt: string | null;
  readonly current: readonly { name: { zh?: string; en?: string }; since: string; dueAt: string | null; waitingForYou: boolean }[];
  readonly done: readonly { name: { zh?: string; en?: string }; at: string }[];
  readonly linkExpiresAt: string;
}

export interface BookingPage {
  readonly store: { readonly id: string; readonly name: string; readonly timeZone: string };
  readonly services: readonly { readonly id: string; readonly name: { zh: string; en: string }; readonly durationMin: number }[];
}

const enc = encodeURIComponent;

export const apptApi = {
  services: (storeId: string) => request<{ items: ApptService[] }>('GET', `/api/stores/${enc(storeId)}/appointment-services`),
  roster: (storeId: string) => request<Roster>('GET', `/api/stores/${enc(storeId)}/roster`),
  list: (storeId: string, from: string, to: string, staffId?: string) =>
    request<{ items: Appointment[] }>('GET', `/api/stores/${enc(storeId)}/appointments?from=${enc(from)}&to=${enc(to)}${staffId ? `&staffId=${enc(staffId)}` : ''}`),
  slots: (serviceId: string, date: string) => request<{ timeZone: string; slots: Slot[] }>('GET', `/api/appointment-services/${enc(serviceId)}/slots?date=${enc(date)}`),
  book: (storeId: string, body: { serviceId: string; start: string; staffId?: string; customerId?: string }) => request<Appointment>('POST', `/api/stores/${enc(storeId)}/appointments`, body),
  act: (id: string, action: 'confirm' | 'cancel' | 'no-show') => request<Appointment>('POST', `/api/appointments/${enc(id)}/${action}`),
  checkIn: (id: string) => request<{ appointment: Appointment; caseId: string | null; statusToken: string | null }>('POST', `/api/appointments/${enc(id)}/check-in`),
  icsUrl: (id: string) => `/api/appointments/${enc(id)}/ics`,
  staffDayIcsUrl: (storeId: string, staffId: string, date: string) => `/api/stores/${enc(storeId)}/staff/${enc(staffId)}/appointments.ics?date=${enc(date)}`,

  bookingPage: (storeId: string) => request<BookingPage>('GET', `/api/public/stores/${enc(storeId)}/booking`),
  publicSlots: (storeId: string, serviceId: string, date: string) => request<{ timeZone: string; slots: Slot[] }>('GET', `/api/public/stores/${enc(storeId)}/slots?serviceId=${enc(serviceId)}&date=${enc(date)}`),
  publicBook: (storeId: string, body: { serviceId: string; start: string; name: string; phone: string }) =>
    request<{ appointmentId: string; start: string; end: string; service: { zh: string; en: string }; store: string }>('POST', `/api/public/stores/${enc(storeId)}/bookings`, body),
  status: (token: string) => request<PublicStatus>('GET', `/api/public/status/${enc(token)}`),
};

/** 'YYYY-MM-DD' of an instant in a time zone. */
export function localDate(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** 'HH:MM' of an instant in a time zone. */
export function localTime(at: number | string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(typeof at === 'number' ? at : Date.parse(at));
}

/** The date `n` days after 'YYYY-MM-DD' (civil arithmetic, no time zone involved). */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The instant a store-local date begins (close enough for a range query: the offset at noon). */
export function dayStart(date: string, timeZone: string): number {
  const noon = Date.parse(`${date}T12:00:00Z`);
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(noon);
  const h = Number(parts.find((p) => p.type === 'hour')?.value ?? '12');
  const m = Number(parts.find((p) => p.type === 'minute')?.value ?? '0');
  const offset = (h - 12) * 3600_000 + m * 60_000;
  return Date.parse(`${date}T00:00:00Z`) - offset;
}
