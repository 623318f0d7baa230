import { describe, expect, it } from 'vitest';
import { formatBytes, progressBar } from './progress.ts';

function terminal(isTTY: boolean) {
  const out: string[] = [];
  return { isTTY, columns: 80, write: (t: string) => out.push(t), out };
}

describe('progress bar', () => {
  it('draws on a terminal, at most ten times a second, and clears itself', () => {
    const tty = terminal(true);
    let clock = 0;
    const bar = progressBar('reading', tty, () => clock);
    bar.update(10, 100);
    bar.update(20, 100); // same instant: skipped
    clock = 150;
    bar.update(50, 100);
    expect(tty.out).toHaveLength(2);
    expect(tty.out[1]).toMatch(/^\rreading \[#+\.+\]  50% 50 B\/100 B/);
    bar.finish();
    expect(tty.out[2]).toBe('\r\u001b[K');
  });

  it('stays silent when stderr is not a terminal', () => {
    const pipe = terminal(false);
    const bar = progressBar('reading', pipe, () => 0);
    bar.update(1, 2);
    bar.finish();
    expect(pipe.out).toEqual([]);
  });

  it('formats byte counts', () => {
    expect([formatBytes(512), formatBytes(4096), formatBytes(457 * 1024 * 1024), formatBytes(3 * 1024 ** 3)]).toEqual(['512 B', '4 kB', '457 MB', '3.0 GB']);
  });
});
