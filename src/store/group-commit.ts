import { writeCases } from './sql/write-cases.ts';
import type { Db } from './db.ts';
import type { CaseWrite } from './sql/write-case.ts';

/**
 * Group commit for the optimistic path: the version-checked writes of commands that arrive
 * while others are being written go to the database together, as ONE statement in autocommit
 * (`writeCases`), and each caller is answered once that statement has committed. On a busy
 * server most of the cost of a small write is per statement and per commit — parse/bind/execute,
 * the events' statement trigger, the WAL flush, the round trip — so N writes in one statement
 * cost far less than N statements. When the server is idle a write goes alone at once (the batch
 * is sent on the next turn of the event loop), so nobody waits for a batch to fill.
 *
 * What each caller still gets, exactly as with its own statement:
 * - its write is all-or-nothing and guarded by its version: a case whose version moved is
 *   answered `false` (nothing of it written) while the rest of the batch commits;
 * - two writes of one case never share a batch: the second waits for the next one, where it
 *   meets the version the first wrote and is answered `false` — commands on one case are
 *   serialised as before;
 * - a batch that fails as a whole (a constraint one write broke, a deadlock victim) is sent
 *   again one write at a time, so a bad write fails alone and the others still commit.
 *
 * At most `maxInFlight` batches are in flight (each holds one pooled connection); writes that
 * arrive meanwhile queue and leave together as the next batch. One in flight gave batches of
 * about seven writes in `bench:api` (16 connections), two in flight about four, at more CPU. Rejected: a timer that waits a
 * fixed time for a batch to fill (it adds that time to every write of a quiet server), and
 * batching the locking path (its writes sit inside transactions that hold row locks).
 */

interface Pending {
  readonly write: CaseWrite;
  readonly resolve: (written: boolean) => void;
  readonly reject: (e: unknown) => void;
}

export interface GroupCommitOptions {
  /** Batches sent at once; default 1 (measured: 2 halves the batch size and costs PostgreSQL more CPU per write). */
  readonly maxInFlight?: number;
  /** Writes per batch at most; default 64. */
  readonly maxBatch?: number;
}

export class GroupCommit {
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly maxInFlight: number;
  private readonly maxBatch: number;
  /** Batches and writes sent (tests and the benchmark read them). */
  readonly stats = { batches: 0, writes: 0, split: 0 };

  /** `db` is the database the store was made with: a store joined to a transaction does not batch. */
  constructor(
    readonly db: Db,
    opts: GroupCommitOptions = {},
  ) {
    this.maxInFlight = opts.maxInFlight ?? 1;
    this.maxBatch = opts.maxBatch ?? 64;
  }

  /** Writes one command's update of its case; false when the case was not at `previousVersion`. */
  write(write: CaseWrite): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ write, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    // The next turn of the event loop: requests read from the sockets in this turn join the batch.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch: Pending[] = [];
      const rest: Pending[] = [];
      const cases = new Set<string>();
      for (const p of this.queue) {
        if (batch.length < this.maxBatch && !cases.has(p.write.row.id)) {
          cases.add(p.write.row.id);
          batch.push(p);
        } else rest.push(p);
      }
      this.queue = rest;
      this.inFlight++;
      void this.send(batch).finally(() => {
        this.inFlight--;
        this.kick();
      });
    }
  }

  private async send(batch: readonly Pending[]): Promise<void> {
    this.stats.batches++;
    this.stats.writes += batch.length;
    try {
      const written = await writeCases(this.db, batch.map((p) => p.write));
      for (const p of batch) p.resolve(written.has(p.write.row.id));
      return;
    } catch (e) {
      if (batch.length === 1) {
        batch[0]!.reject(e);
        return;
      }
    }
    // The batch failed as a whole and wrote nothing: one at a time, so only a bad write fails.
    this.stats.split++;
    for (const p of batch) {
      try {
        p.resolve((await writeCases(this.db, [p.write])).has(p.write.row.id));
      } catch (e) {
        p.reject(e);
      }
    }
  }
}
