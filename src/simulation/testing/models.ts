/**
 * Models shared by the oracle tests, the benchmark and the docs: the textbook queues of
 * oracles.md written as SOPs, so the simulator is checked through the real engine.
 */
import { end, human, proc } from '../../engine/testing/build.ts';
import type { CompiledProcess } from '../../model/types.ts';
import type { Distribution } from '../random/distribution.ts';
import type { SimulationParams } from '../params.ts';

/** One station served by `c` people: an M/G/c queue when arrivals are Poisson. */
export function singleStation(lambdaPerHour: number, service: Distribution, c = 1): { readonly process: CompiledProcess; readonly params: SimulationParams } {
  return {
    process: proc('station', [human('serve', 'server'), end()]),
    params: { arrivals: { kind: 'poisson', perHour: lambdaPerHour }, durations: { serve: service }, staff: { server: c } },
  };
}

/** The after-sales tandem line of oracles.md: λ = 3/h through five M/M/c stations. */
export const TANDEM_STATIONS = [
  { id: 'reception', role: 'advisor', servers: 2, mu: 3 },
  { id: 'diagnosis', role: 'diagnostician', servers: 3, mu: 1.5 },
  { id: 'estimate', role: 'estimator', servers: 1, mu: 6 },
  { id: 'repair', role: 'technician', servers: 4, mu: 1 },
  { id: 'delivery', role: 'deliverer', servers: 2, mu: 4 },
] as const;

/** The tandem line as an SOP with its parameters (exponential service, always on duty). */
export function tandemLine(overrides: { readonly technicians?: number } = {}): { readonly process: CompiledProcess; readonly params: SimulationParams } {
  return {
    process: proc('after-sales-line', [...TANDEM_STATIONS.map((s) => human(s.id, s.role)), end()]),
    params: {
      arrivals: { kind: 'poisson', perHour: 3 },
      durations: Object.fromEntries(TANDEM_STATIONS.map((s) => [s.id, { kind: 'exponential', mean: 60 / s.mu } satisfies Distribution])),
      staff: Object.fromEntries(TANDEM_STATIONS.map((s) => [s.role, s.id === 'repair' && overrides.technicians !== undefined ? overrides.technicians : s.servers])),
    },
  };
}
