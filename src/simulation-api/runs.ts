import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { ComparisonSummary, StudyJob, WorkerMessage } from './protocol.ts';

export type RunStatus = 'running' | 'done' | 'failed';

/** One simulation run as the API shows it. */
export interface SimulationRun {
  readonly id: string;
  readonly orgId: string;
  readonly process: { readonly key: string; readonly version: number };
  readonly startedBy: string;
  readonly startedAt: number;
  status: RunStatus;
  progress: { done: number; total: number };
  finishedAt?: number;
  comparison?: ComparisonSummary;
  error?: { code: string; message: string };
}

const WORKER = new URL('./worker.mjs', import.meta.url);

/**
 * Simulation runs of one server: each in its own worker thread (a run takes seconds to minutes
 * of CPU, which must not stall the API), at most `maxRunning` at once, the newest `keep` per
 * organisation remembered. Runs live in memory: a result is derived data, re-run after a
 * restart (a run cut off by one is simply gone, not half-written anywhere).
 */
export class SimulationRuns {
  private readonly runs = new Map<string, SimulationRun>();
  private readonly finished = new Map<string, Promise<SimulationRun>>();
  private readonly workers = new Set<Worker>();

  constructor(private readonly opts: { maxRunning?: number; keep?: number; now?: () => number } = {}) {}

  /** Runs now running (all organisations). */
  get running(): number {
    return [...this.runs.values()].filter((r) => r.status === 'running').length;
  }

  /** Starts a run; undefined when the server is already running its maximum. */
  start(orgId: string, startedBy: string, job: StudyJob): SimulationRun | undefined {
    if (this.running >= (this.opts.maxRunning ?? 2)) return undefined;
    const now = this.opts.now ?? Date.now;
    const run: SimulationRun = {
      id: randomUUID(),
      orgId,
      process: { key: job.process.definition.key, version: job.process.definition.version },
      startedBy,
      startedAt: now(),
      status: 'running',
      progress: { done: 0, total: 0 },
    };
    this.runs.set(run.id, run);
    this.forget(orgId);
    const worker = new Worker(WORKER, { workerData: job });
    this.workers.add(worker);
    const settle = (update: () => void) => {
      if (run.status !== 'running') return;
      update();
      run.finishedAt = now();
    };
    this.finished.set(
      run.id,
      new Promise((resolve) => {
        worker.on('message', (m: WorkerMessage) => {
          if (m.type === 'progress') run.progress = { done: m.done, total: m.total };
          else if (m.type === 'done')
            settle(() => {
              run.status = 'done';
              run.comparison = m.comparison;
              run.progress = { done: run.progress.total, total: run.progress.total };
            });
          else
            settle(() => {
              run.status = 'failed';
              run.error = { code: m.code, message: m.message };
            });
        });
        worker.on('error', (e) => settle(() => ((run.status = 'failed'), (run.error = { code: 'SIMULATION_FAILED', message: e.message }))));
        worker.on('exit', () => {
          this.workers.delete(worker);
          settle(() => ((run.status = 'failed'), (run.error = { code: 'SIMULATION_FAILED', message: 'the simulation stopped without a result' })));
          resolve(run);
        });
      }),
    );
    return run;
  }

  /** A run of this organisation (undefined for another organisation's id). */
  get(orgId: string, id: string): SimulationRun | undefined {
    const r = this.runs.get(id);
    return r?.orgId === orgId ? r : undefined;
  }

  /** The organisation's runs, newest first. */
  list(orgId: string): SimulationRun[] {
    return [...this.runs.values()].filter((r) => r.orgId === orgId).sort((a, b) => b.startedAt - a.startedAt);
  }

  /** Resolves when the run has finished (tests, and the CLI-like waiting of scripts). */
  async settled(id: string): Promise<SimulationRun | undefined> {
    return this.finished.get(id);
  }

  /** Stops every worker (server shutdown). */
  async close(): Promise<void> {
    await Promise.all([...this.workers].map((w) => w.terminate()));
  }

  private forget(orgId: string): void {
    const keep = this.opts.keep ?? 20;
    const mine = this.list(orgId).filter((r) => r.status !== 'running');
    for (const r of mine.slice(keep)) {
      this.runs.delete(r.id);
      this.finished.delete(r.id);
    }
  }
}

// One registry per store (server): routes reach it through their dependencies' store.
const registries = new WeakMap<object, SimulationRuns>();

/** The simulation runs of the server owning `store`. */
export function simulationRuns(store: object): SimulationRuns {
  let r = registries.get(store);
  if (r === undefined) {
    r = new SimulationRuns();
    registries.set(store, r);
  }
  return r;
}
