import { describe, expect, it } from 'vitest';
import { cobham, erlangC, jackson, mg1Wait, mmc } from './queueing.ts';

// The formulas against the exact numbers of oracles.md, before the simulator is held to them.
describe('queueing formulas', () => {
  it('give the M/M/c values of the oracle table', () => {
    expect(mmc(0.9, 1, 1).wq).toBeCloseTo(9, 9);
    expect(mmc(0.9, 1, 1).waitTail(1)).toBeCloseTo(0.814354, 6);
    const m5 = mmc(4.5, 1, 5);
    expect(m5.pWait).toBeCloseTo(0.762493, 6);
    expect(m5.wq).toBeCloseTo(1.524986, 6);
    expect(m5.waitTail(1)).toBeCloseTo(0.462476, 6);
    const m20 = mmc(18, 1, 20);
    expect(m20.pWait).toBeCloseTo(0.550769, 6);
    expect(m20.waitTail(1)).toBeCloseTo(0.074538, 6);
    expect(erlangC(1, 0.7)).toBeCloseTo(0.7, 12);
  });

  it('give Pollaczek–Khinchine and Cobham values', () => {
    expect(mg1Wait(0.9, 1, 0)).toBeCloseTo(4.5, 9);
    expect(mg1Wait(0.9, 1, 1 / 3)).toBeCloseTo(6, 9);
    expect(mg1Wait(0.9, 1, 2.25)).toBeCloseTo(14.625, 9);
    expect(mg1Wait(0.7, 1, 2.25)).toBeCloseTo(3.791667, 6);
    const [high, low] = cobham([
      { lambda: 0.4, mean: 1, secondMoment: 2 },
      { lambda: 0.4, mean: 1, secondMoment: 2 },
    ]);
    expect(high).toBeCloseTo(1.333333, 6);
    expect(low).toBeCloseTo(6.666667, 6);
  });

  it('give the tandem line of the after-sales flow (212.465 min)', () => {
    const line = jackson(3, [
      { servers: 2, mu: 3 },
      { servers: 3, mu: 1.5 },
      { servers: 1, mu: 6 },
      { servers: 4, mu: 1 },
      { servers: 2, mu: 4 },
    ]);
    expect(line.cycleTime * 60).toBeCloseTo(212.465, 3);
    expect(line.wip).toBeCloseTo(10.623, 3);
    expect(line.stations[3]!.wq * 60).toBeCloseTo(30.566, 3);
  });
});
