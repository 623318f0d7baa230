/**
 * servflow SOPs as Petri nets: `sopNet(compiledProcess)` for the library's token replay and
 * alignments, `completeEvents(log)` to keep one event per done step, and `sopConformance` to
 * say per case which steps were skipped or extra. See docs/mining.md, "servflow's own log".
 */
export { sopNet } from './sop-to-net.ts';
export { completeEvents } from './complete-events.ts';
export { sopConformance, type CaseConformance, type SopConformance } from './conformance.ts';
