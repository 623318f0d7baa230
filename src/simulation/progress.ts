import type { ProgressStream } from '../cli/progress.ts';

/**
 * A progress bar counting simulated cases on stderr. src/cli/progress.ts draws byte counts
 * (for reading logs); cases need their own units, and a throughput figure is what people want
 * to see while a what-if runs. Draws only on a terminal, at most ten times a second.
 */
export interface CaseProgress {
  update(done: number, total: number): void;
  finish(): void;
}

/** Creates a case-counting progress bar labelled `label`. */
export function caseProgress(label: string, stream: ProgressStream = process.stderr, now: () => number = Date.now): CaseProgress {
  if (!stream.isTTY) return { update() {}, finish() {} };
  const started = now();
  let last = -Infinity;
  let drawn = false;
  return {
    update(done, total) {
      const t = now();
      if (t - last < 100 && done < total) return;
      last = t;
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - 40));
      const share = total > 0 ? Math.min(1, done / total) : 0;
      const full = Math.round(share * width);
      const rate = t > started ? Math.round((done / (t - started)) * 1000) : 0;
      stream.write(`\r${label} [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(share * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} cases, ${rate.toLocaleString('en-US')}/s\u001b[K`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\r\u001b[K');
      drawn = false;
    },
  };
}
