import { qs, request } from './client.ts';
import type { ProcessMap, ProcessMapArc, ProcessMapNode } from '../../../src/kpi/process-map.ts';
import type { VariantRow } from '../../../src/kpi/variants.ts';

/** The process map and variants of servflow's own log (`/api/mining/*`, see docs/mining.md). */

export interface MiningQuery {
  readonly process: string;
  readonly store?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly variant?: string | undefined;
}

// The server's own types (type-only imports: nothing of the server is bundled).
export type MapNode = ProcessMapNode;
export type MapArc = ProcessMapArc;
export type ProcessMapView = ProcessMap & { readonly process: string };
export type VariantView = VariantRow;

export const miningApi = {
  processMap: (q: MiningQuery) => request<ProcessMapView>('GET', `/api/mining/process-map${qs({ ...q })}`),
  variants: (q: Omit<MiningQuery, 'variant'>) => request<{ items: VariantRow[] }>('GET', `/api/mining/variants${qs({ ...q, limit: 20 })}`),
};
