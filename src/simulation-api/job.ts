import { compareScenarios, parseScenarioFile, SimulationError } from '../simulation/index.ts';
import type { StudyJob, WorkerMessage } from './protocol.ts';

/** Limits of one run started over the API (a server shares its cores with its users). */
export const LIMITS = { replications: 20, cases: 5_000, scenarios: 8 } as const;

/**
 * One what-if study from a stored SOP version and a scenario file: the baseline and every
 * scenario simulated on common random numbers, compared side by side. Returns the message the
 * worker posts back (errors included, so a bad file never kills the thread silently).
 */
export function runJob(job: StudyJob, onProgress?: (done: number, total: number) => void): WorkerMessage {
  try {
    const file = parseScenarioFile(job.scenarios, 'scenarios.yaml');
    if (file.baseline === undefined) throw new SimulationError('BAD_SCENARIO', 'give the baseline parameters in the file: calibrating from a log file is for the CLI (servflow simulate)');
    if (file.scenarios.length > LIMITS.scenarios) throw new SimulationError('BAD_SCENARIO', `at most ${LIMITS.scenarios} scenarios per run (the file has ${file.scenarios.length})`);
    const run = {
      replications: Math.min(job.replications ?? file.run?.replications ?? 5, LIMITS.replications),
      cases: Math.min(job.cases ?? file.run?.cases ?? 1_000, LIMITS.cases),
      seed: job.seed ?? file.run?.seed ?? 1,
    };
    const { results: _results, ...comparison } = compareScenarios({ process: job.process, params: file.baseline }, file.scenarios, { ...run, onProgress });
    return { type: 'done', comparison };
  } catch (e) {
    if (e instanceof SimulationError) return { type: 'failed', code: e.code, message: e.message };
    return { type: 'failed', code: 'SIMULATION_FAILED', message: (e as Error).message };
  }
}
