/**
 * The future-event list: a binary min-heap on (time, insertion order). Ties in time are taken
 * first-in first-out, so events scheduled for the same instant run in the order the model
 * caused them (a task opened before another one at 10:00 is also queued before it).
 *
 * Cancelling is lazy (the owner marks the event and it is skipped when popped): removing from
 * the middle of a heap needs an index per entry, and cancelled SLA points are the minority.
 * A calendar queue or a ladder queue was considered; at the queue sizes of a store (hundreds to
 * a few thousand pending events) a binary heap on plain objects is as fast and far simpler.
 */
export interface QueuedEvent {
  /** Due time (epoch ms). */
  t: number;
  /** Insertion order: set by the queue. */
  seq: number;
  cancelled: boolean;
}

export class EventQueue<E extends QueuedEvent> {
  private heap: E[] = [];
  private counter = 0;

  get size(): number {
    return this.heap.length;
  }

  push(e: E): E {
    e.seq = this.counter++;
    const h = this.heap;
    let i = h.length;
    h.push(e);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pe = h[p]!;
      if (pe.t < e.t || (pe.t === e.t && pe.seq < e.seq)) break;
      h[i] = pe;
      i = p;
    }
    h[i] = e;
    return e;
  }

  /** The earliest event that is not cancelled, removed from the queue; undefined when empty. */
  pop(): E | undefined {
    for (;;) {
      const e = this.popAny();
      if (e === undefined || !e.cancelled) return e;
    }
  }

  /** Time of the earliest live event (cancelled heads are dropped on the way). */
  peekTime(): number | undefined {
    const h = this.heap;
    while (h.length > 0 && h[0]!.cancelled) this.popAny();
    return h[0]?.t;
  }

  private popAny(): E | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    const n = h.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      let ce = h[l]!;
      if (r < n) {
        const re = h[r]!;
        if (re.t < ce.t || (re.t === ce.t && re.seq < ce.seq)) {
          c = r;
          ce = re;
        }
      }
      if (last.t < ce.t || (last.t === ce.t && last.seq < ce.seq)) break;
      h[i] = ce;
      i = c;
    }
    h[i] = last;
    return top;
  }
}
