/** BPMN 2.0 import/export of SOP definitions (servflow settings in servflow:* extension elements). */
export { toBpmn, isoDuration } from './write.ts';
export { fromBpmn, BpmnImportError, conditionToFeel, type BpmnIssue } from './read.ts';
export { SERVFLOW_NS, FEEL_LANGUAGE } from './moddle.ts';
