/**
 * servflow's process-mining library, shaped like the field's standard one (PM4Py): objects,
 * readers/writers at the edge, statistics, discovery and conformance, behind short verbs.
 * Written from the published algorithms; see docs/mining.md for where and why results differ
 * from PM4Py's.
 */

// objects
export type { EventLog } from './objects/event-log.ts';
export { caseCount, eventCount, traceOf } from './objects/event-log.ts';
export type { LogEvent } from './objects/log-event.ts';
export { eventsOf } from './objects/events-of.ts';
export type { OffsetMode, LogReadOptions } from './objects/log-builder.ts';
export type { AcceptingPetriNet, Arc, Marking, PetriNet, PetriNetSpec, Place, Transition } from './objects/petri-net.ts';
export { petriNet, validateNet } from './objects/petri-net.ts';
export { MiningError, type InputLocation, type MiningErrorCode } from './errors.ts';
export { NO_OFFSET, formatIso } from './util/timestamp.ts';

// read / write
export { readXes, parseXes, type XesReadOptions } from './read/xes.ts';
export { readCsv, parseCsv, type CsvReadOptions } from './read/csv.ts';
export { DEFAULT_CSV_COLUMNS, type CsvColumns } from './read/csv-columns.ts';
export { readPnml, parsePnml } from './read/pnml.ts';
export type { ByteInput, ProgressListener } from './read/byte-source.ts';
export { writeXes } from './write/xes.ts';
export { writeCsv, type CsvWriteOptions } from './write/csv.ts';

// statistics
export { logSize, type LogSize } from './statistics/summary.ts';
export { activityCounts, startActivities, endActivities, countsToRecord, type NamedCount } from './statistics/activities.ts';
export { variants, type Variant } from './statistics/variants.ts';
export { caseDurations, caseDurationStats } from './statistics/case-durations.ts';
export { describe, type DurationStats } from './statistics/describe.ts';
export { activityInstances, type ActivityInstances } from './statistics/activity-instances.ts';
export { activityTimes, type ActivityTimes } from './statistics/activity-times.ts';
export { rework, type ActivityRework } from './statistics/rework.ts';
export { resourceWorkload, type ResourceWorkload } from './statistics/resources.ts';

// discovery
export { discoverDfg, type Dfg, type DfgArc } from './algo/discovery/dfg.ts';
export { discoverPerformanceDfg, type PerformanceArc } from './algo/discovery/performance-dfg.ts';

// conformance
export { replayTokens } from './algo/conformance/token-replay/replay-log.ts';
export type { LogReplay, TraceReplay, ReplayDeviation } from './algo/conformance/token-replay/types.ts';
export { alignLog } from './algo/conformance/alignments/align-log.ts';
export type { AlignOptions, AlignmentMove, LogAlignment, TraceAlignment } from './algo/conformance/alignments/types.ts';
