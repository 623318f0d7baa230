/**
 * The mining API: KPIs for the dashboards, the process map and variants of servflow's own log,
 * conformance of a process's cases with its SOP, and mining of an uploaded XES/CSV log.
 * Managers (of their stores) and admins only; every query is limited to the caller's
 * organisation and stores.
 *
 * `miningRoutes()` returns route declarations like the API's own, so they get the same door
 * (authentication, zod validation, problem+json, request log) and the OpenAPI document:
 *
 *   // src/api/routes/index.ts
 *   routes.push(...metaRoutes(() => routes), …, ...auditRoutes, ...miningRoutes());
 */
import type { RouteDef } from '../api/route.ts';
import { conformanceRoute } from './conformance-route.ts';
import { kpiRoutes } from './kpi-routes.ts';
import { mapRoutes } from './map-routes.ts';
import { uploadRoute } from './upload-route.ts';

export interface MiningApiOptions {
  /** Largest uploaded log, bytes (default 1 MiB; the server's body limit applies too). */
  readonly maxUploadBytes?: number;
  /** Completed cases one conformance request checks at most, the newest (default 20,000). */
  readonly maxConformanceCases?: number;
  /** States one alignment may expand before the request is refused with 422 (default 200,000). */
  readonly maxAlignmentStates?: number;
}

/** The mining API's routes, to mount beside the API's own. */
export function miningRoutes(opts: MiningApiOptions = {}): RouteDef[] {
  const maxStates = opts.maxAlignmentStates ?? 200_000;
  return [
    ...kpiRoutes,
    ...mapRoutes,
    conformanceRoute({ maxCases: opts.maxConformanceCases ?? 20_000, maxStates }),
    uploadRoute({ maxUploadBytes: opts.maxUploadBytes ?? 1024 * 1024, maxStates }),
  ];
}
