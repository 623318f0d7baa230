import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseXes } from '../../mining/read/xes.ts';
import { writeXes } from '../../mining/write/xes.ts';
import { toMiningEvents } from '../output/event-log.ts';
import { simulate } from '../simulate.ts';
import { carAfterSales } from '../testing/after-sales.ts';
import { calibrate } from './calibrate.ts';
import { tracesFromEventLog } from './trace.ts';

async function roundTripXes(events: ReturnType<typeof toMiningEvents>): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeXes(events, out);
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

describe('calibration from an imported XES log', () => {
  it('reads the simulated log back through src/mining and finds the branches without gateway events', async () => {
    const { process, params } = carAfterSales();
    const sim = simulate({ process, params }, { cases: 800, replications: 1, seed: 3, collectLog: true });
    const xes = await roundTripXes(toMiningEvents(sim.replications[0]!.log!));
    const traces = tracesFromEventLog(await parseXes(xes));
    const { report } = calibrate(process, traces, { confidence: 0.999, calendars: params.calendars, staffCalendar: 'workshop' });
    // Branches: from what follows the deciding step, since XES has no gateway events.
    const approved = report.branches.find((b) => b.gateway === 'approved')!;
    const repair = approved.targets.find((t) => t.to === 'repair')!.p;
    expect(repair.low).toBeLessThan(0.85);
    expect(repair.high).toBeGreaterThan(0.85);
    const passed = report.branches.find((b) => b.gateway === 'passed')!;
    const rework = passed.targets.find((t) => t.to === 'repair')!.p;
    expect(rework.low).toBeLessThan(0.1);
    expect(rework.high).toBeGreaterThan(0.1);
    // Work times on the workshop's open hours: the fixed 10-minute delivery comes back as fixed.
    expect(report.steps.find((s) => s.id === 'delivery')!.chosen).toEqual({ kind: 'fixed', value: 10 });
    const invoice = report.steps.find((s) => s.id === 'invoice')!;
    expect(invoice.mean.low).toBeLessThan(5);
    expect(invoice.mean.high).toBeGreaterThan(5);
  });
});
