/**
 * `npm run bench:simulation`: simulated cases per second through the real engine.
 * Not a test (no assertion): a figure to watch. Anchors on the same machine: Prosimos ≈ 3,000,
 * BIMP ≈ 45,000, SimPy ≈ 57,000 cases/s on the tandem line; a bare JS queue ≈ 1.7 M.
 */
import { simulate, type SimulationInput } from '../src/simulation/simulate.ts';
import { tandemLine } from '../src/simulation/testing/models.ts';
import { carAfterSales } from '../src/simulation/testing/after-sales.ts';

function bench(name: string, input: SimulationInput, cases: number, rounds = 3): void {
  simulate(input, { cases: Math.min(cases, 20_000), replications: 1, seed: 99 }); // warm the JIT
  let best = 0;
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    const r = simulate(input, { cases, replications: 1, seed: i + 1 });
    const s = (performance.now() - t0) / 1000;
    const arrived = r.replications[0]!.arrivals;
    best = Math.max(best, arrived / s);
  }
  process.stdout.write(`${name.padEnd(40)} ${Math.round(best).toLocaleString('en-US').padStart(10)} cases/s\n`);
}

const n = Number(process.argv[2] ?? 200_000);
bench('tandem line (5 M/M/c stations)', tandemLine(), n);
bench('car after-sales with calendars and SLAs', carAfterSales(), Math.round(n / 4));
