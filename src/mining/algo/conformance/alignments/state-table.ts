/**
 * Search states (marking, position in the trace) interned to dense ids, stored flat: markings
 * in one Int32Array pool (stride = number of places), found through an open-addressing hash
 * table. A string key and a Map entry per state cost more than the whole rest of the search.
 */
export class StateTable {
  private pool: Int32Array;
  private pos: Int32Array;
  private hashes: Int32Array;
  private table: Int32Array;
  private mask: number;
  count = 0;

  constructor(private readonly stride: number) {
    this.pool = new Int32Array(Math.max(1, stride) * 1024);
    this.pos = new Int32Array(1024);
    this.hashes = new Int32Array(1024);
    this.table = new Int32Array(4096).fill(-1);
    this.mask = 4095;
  }

  /** The scratch slot where a candidate marking is written before `intern` (valid until then). */
  scratch(): Int32Array {
    this.ensure(this.count + 1);
    return this.pool.subarray(this.count * this.stride, (this.count + 1) * this.stride);
  }

  /** Marking of state `id` (a view into the pool; do not keep it across `intern` calls). */
  marking(id: number): Int32Array {
    return this.pool.subarray(id * this.stride, (id + 1) * this.stride);
  }

  /** Trace position of state `id`. */
  position(id: number): number {
    return this.pos[id]!;
  }

  /**
   * Interns the marking in the scratch slot at trace position `i`: returns its id, and whether
   * it is new (then the scratch slot became its storage).
   */
  intern(i: number): { id: number; isNew: boolean } {
    const s = this.count * this.stride;
    // FNV-style mixing per place, then MurmurHash3's finaliser so the low bits (the slot) depend
    // on every place: markings differ in few places by small numbers.
    let h = Math.imul(i + 1, 0x9e3779b1);
    for (let k = 0; k < this.stride; k++) h = Math.imul(h ^ this.pool[s + k]!, 0x01000193) ^ (h >>> 13);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
    let slot = h & this.mask;
    for (;;) {
      const id = this.table[slot]!;
      if (id < 0) break;
      if (this.hashes[id] === h && this.pos[id] === i && this.same(id, s)) return { id, isNew: false };
      slot = (slot + 1) & this.mask;
    }
    const id = this.count++;
    this.table[slot] = id;
    this.hashes[id] = h;
    this.pos[id] = i;
    if (this.count * 2 > this.table.length) this.rehash();
    return { id, isNew: true };
  }

  private same(id: number, s: number): boolean {
    const o = id * this.stride;
    for (let k = 0; k < this.stride; k++) if (this.pool[o + k] !== this.pool[s + k]) return false;
    return true;
  }

  private ensure(n: number): void {
    if (n * this.stride > this.pool.length) {
      const pool = new Int32Array(this.pool.length * 2);
      pool.set(this.pool);
      this.pool = pool;
    }
    if (n > this.pos.length) {
      const pos = new Int32Array(this.pos.length * 2);
      pos.set(this.pos);
      this.pos = pos;
      const hashes = new Int32Array(this.hashes.length * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
  }

  private rehash(): void {
    const size = this.table.length * 2;
    this.table = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let id = 0; id < this.count; id++) {
      let slot = this.hashes[id]! & this.mask;
      while (this.table[slot]! >= 0) slot = (slot + 1) & this.mask;
      this.table[slot] = id;
    }
  }
}
