/**
 * Append-only typed arrays that double when full. The readers do not know the event count in
 * advance (the input is streamed), and a JS array of numbers costs 8–16 bytes per slot plus
 * boxing, where these cost 1–8 and stay unboxed.
 */
type TypedArray = Float64Array | Int32Array | Int16Array | Uint8Array;
type TypedCtor<A extends TypedArray> = { new (length: number): A };

/** A growable column of one typed-array kind. */
export class Growable<A extends TypedArray> {
  private data: A;
  length = 0;

  constructor(
    private readonly ctor: TypedCtor<A>,
    capacity = 1024,
  ) {
    this.data = new ctor(capacity);
  }

  /** Appends one value. */
  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = value;
  }

  /** Reads the value at `i` (no bounds check beyond the typed array's own). */
  at(i: number): number {
    return this.data[i] as number;
  }

  /** Overwrites the value at `i`. */
  set(i: number, value: number): void {
    this.data[i] = value;
  }

  /** Makes room for `n` values in all, once, when the caller can estimate the final size. */
  reserve(n: number): void {
    if (n <= this.data.length) return;
    const next = new this.ctor(n);
    next.set(this.data.subarray(0, this.length) as never);
    this.data = next;
  }

  private grow(min: number): void {
    let cap = this.data.length * 2;
    while (cap < min) cap *= 2;
    const next = new this.ctor(cap);
    next.set(this.data as never);
    this.data = next;
  }

  /**
   * The filled part. When most of the capacity is used (a good `reserve` estimate) it is a view,
   * not a copy — copying a million-value column costs more than the quarter it may waste;
   * otherwise a copy of exactly `length` values, so the spare capacity is freed.
   */
  finish(): A {
    return (this.length * 4 >= this.data.length * 3 ? this.data.subarray(0, this.length) : this.data.slice(0, this.length)) as A;
  }
}

/** Interns strings to dense ids (0, 1, 2 … in order of first appearance). */
export class Interner {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];

  /** The id of `name`, assigning the next id when it is new. */
  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }

  /** The id of `name`, or -1 when it was never interned. */
  lookup(name: string): number {
    return this.ids.get(name) ?? -1;
  }
}
