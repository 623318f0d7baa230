import { runInspectionFollowUps } from '../complaints/follow-ups.ts';
import { runSchedules } from './run.ts';
import type { Store } from '../store/store.ts';

/**
 * The worker's periodic work for issue 4 part 3: start scheduled cases that are due, and open
 * corrective cases for failed inspection items. Both are safe to run from many workers at once.
 * Answers how many cases it started (the worker loops again at once while there is work).
 */
export async function runCareJobs(store: Store, now: number): Promise<number> {
  const s = await runSchedules(store, now);
  const i = await runInspectionFollowUps(store, now);
  return s.started + i.opened;
}
