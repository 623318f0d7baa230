/** A growable list of numbers in a Float64Array (cycle times of hundreds of thousands of cases). */
export class Samples {
  private buf: Float64Array;
  length = 0;
  private sorted: Float64Array | undefined;

  /** `capacity`: how many values are expected (the simulator knows its case count), to grow less often. */
  constructor(capacity = 1024) {
    this.buf = new Float64Array(Math.max(16, capacity));
  }

  push(x: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = x;
    this.sorted = undefined;
  }

  values(): Float64Array {
    return this.buf.subarray(0, this.length);
  }

  mean(): number {
    let s = 0;
    for (let i = 0; i < this.length; i++) s += this.buf[i]!;
    return this.length > 0 ? s / this.length : Number.NaN;
  }

  /**
   * The p-quantile (linear interpolation between order statistics, type 7 as in R and NumPy),
   * by selection on a scratch copy: O(n) rather than a sort (a typed-array sort of 200,000
   * cycle times costs more than simulating a thousand cases).
   */
  quantile(p: number): number {
    const n = this.length;
    if (n === 0) return Number.NaN;
    if (this.sorted) return quantileSorted(this.sorted, p);
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    const a = scratchCopy(this.values());
    const x = select(a, lo);
    if (lo + 1 >= n || h === lo) return x;
    // The next order statistic is the smallest value right of the selected one.
    let y = Number.POSITIVE_INFINITY;
    for (let i = lo + 1; i < n; i++) if (a[i]! < y) y = a[i]!;
    return x + (h - lo) * (y - x);
  }

  /** Sorts once for many quantiles (histograms). */
  sortedValues(): Float64Array {
    this.sorted ??= this.values().slice().sort();
    return this.sorted;
  }

  /** The fraction of values strictly above `t`. */
  fractionAbove(t: number): number {
    if (this.length === 0) return Number.NaN;
    let k = 0;
    for (let i = 0; i < this.length; i++) if (this.buf[i]! > t) k++;
    return k / this.length;
  }
}

/**
 * Selection works on a copy; one buffer serves every copy (a fresh 2 MB array per quantile, on
 * fresh pages, cost more than the selection). It keeps the largest sample set's size.
 */
let scratch = new Float64Array(0);

function scratchCopy(values: Float64Array): Float64Array {
  if (scratch.length < values.length) scratch = new Float64Array(Math.max(values.length, scratch.length * 2));
  const a = scratch.subarray(0, values.length);
  a.set(values);
  return a;
}

/** The p-quantile of sorted values (type 7). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Rearranges `a` so that a[k] is the k-th smallest and everything left of it is ≤ it (Hoare's quickselect, median of three). */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // Median of three as pivot keeps sorted or constant runs from going quadratic.
    const x = a[lo]!, y = a[mid]!, z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}
