/**
 * A binary min-heap of integer handles ordered by a numeric priority (ties: lower secondary
 * first). The search pushes millions of entries; storing handles and priorities in typed
 * arrays avoids one object per entry.
 */
export class MinHeap {
  private ids = new Int32Array(1024);
  private keys = new Float64Array(1024);
  private ties = new Float64Array(1024);
  size = 0;

  /** Adds `id` with priority `key` (and tie-breaker `tie`). */
  push(id: number, key: number, tie: number): void {
    if (this.size === this.ids.length) this.grow();
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(key, tie, this.keys[parent]!, this.ties[parent]!)) break;
      this.move(parent, i);
      i = parent;
    }
    this.ids[i] = id;
    this.keys[i] = key;
    this.ties[i] = tie;
  }

  /** Removes and returns the id with the smallest priority (-1 when empty). */
  pop(): number {
    if (this.size === 0) return -1;
    const top = this.ids[0]!;
    const last = --this.size;
    if (last > 0) {
      const id = this.ids[last]!;
      const key = this.keys[last]!;
      const tie = this.ties[last]!;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= last) break;
        if (c + 1 < last && this.less(this.keys[c + 1]!, this.ties[c + 1]!, this.keys[c]!, this.ties[c]!)) c++;
        if (!this.less(this.keys[c]!, this.ties[c]!, key, tie)) break;
        this.move(c, i);
        i = c;
      }
      this.ids[i] = id;
      this.keys[i] = key;
      this.ties[i] = tie;
    }
    return top;
  }

  private less(k1: number, t1: number, k2: number, t2: number): boolean {
    return k1 < k2 || (k1 === k2 && t1 < t2);
  }

  private move(from: number, to: number): void {
    this.ids[to] = this.ids[from]!;
    this.keys[to] = this.keys[from]!;
    this.ties[to] = this.ties[from]!;
  }

  private grow(): void {
    const n = this.ids.length * 2;
    const ids = new Int32Array(n);
    ids.set(this.ids);
    const keys = new Float64Array(n);
    keys.set(this.keys);
    const ties = new Float64Array(n);
    ties.set(this.ties);
    this.ids = ids;
    this.keys = keys;
    this.ties = ties;
  }
}
