import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * Batches text into ~256 KB writes on a Node stream and waits on back-pressure, so writers can
 * emit one small string per attribute without a syscall (or an unbounded buffer) per string.
 */
export class TextSink {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly out: Writable) {}

  /** Queues text; flushes when the batch is large. */
  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 1 << 18) await this.flush();
  }

  /** Writes what is queued, waiting for the stream to drain if it asks to. */
  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }
}
