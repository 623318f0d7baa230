import type { OpenInterval } from '../calendar/index.ts';

/**
 * Free slots of a service on one day, from plain data (no database): the store's open
 * intervals, the staff who may serve it in duty order, their booked appointments, and the
 * room's bookings and capacity. A slot must fit inside one open interval (no appointment across
 * the lunch break or past closing) and start no earlier than `notBefore` (now).
 */

export interface Busy {
  readonly start: number;
  readonly end: number;
}

export interface SlotInput {
  readonly open: readonly OpenInterval[];
  readonly durationMs: number;
  readonly stepMs: number;
  /** Staff ids in duty order, each with their live appointments. */
  readonly staff: readonly { readonly id: string; readonly busy: readonly Busy[] }[];
  /** The room's live appointments and capacity, when the service needs one. */
  readonly resource?: { readonly capacity: number; readonly busy: readonly Busy[] };
  readonly notBefore: number;
}

export interface Slot {
  readonly start: number;
  readonly end: number;
  /** Staff free for the whole slot, in duty order (booking without a choice takes the first). */
  readonly staffIds: readonly string[];
}

const overlaps = (a: Busy, s: number, e: number) => a.start < e && s < a.end;

/** The most bookings holding a resource at one instant of [s, e). */
export function peakLoad(busy: readonly Busy[], s: number, e: number): number {
  const inside = busy.filter((b) => overlaps(b, s, e));
  const points = [s, ...inside.map((b) => b.start).filter((t) => t > s && t < e)];
  let peak = 0;
  for (const t of points) peak = Math.max(peak, inside.filter((b) => b.start <= t && t < b.end).length);
  return peak;
}

/** See the module comment. */
export function freeSlots(input: SlotInput): Slot[] {
  if (!(input.durationMs > 0) || !(input.stepMs > 0)) throw new Error('slot duration and step must be positive');
  const out: Slot[] = [];
  for (const iv of input.open) {
    for (let s = iv.start; s + input.durationMs <= iv.end; s += input.stepMs) {
      if (s < input.notBefore) continue;
      const e = s + input.durationMs;
      if (input.resource !== undefined && peakLoad(input.resource.busy, s, e) >= input.resource.capacity) continue;
      const staffIds = input.staff.filter((st) => !st.busy.some((b) => overlaps(b, s, e))).map((st) => st.id);
      if (staffIds.length > 0) out.push({ start: s, end: e, staffIds });
    }
  }
  return out;
}
