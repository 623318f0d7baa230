/**
 * A tiny progress bar for long CLI steps, drawn on stderr. It draws only when the stream is a
 * terminal (a redirected stderr or a CI log gets nothing, not a wall of carriage returns) and
 * redraws at most ten times a second. The clock is injected for tests.
 */
export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

export interface ProgressBar {
  /** Reports progress; `total` null when unknown (then only the amount is shown). */
  update(done: number, total: number | null): void;
  /** Clears the bar (call when the step ends, also on failure). */
  finish(): void;
}

/** Formats a byte count for humans (`457 MB`). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} kB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(0)} MB`;
  return `${(n / 1024 ** 3).toFixed(1)} GB`;
}

/** Creates a progress bar labelled `label` on `stream` (stderr by default). */
export function progressBar(label: string, stream: ProgressStream = process.stderr, now: () => number = Date.now): ProgressBar {
  if (!stream.isTTY) return { update() {}, finish() {} };
  let last = -Infinity;
  let drawn = false;
  return {
    update(done, total) {
      const t = now();
      if (t - last < 100 && !(total !== null && done >= total)) return;
      last = t;
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - 30));
      let text: string;
      if (total !== null && total > 0) {
        const share = Math.min(1, done / total);
        const full = Math.round(share * width);
        text = `${label} [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(share * 100).toFixed(0).padStart(3)}% ${formatBytes(done)}/${formatBytes(total)}`;
      } else {
        text = `${label} ${formatBytes(done)}`;
      }
      stream.write(`\r${text}\u001b[K`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\r\u001b[K');
      drawn = false;
    },
  };
}
