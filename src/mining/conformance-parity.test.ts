import { describe, expect, it } from 'vitest';
import { alignLog, readPnml, readXes, replayTokens, type EventLog } from './index.ts';
import { EVENTLOGS_DIR, expectedFor, HAVE_EVENTLOGS, LOG_FILES, netPath, SKIP_NOTE } from './test-support/shared-logs.ts';

// Token replay on every net of every log, and alignments where PM4Py computed them, must give
// PM4Py's figures (fitness to 1e-6; the token counts exactly). Alignments run with
// `chargeSilentMoves` (PM4Py's cost function); servflow's default is pinned in
// alignment-deviation.test.ts.

describe.skipIf(!HAVE_EVENTLOGS)(HAVE_EVENTLOGS ? 'conformance parity with PM4Py' : `conformance parity (${SKIP_NOTE})`, () => {
  for (const file of LOG_FILES) {
    describe(file, () => {
      const expected = HAVE_EVENTLOGS ? expectedFor(file) : undefined;
      let log: EventLog;
      for (const [netName, e] of Object.entries(expected?.conformance ?? {})) {
        it(`token replay on ${netName}`, async () => {
          log ??= await readXes(`${EVENTLOGS_DIR}${file}`);
          const model = await readPnml(netPath(netName));
          expect({
            places: model.net.places.length,
            transitions: model.net.transitions.length,
            visible_transitions: model.net.transitions.filter((t) => t.label !== null).length,
            arcs: model.net.arcs.length,
          }).toEqual(e.model_size);
          const r = replayTokens(log, model);
          const t = e.token_replay;
          expect({ missing: r.missing, remaining: r.remaining, consumed: r.consumed, produced: r.produced }).toEqual({
            missing: t.missing_tokens,
            remaining: t.remaining_tokens,
            consumed: t.consumed_tokens,
            produced: t.produced_tokens,
          });
          expect(Math.abs(r.logFitness - t.log_fitness)).toBeLessThan(1e-6);
          expect(Math.abs(r.averageTraceFitness - t.average_trace_fitness)).toBeLessThan(1e-6);
          expect(Math.abs(r.percentageOfFittingTraces - t.percentage_of_fitting_traces)).toBeLessThan(1e-6);
        });
        if (e.alignments !== undefined) {
          const a = e.alignments;
          it(`alignments on ${netName}`, async () => {
            log ??= await readXes(`${EVENTLOGS_DIR}${file}`);
            const r = alignLog(log, await readPnml(netPath(netName)), { chargeSilentMoves: true });
            expect(Math.abs(r.logFitness - a.log_fitness)).toBeLessThan(1e-6);
            expect(Math.abs(r.averageTraceFitness - a.average_trace_fitness)).toBeLessThan(1e-6);
            expect(Math.abs(r.percentageOfFittingTraces - a.percentage_of_fitting_traces)).toBeLessThan(1e-6);
          });
        }
      }
    });
  }
});
