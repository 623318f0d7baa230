// Prints the plain summary line CI readers look for, counted from vitest's JSON report.
import { readFileSync } from 'node:fs';
const report = JSON.parse(readFileSync(process.argv[2] ?? '.ci/results.json', 'utf8'));
const passed = report.numPassedTests ?? 0;
// A suite that fails to load has no failed tests of its own: count it as one failure.
const brokenSuites = (report.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).every((a) => a.status !== 'failed')).length;
const failed = (report.numFailedTests ?? 0) + brokenSuites;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
