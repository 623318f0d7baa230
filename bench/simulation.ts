/**
 * `npm run bench:simulation`: simulated cases per second through the real engine.
 * Not a test (no assertion): figures to watch. Anchors on the same machine: Prosimos ≈ 3,000,
 * BIMP ≈ 45,000, SimPy ≈ 57,000 cases/s on the tandem line; a bare JS queue ≈ 1.7 M.
 *
 * `npm run bench:simulation -- oracles` prints the oracle table of docs/simulation.md instead.
 *
 * Both wall-clock and CPU-time rates are printed: on a shared machine the wall clock measures
 * the neighbours as much as the code. "engine alone" drives `execute` through the same commands
 * with no simulator around it (start, then claim + complete per step): the ceiling the
 * simulator's own bookkeeping is measured against.
 */
import { availableParallelism, loadavg } from 'node:os';
import { counterIds, execute } from '../src/engine/index.ts';
import { ALWAYS_OPEN } from '../src/engine/calendar-clock.ts';
import { cobham, jackson, mg1Wait, mmc } from '../src/simulation/oracles/queueing.ts';
import { simulate, type SimulationInput, type SimulationResult } from '../src/simulation/simulate.ts';
import { bonferroni, estimate } from '../src/simulation/stats/estimate.ts';
import { carAfterSales } from '../src/simulation/testing/after-sales.ts';
import { singleStation, TANDEM_STATIONS, tandemLine } from '../src/simulation/testing/models.ts';
import type { Distribution } from '../src/simulation/random/distribution.ts';

function cpuSeconds(f: () => void): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

function row(name: string, cases: number, t: { wall: number; cpu: number }): void {
  const f = (x: number): string => Math.round(x).toLocaleString('en-US').padStart(10);
  process.stdout.write(`${name.padEnd(44)} ${f(cases / t.wall)} cases/s wall ${f(cases / t.cpu)} per CPU-second\n`);
}

function bench(name: string, input: SimulationInput, cases: number, rounds = 3): void {
  simulate(input, { cases: Math.min(cases, 20_000), replications: 1, seed: 99 }); // warm the JIT
  let best = { wall: Infinity, cpu: Infinity };
  let arrived = 0;
  for (let i = 0; i < rounds; i++) {
    let r: SimulationResult | undefined;
    const t = cpuSeconds(() => (r = simulate(input, { cases, replications: 1, seed: i + 1 })));
    arrived = r!.replications[0]!.arrivals;
    if (t.cpu < best.cpu) best = t;
  }
  row(name, arrived, best);
}

function engineAlone(cases: number): void {
  const p = tandemLine().process;
  const ctx = { now: 0, ids: counterIds(), calendar: () => ALWAYS_OPEN };
  const one = (i: number): void => {
    let r = execute(p, undefined, { type: 'start', caseId: `c${i}` }, ctx);
    while (r.state.status === 'active') {
      const t = r.state.tasks[0]!;
      r = execute(p, r.state, { type: 'claim', taskId: t.id, by: 'x' }, ctx);
      r = execute(p, r.state, { type: 'complete', taskId: t.id, by: 'x' }, ctx);
    }
  };
  for (let i = 0; i < 20_000; i++) one(i);
  let best = { wall: Infinity, cpu: Infinity };
  for (let k = 0; k < 3; k++) {
    const t = cpuSeconds(() => {
      for (let i = 0; i < cases; i++) one(i);
    });
    if (t.cpu < best.cpu) best = t;
  }
  row('engine alone, tandem commands (no simulator)', cases, best);
}

