/** A growable list of numbers in a Float64Array (cycle times of hundreds of thousands of cases). */
export class Samples {
  private buf = new Float64Array(1024);
  length = 0;
  private sorted: Float64Array | undefined;

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

  /** The p-quantile (linear interpolation between order statistics, type 7 as in R and NumPy). */
  quantile(p: number): number {
    if (this.length === 0) return Number.NaN;
    this.sorted ??= this.values().slice().sort();
    return quantileSorted(this.sorted, p);
  }

  /** The fraction of values strictly above `t`. */
  fractionAbove(t: number): number {
    if (this.length === 0) return Number.NaN;
    let k = 0;
    for (let i = 0; i < this.length; i++) if (this.buf[i]! > t) k++;
    return k / this.length;
  }
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
