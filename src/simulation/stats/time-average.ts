/**
 * The time average of a piecewise-constant quantity (queue length, people busy, cases in
 * progress) over a measurement window that opens after the warm-up. Updated at every change;
 * `close(t)` ends the window.
 */
export class TimeAverage {
  private value = 0;
  private since = 0;
  private area = 0;
  private start = Number.NaN;
  max = 0;

  /** Opens the window at `t` (changes before it still set the current value). */
  open(t: number): void {
    this.start = t;
    this.since = t;
    this.area = 0;
    this.max = this.value;
  }

  /** The quantity changes by `delta` at `t`. */
  add(t: number, delta: number): void {
    if (this.start === this.start) {
      this.area += this.value * (t - this.since);
      this.since = t;
    }
    this.value += delta;
    if (this.value > this.max && this.start === this.start) this.max = this.value;
  }

  get current(): number {
    return this.value;
  }

  /** The average over [open, t]. */
  averageUntil(t: number): number {
    if (this.start !== this.start || t <= this.start) return Number.NaN;
    return (this.area + this.value * (t - this.since)) / (t - this.start);
  }
}
