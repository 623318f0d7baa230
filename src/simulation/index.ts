/**
 * The simulator's door: simulate an SOP on the real engine, calibrate it from a log, compare
 * what-if scenarios and rank redesign suggestions. See docs/simulation.md.
 */
export { simulate, runReplication, type SimulationInput, type SimulationResult, type ReplicationResult, type MetricSummary } from './simulate.ts';
export type { SimulationParams, RunOptions, ArrivalSpec, StaffSpec, Shift, Tier, WarmUp, DataGenerator } from './params.ts';
export { simulationParamsSchema, distributionSchema, arrivalSpecSchema } from './params-schema.ts';
export { SimulationError, type SimulationErrorCode } from './errors.ts';
export { resolveModel, type ResolvedModel } from './core/model.ts';
export type { MetricInfo, MetricValues } from './output/metrics.ts';
export { toMiningEvents, type MiningExportOptions } from './output/event-log.ts';

export { moments, describe as describeDistribution, type Distribution, type DurationUnit } from './random/distribution.ts';
export { compileSampler, type Sampler } from './random/sample.ts';
export { Xoshiro128 } from './random/xoshiro.ts';
export { substream, replicationSeed, STREAM } from './random/streams.ts';
export { estimate, bonferroni, type Estimate } from './stats/estimate.ts';

export { calibrate, type CalibrationReport, type CalibrationOptions, type StepCalibration, type BranchCalibration, type Interval } from './calibrate/calibrate.ts';
export { tracesFromEngineLog, tracesFromEventLog, type Trace, type TraceEvent } from './calibrate/trace.ts';
export { fitDurations, type FitCandidate } from './calibrate/fit.ts';
export { checkCalibration, type CalibrationCheck } from './calibrate/validate.ts';

export { applyChanges, describeChange } from './scenario/apply.ts';
export { compareScenarios, pairedDelta, type Comparison, type ComparisonRow, type ComparedScenario, type Delta } from './scenario/compare.ts';
export { formatComparison, defaultRows } from './scenario/format.ts';
export { parseScenarioFile, loadScenarioFile } from './scenario/load.ts';
export { scenarioFileSchema, scenarioSchema, changeSchema, goalSchema, type ScenarioFile, type Scenario, type Change, type Goal } from './scenario/schema.ts';

export { suggestCandidates, type Candidate, type Method } from './suggest/candidates.ts';
export { rankCandidates, type RankedSuggestion, type SuggestionReport } from './suggest/rank.ts';
export { runStudy, type StudyRequest, type StudyResult } from './study.ts';
export { caseProgress, type CaseProgress } from './progress.ts';

export { erlangB, erlangC, mmc, mg1Wait, cobham, jackson, type MMcResult, type JacksonStation } from './oracles/queueing.ts';
