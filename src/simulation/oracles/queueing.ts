/**
 * Exact queueing results the simulator is checked against (see docs/simulation.md and
 * /work/shared/data/simulation/oracles.md). Rates are per unit of time, times in the same unit.
 */

/** Erlang B blocking probability for offered load a on c servers (stable recursion). */
export function erlangB(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Erlang C: the probability that an arrival waits in M/M/c. */
export function erlangC(c: number, a: number): number {
  const rho = a / c;
  if (rho >= 1) return 1;
  const b = erlangB(c, a);
  return b / (1 - rho * (1 - b));
}

export interface MMcResult {
  readonly rho: number;
  readonly pWait: number;
  readonly wq: number;
  readonly w: number;
  readonly lq: number;
  /** P(Wq > t). */
  readonly waitTail: (t: number) => number;
}

/** M/M/c with arrival rate λ and service rate μ per server. */
export function mmc(lambda: number, mu: number, c: number): MMcResult {
  const a = lambda / mu;
  const pWait = erlangC(c, a);
  const wq = pWait / (c * mu - lambda);
  return { rho: a / c, pWait, wq, w: wq + 1 / mu, lq: lambda * wq, waitTail: (t) => pWait * Math.exp(-(c * mu - lambda) * t) };
}

/** M/G/1 mean wait (Pollaczek–Khinchine) from the service mean and squared coefficient of variation. */
export function mg1Wait(lambda: number, mean: number, scv: number): number {
  const rho = lambda * mean;
  return (lambda * mean * mean * (1 + scv)) / (2 * (1 - rho));
}

/** Non-preemptive priority M/G/1 (Cobham): mean wait per class, class 0 served first. */
export function cobham(classes: readonly { readonly lambda: number; readonly mean: number; readonly secondMoment: number }[]): number[] {
  const w0 = classes.reduce((s, k) => s + k.lambda * k.secondMoment, 0) / 2;
  let sigma = 0;
  return classes.map((k) => {
    const before = sigma;
    sigma += k.lambda * k.mean;
    return w0 / ((1 - before) * (1 - sigma));
  });
}

export interface JacksonStation {
  readonly servers: number;
  readonly mu: number;
  /** Mean visits per case (1 in a tandem line). */
  readonly visits?: number;
}

/** An open Jackson network: per-station M/M/c results and the mean sojourn (cycle) time. */
export function jackson(lambda: number, stations: readonly JacksonStation[]): { readonly stations: MMcResult[]; readonly cycleTime: number; readonly wip: number } {
  const results = stations.map((s) => mmc(lambda * (s.visits ?? 1), s.mu, s.servers));
  const cycleTime = results.reduce((sum, r, i) => sum + (stations[i]!.visits ?? 1) * r.w, 0);
  return { stations: results, cycleTime, wip: lambda * cycleTime };
}
