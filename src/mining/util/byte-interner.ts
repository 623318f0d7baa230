import type { Interner } from './growable.ts';

/**
 * Interns byte strings (activity, resource … values as they sit in the input buffer) to the
 * ids of a string `Interner` without creating a JS string per occurrence: a million events
 * carry a few dozen distinct activity names, and decoding each occurrence to a string and
 * looking it up in a Map was a third of the parse time. New byte strings are decoded once
 * (by the caller, for `add`) and registered in the string interner, so both agree on ids.
 */

/** FNV-1a over bytes, with a final mix so the low bits (table slots) depend on all of them. */
function hashBytes(b: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h ^ (h >>> 16);
}

/** Byte-string interner sharing ids with a string `Interner` (see the module comment). */
export class ByteInterner {
  private pool = new Uint8Array(4096);
  private poolUsed = 0;
  private start = new Int32Array(64);
  private length = new Int32Array(64);
  private hash = new Int32Array(64);
  private ids = new Int32Array(64);
  private count = 0;
  private table = new Int32Array(256).fill(-1);

  constructor(private readonly strings: Interner) {}

  /**
   * The id of the bytes `b[s, e)`, or -1 when they were never seen (then call `add` with their
   * decoded text). Two calls instead of one with a decode callback: a closure per value was a
   * measurable share of the garbage a big parse made.
   */
  find(b: Uint8Array, s: number, e: number): number {
    const h = hashBytes(b, s, e);
    const mask = this.table.length - 1;
    let slot = h & mask;
    const len = e - s;
    for (;;) {
      const k = this.table[slot]!;
      if (k < 0) return -1;
      if (this.hash[k] === h && this.length[k] === len && this.same(k, b, s, len)) return this.ids[k]!;
      slot = (slot + 1) & mask;
    }
  }

  /** Registers bytes not found by `find`, with their decoded text; returns the id. */
  add(b: Uint8Array, s: number, e: number, text: string): number {
    const h = hashBytes(b, s, e);
    const mask = this.table.length - 1;
    let slot = h & mask;
    while (this.table[slot]! >= 0) slot = (slot + 1) & mask;
    return this.insert(b, s, e, h, slot, text);
  }

  private same(k: number, b: Uint8Array, s: number, len: number): boolean {
    const o = this.start[k]!;
    const pool = this.pool;
    for (let i = 0; i < len; i++) if (pool[o + i] !== b[s + i]) return false;
    return true;
  }

  private insert(b: Uint8Array, s: number, e: number, h: number, slot: number, text: string): number {
    const len = e - s;
    if (this.poolUsed + len > this.pool.length) {
      const pool = new Uint8Array(Math.max(this.pool.length * 2, this.poolUsed + len));
      pool.set(this.pool.subarray(0, this.poolUsed));
      this.pool = pool;
    }
    if (this.count === this.ids.length) {
      const grow = (a: Int32Array): Int32Array<ArrayBuffer> => {
        const out = new Int32Array(a.length * 2);
        out.set(a);
        return out;
      };
      this.start = grow(this.start);
      this.length = grow(this.length);
      this.hash = grow(this.hash);
      this.ids = grow(this.ids);
    }
    this.pool.set(b.subarray(s, e), this.poolUsed);
    const k = this.count++;
    this.start[k] = this.poolUsed;
    this.length[k] = len;
    this.hash[k] = h;
    this.poolUsed += len;
    const id = this.strings.id(text);
    this.ids[k] = id;
    this.table[slot] = k;
    if (this.count * 2 > this.table.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2).fill(-1);
    const mask = table.length - 1;
    for (let k = 0; k < this.count; k++) {
      let slot = this.hash[k]! & mask;
      while (table[slot]! >= 0) slot = (slot + 1) & mask;
      table[slot] = k;
    }
    this.table = table;
  }
}
