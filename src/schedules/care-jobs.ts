import { runInspectionFollowUps } from '../complaints/follow-ups.ts';
import { runSchedules } from './run.ts';
import { runSurveyInvitations } from '../surveys/after-case.ts';
import type { Store } from '../store/store.ts';

/**
 * The worker's periodic work for issue 4 part 3: start scheduled cases that are due, open
 * corrective cases for failed inspection items, and send customers the survey links of
 * completed cases. All are safe to run from many workers at once. Answers how much it did
 * (the worker loops again at once while there is work).
 */
export async function runCareJobs(store: Store, now: number): Promise<number> {
  const s = await runSchedules(store, now);
  const i = await runInspectionFollowUps(store, now);
  // survey links to customers of completed cases (src/surveys/after-case.ts)
  const v = await runSurveyInvitations(store, now);
  return s.started + i.opened + v.sent + v.skipped + v.failed;
}
