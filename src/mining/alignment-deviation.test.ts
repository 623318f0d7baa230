import { describe, expect, it } from 'vitest';
import { alignLog, readPnml, readXes } from './index.ts';
import { EVENTLOGS_DIR, expectedFor, HAVE_EVENTLOGS, SKIP_NOTE } from './test-support/shared-logs.ts';

// Deviation 2 (docs/mining.md): PM4Py's alignment cost charges every silent move, so a log that
// fits perfectly scores just under 1. servflow does not charge silent moves unless asked.

describe.skipIf(!HAVE_EVENTLOGS)(HAVE_EVENTLOGS ? 'alignment cost of silent moves (servflow vs PM4Py)' : `alignment silent moves (${SKIP_NOTE})`, () => {
  it('running example: a fitting log scores 1.0 in servflow, 0.9999791670 in PM4Py', async () => {
    const log = await readXes(`${EVENTLOGS_DIR}running-example.xes`);
    const net = await readPnml(`${EVENTLOGS_DIR}running-example.pnml`);
    const ours = alignLog(log, net);
    const pm4py = alignLog(log, net, { chargeSilentMoves: true });
    expect(ours.logFitness).toBe(1);
    expect(ours.percentageOfFittingTraces).toBe(100);
    expect(pm4py.logFitness).toBeCloseTo(expectedFor('running-example.xes').conformance['running-example.pnml']!.alignments!.log_fitness, 12);
    // PM4Py's shortfall is exactly the silent moves: 15 of them over a worst cost of 720,012.
    expect(1 - pm4py.logFitness).toBeCloseTo(15 / 720_012, 15);
  });

  it('repair example (imperfect net): servflow 0.9934853 without silent-move cost, PM4Py 0.9934096 with it', async () => {
    const log = await readXes(`${EVENTLOGS_DIR}03_repairExample.xes.gz`);
    const net = await readPnml(`${EVENTLOGS_DIR}expected/03_repairExample.imf20.pnml`);
    const ours = alignLog(log, net);
    const pm4py = alignLog(log, net, { chargeSilentMoves: true });
    expect(ours.logFitness).toBeCloseTo(OURS_REPAIR_IMF20, 9);
    expect(pm4py.logFitness).toBeCloseTo(expectedFor('03_repairExample.xes.gz').conformance['03_repairExample.imf20.pnml']!.alignments!.log_fitness, 9);
    // Trace fitness counts deviations only, so both agree on it.
    expect(ours.averageTraceFitness).toBeCloseTo(pm4py.averageTraceFitness, 12);
    expect(ours.percentageOfFittingTraces).toBe(pm4py.percentageOfFittingTraces);
  });
});

const OURS_REPAIR_IMF20 = 0.993485342019544;