function oracles(): void {
  const checks = 40;
  const conf = bonferroni(0.999, checks);
  const line = (model: string, metric: string, exact: number, r: SimulationResult, key: string, scale = 1): void => {
    const e = estimate(r.replications.map((x) => (x.values[key] ?? Number.NaN) * scale), conf);
    const ok = Math.abs(e.mean - exact) <= e.halfWidth ? 'yes' : 'NO';
    process.stdout.write(`| ${model} | ${metric} | ${Number(exact.toPrecision(6))} | ${Number(e.mean.toPrecision(6))} ± ${Number(e.halfWidth.toPrecision(3))} | ${ok} |\n`);
  };
  const RUN = { cases: 20_000, replications: 20, waitThresholds: [1] } as const;
  const exp1: Distribution = { kind: 'exponential', mean: 1, unit: 'hours' };
  process.stdout.write(`Oracle table: ${RUN.replications} replications × ${RUN.cases} cases (heavy ρ = 0.9 rows: × 100,000), ${(conf * 100).toPrecision(6)} % intervals (99.9 % over ${checks} checks)\n\n| model | metric | exact | simulated | inside |\n|---|---|---|---|---|\n`);
  for (const [lambda, c, cases] of [
    [0.7, 1, 20_000],
    [3.5, 5, 20_000],
    [0.9, 1, 100_000],
    [4.5, 5, 100_000],
    [18, 20, 100_000],
  ] as const) {
    const ex = mmc(lambda, 1, c);
    const r = simulate(singleStation(lambda, exp1, c), { ...RUN, cases, seed: 11 });
    const name = `M/M/${c} λ=${lambda}`;
    line(name, 'Wq (h)', ex.wq, r, 'step.serve.wait', 1 / 60);
    line(name, 'P(wait)', ex.pWait, r, 'step.serve.waited');
    line(name, 'P(Wq > 1 h)', ex.waitTail(1), r, 'step.serve.waitOver.1h');
    line(name, 'Lq', ex.lq, r, 'role.server.queue');
  }
  const mg1: readonly [string, Distribution, number][] = [
    ['M/D/1', { kind: 'fixed', value: 1, unit: 'hours' }, 0],
    ['M/U/1', { kind: 'uniform', min: 0, max: 2, unit: 'hours' }, 1 / 3],
    ['M/LN/1', { kind: 'lognormal', mean: 1, sd: 1.5, unit: 'hours' }, 2.25],
  ];
  for (const rho of [0.7, 0.9]) {
    for (const [name, service, scv] of mg1) {
      const r = simulate(singleStation(rho, service), { ...RUN, cases: rho === 0.9 ? 100_000 : 20_000, seed: 12 });
      line(`${name} ρ=${rho}`, 'Wq (h)', mg1Wait(rho, 1, scv), r, 'step.serve.wait', 1 / 60);
    }
  }
  const [high, low] = cobham([
    { lambda: 0.4, mean: 1, secondMoment: 2 },
    { lambda: 0.4, mean: 1, secondMoment: 2 },
  ]);
  const base = singleStation(0.8, exp1);
  const pr = simulate(
    { process: base.process, params: { ...base.params, tiers: [{ id: 'vip', share: 0.5, priority: 1 }, { id: 'regular', share: 0.5, priority: 0 }] } },
    { ...RUN, seed: 13 },
  );
  line('priority M/M/1 λ=0.8', 'Wq high (h)', high!, pr, 'tier.vip.wait', 1 / 60);
  line('priority M/M/1 λ=0.8', 'Wq low (h)', low!, pr, 'tier.regular.wait', 1 / 60);
  const ex = jackson(3, TANDEM_STATIONS.map((s) => ({ servers: s.servers, mu: s.mu })));
  const tl = simulate(tandemLine(), { ...RUN, seed: 14, cycleTimeThresholds: [4, 8] });
  line('tandem line', 'cycle time (min)', ex.cycleTime * 60, tl, 'cycleTime.mean');
  line('tandem line', 'WIP', ex.wip, tl, 'wip');
  TANDEM_STATIONS.forEach((s, i) => line('tandem line', `Wq ${s.id} (min)`, ex.stations[i]!.wq * 60, tl, `step.${s.id}.wait`));
  line('tandem line', 'p50 (min; ref. ±0.8)', 195.4, tl, 'cycleTime.p50');
  line('tandem line', 'p90 (min; ref. ±2.2)', 348.4, tl, 'cycleTime.p90');
  line('tandem line', 'P(> 4 h) (ref. ±0.003)', 0.333, tl, 'cycleTime.over.4h');
  line('tandem line', 'P(> 8 h) (ref. ±0.001)', 0.018, tl, 'cycleTime.over.8h');
  const more = simulate(tandemLine({ technicians: 5 }), { ...RUN, seed: 15 });
  line('tandem, 5 technicians', 'Wq repair (min)', mmc(3, 1, 5).wq * 60, more, 'step.repair.wait');
}

/** The machine's load (1, 5, 15 minutes): the figures above mean little without it on a shared machine. */
function load(when: string): void {
  process.stdout.write(`load average ${when}: ${loadavg().map((x) => x.toFixed(2)).join(', ')} (${availableParallelism()} cores)\n`);
}

if (process.argv[2] === 'oracles') oracles();
else {
  const n = Number(process.argv[2] ?? 200_000);
  load('before');
  engineAlone(n);
  bench('tandem line (5 M/M/c stations)', tandemLine(), n);
  bench('car after-sales with calendars and SLAs', carAfterSales(), Math.round(n / 4));
  load('after');
}
