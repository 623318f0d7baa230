import { request } from './client.ts';

/** What-if simulations (`/api/simulations`, see docs/simulation.md). */

export interface SimEstimate {
  readonly mean: number | null;
  readonly halfWidth: number | null;
  readonly n: number;
}

export interface SimDelta {
  readonly mean: number;
  readonly relative: number | null;
  readonly significant: boolean;
  readonly verdict: 'better' | 'worse' | 'same' | 'changed';
}

export interface SimRow {
  readonly key: string;
  readonly label: string;
  readonly unit: 'min' | 'fraction' | 'cases/h' | 'cases' | 'cost' | 'people';
  readonly group: 'case' | 'step' | 'role';
  readonly better?: 'lower' | 'higher';
  readonly subject?: string;
  readonly values: readonly (SimEstimate | null)[];
  readonly deltas: readonly (SimDelta | null)[];
}

export interface SimComparison {
  readonly scenarios: readonly { readonly name: string; readonly description?: string; readonly changes: readonly string[]; readonly warnings: readonly string[] }[];
  readonly rows: readonly SimRow[];
  readonly replications: number;
  readonly cases: number;
  readonly confidence: number;
}

export interface SimRun {
  readonly id: string;
  readonly process: { readonly key: string; readonly version: number };
  readonly status: 'running' | 'done' | 'failed';
  readonly progress: { readonly done: number; readonly total: number };
  readonly comparison: SimComparison | null;
  readonly error: { readonly code: string; readonly message: string } | null;
}

const enc = encodeURIComponent;

export const simulationApi = {
  example: (process: string) => request<{ process: string; scenarios: string }>('GET', `/api/simulations/examples/${enc(process)}`),
  start: (body: { process: string; scenarios: string; replications?: number; cases?: number }) => request<SimRun>('POST', '/api/simulations', body),
  run: (id: string) => request<SimRun>('GET', `/api/simulations/${enc(id)}`),
};
