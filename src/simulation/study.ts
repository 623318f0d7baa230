import { dirname, resolve } from 'node:path';
import { readCsv, readXes } from '../mining/index.ts';
import { compile, loadSopFile } from '../model/index.ts';
import { calibrate, type CalibrationReport } from './calibrate/calibrate.ts';
import { tracesFromEventLog } from './calibrate/trace.ts';
import { checkCalibration, type CalibrationCheck } from './calibrate/validate.ts';
import { loadScenarioFile } from './scenario/load.ts';
import { compareScenarios, type Comparison } from './scenario/compare.ts';
import { suggestCandidates } from './suggest/candidates.ts';
import { rankCandidates, type SuggestionReport } from './suggest/rank.ts';
import type { CompiledProcess } from '../model/types.ts';
import type { SimulationParams } from './params.ts';
import type { Goal, ScenarioFile } from './scenario/schema.ts';

/** What `servflow simulate` (and the web app) asks for. */
export interface StudyRequest {
  readonly sopPath: string;
  readonly scenarioPath: string;
  /** Overrides of the file's `run` section. */
  readonly replications?: number;
  readonly cases?: number;
  readonly seed?: number;
  readonly suggest?: boolean;
  readonly goal?: Goal;
  readonly onProgress?: (stage: string, done: number, total: number) => void;
}

export interface StudyResult {
  readonly process: CompiledProcess;
  readonly file: ScenarioFile;
  readonly params: SimulationParams;
  readonly calibration?: { readonly report: CalibrationReport; readonly check: CalibrationCheck };
  readonly comparison: Comparison;
  readonly suggestions?: SuggestionReport;
}

/**
 * One what-if study: the SOP file, the scenario file (baseline parameters or a log to calibrate
 * them from), the scenarios side by side and, if asked, ranked redesign suggestions.
 */
export async function runStudy(req: StudyRequest): Promise<StudyResult> {
  const process = compile(await loadSopFile(req.sopPath));
  const file = await loadScenarioFile(req.scenarioPath);
  const run = {
    replications: req.replications ?? file.run?.replications ?? 10,
    cases: req.cases ?? file.run?.cases ?? 2_000,
    seed: req.seed ?? file.run?.seed ?? 1,
  };
  let params: SimulationParams;
  let calibration: StudyResult['calibration'];
  if (file.baseline) params = file.baseline;
  else {
    const c = file.calibrate!;
    const logPath = resolve(dirname(req.scenarioPath), c.log);
    const log = /\.csv(\.gz)?$/i.test(logPath) ? await readCsv(logPath) : await readXes(logPath);
    const out = calibrate(process, tracesFromEventLog(log), { calendars: c.calendars, staffCalendar: c.staffCalendar });
    params = out.params;
    calibration = { report: out.report, check: checkCalibration(process, params, out.report, Math.min(5, run.replications), run.seed) };
  }
  const progress = (stage: string) => (req.onProgress ? (done: number, total: number) => req.onProgress!(stage, done, total) : undefined);
  const comparison = compareScenarios({ process, params }, file.scenarios, { ...run, onProgress: progress('scenarios') });
  let suggestions: SuggestionReport | undefined;
  if (req.suggest ?? file.suggest) {
    const candidates = suggestCandidates(process, params);
    suggestions = rankCandidates({ process, params }, candidates, req.goal ?? file.goal ?? 'cycleTime', { ...run, onProgress: progress('suggestions') });
  }
  return { process, file, params, calibration, comparison, suggestions };
}
