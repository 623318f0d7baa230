import { qs, request } from './client.ts';
import type { LocalizedText } from './types.ts';

/**
 * The process map and variants of servflow's own log (`/api/mining/*`, see docs/mining.md). The
 * shapes mirror src/kpi/process-map.ts and variants.ts; importing those types would pull
 * node-only modules into the web typecheck.
 */

export interface MiningQuery {
  readonly process: string;
  readonly store?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly variant?: string | undefined;
}

export interface MapNode {
  readonly id: string;
  readonly name: LocalizedText | null;
  readonly count: number;
  readonly cases: number;
}

export interface MapArc {
  readonly from: string | null;
  readonly to: string | null;
  readonly count: number;
  readonly cases: number;
  readonly meanMs: number | null;
  readonly medianMs: number | null;
  readonly caseIds: readonly string[];
}

export interface ProcessMapView {
  readonly process: string;
  readonly cases: number;
  readonly nodes: readonly MapNode[];
  readonly arcs: readonly MapArc[];
}

export interface VariantView {
  readonly id: string;
  readonly steps: readonly string[];
  readonly cases: number;
  readonly sampleCases: readonly string[];
}

export const miningApi = {
  processMap: (q: MiningQuery) => request<ProcessMapView>('GET', `/api/mining/process-map${qs({ ...q })}`),
  variants: (q: Omit<MiningQuery, 'variant'>) => request<{ items: VariantView[] }>('GET', `/api/mining/variants${qs({ ...q, limit: 20 })}`),
};
