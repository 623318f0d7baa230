/**
 * A queue of waiting tasks taken by priority (higher first), then first come first served:
 * the non-preemptive priority discipline of a service desk. Entries are removed lazily: when a
 * waiting task changes (reassigned, priority raised, withdrawn) its `version` moves on and the
 * old entry is skipped when it reaches the top.
 */
export interface Queueable {
  priority: number;
  /** FIFO order within a priority class (when the task first entered a queue). */
  order: number;
  version: number;
}

interface Entry<T extends Queueable> {
  readonly priority: number;
  readonly order: number;
  readonly version: number;
  readonly item: T;
}

function before<T extends Queueable>(a: Entry<T>, b: Entry<T>): boolean {
  return a.priority > b.priority || (a.priority === b.priority && a.order < b.order);
}

export class TaskHeap<T extends Queueable> {
  private heap: Entry<T>[] = [];
  /** Live entries (what a queue-length statistic counts). */
  live = 0;

  push(item: T): void {
    const e: Entry<T> = { priority: item.priority, order: item.order, version: item.version, item };
    const h = this.heap;
    let i = h.length;
    h.push(e);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(e, h[p]!)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = e;
    this.live++;
  }

  /** Marks one entry dead without finding it (its item's version has already moved on). */
  forget(): void {
    this.live--;
  }

  /** The best live item, left in place; undefined when none. */
  peek(): T | undefined {
    this.dropStale();
    return this.heap[0]?.item;
  }

  /** Priority and order of the best live entry (to compare queues without popping). */
  peekEntry(): Entry<T> | undefined {
    this.dropStale();
    return this.heap[0];
  }

  pop(): T | undefined {
    this.dropStale();
    const top = this.heap[0];
    if (top === undefined) return undefined;
    this.removeTop();
    this.live--;
    return top.item;
  }

  private dropStale(): void {
    const h = this.heap;
    while (h.length > 0 && h[0]!.version !== h[0]!.item.version) this.removeTop();
  }

  private removeTop(): void {
    const h = this.heap;
    const last = h.pop()!;
    const n = h.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(h[r]!, h[l]!) ? r : l;
      if (!before(h[c]!, last)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = last;
  }
}
