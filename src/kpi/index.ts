/**
 * Measuring servflow from its own tables: KPIs computed in SQL where the data sits (one function
 * per KPI, each taking a `Queryable` and a `KpiFilter` and returning plain rows), the process
 * map and variants of the event log, and the event log itself as mining records (XES/CSV export,
 * or an in-memory `EventLog` for conformance). SQL accepted by PGlite and PostgreSQL 15.
 * See docs/mining.md, "servflow's own log".
 */
export type { KpiFilter } from './filter.ts';
export { slaCompliance, type SlaComplianceRow, type SlaGrouping } from './sla-compliance.ts';
export { cycleTime, type CycleTimeRow } from './cycle-time.ts';
export { stepTimes, type StepTimesRow } from './step-times.ts';
export { throughput, type ThroughputRow, type ThroughputUnit } from './throughput.ts';
export { firstTimeRight, reworkBySteps, type FirstTimeRightRow, type ReworkRow } from './first-time-right.ts';
export { csatByStaff, DEFAULT_CSAT_VARIABLE, type CsatRow } from './csat.ts';
export { processMap, type ProcessMap, type ProcessMapArc, type ProcessMapNode } from './process-map.ts';
export { variants, type VariantRow } from './variants.ts';
export { servflowLog, type LogFilter, type ServflowLogEvent } from './log/servflow-log.ts';
export { eventLogOf } from './log/event-log.ts';
export { exportLog, type LogFormat } from './log/write-log.ts';
