/**
 * Sends work items that arrive together as ONE call (`run` takes the batch, answers item by
 * item): what `group-commit.ts` does for writes, for statements without its one-case-per-batch
 * rule — the API's task reads. A lone item goes at once (on the next turn of the event loop);
 * items arriving while `maxInFlight` batches are under way queue and leave together. A batch
 * that fails as a whole is run again item by item, so one item's failure is its own.
 */
export class Batcher<In, Out> {
  private queue: { item: In; resolve: (v: Out) => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly run: (items: readonly In[]) => Promise<readonly Out[]>,
    private readonly opts: { readonly maxInFlight?: number; readonly maxBatch?: number } = {},
  ) {}

  submit(item: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.scheduled || this.inFlight >= (this.opts.maxInFlight ?? 1) || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.inFlight < (this.opts.maxInFlight ?? 1) && this.queue.length > 0) {
        const batch = this.queue.splice(0, this.opts.maxBatch ?? 64);
        this.inFlight++;
        void this.send(batch).finally(() => {
          this.inFlight--;
          this.kick();
        });
      }
    });
  }

  private async send(batch: typeof this.queue): Promise<void> {
    try {
      const out = await this.run(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(out[i]!));
      return;
    } catch (e) {
      if (batch.length === 1) return batch[0]!.reject(e);
    }
    for (const b of batch) {
      try {
        b.resolve((await this.run([b.item]))[0]!);
      } catch (e) {
        b.reject(e);
      }
    }
  }
}
