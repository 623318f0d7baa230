// Prints the plain summary line CI readers look for, counted from vitest's JSON report.
import { readFileSync } from 'node:fs';
const report = JSON.parse(readFileSync(process.argv[2] ?? '.ci/results.json', 'utf8'));
const passed = report.numPassedTests ?? 0;
const failed = (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0) - (report.numRuntimeErrorTestSuites ?? 0 ? 0 : 0);
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
