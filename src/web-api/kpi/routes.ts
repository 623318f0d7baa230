import type { ApiDeps } from '../../api/deps.ts';
import { intParam, json, signedIn, type AnyHono } from '../http.ts';
import { drillCases } from './drill.ts';
import { kpis } from './kpis.ts';
import { kpiScope } from './query.ts';

/** `GET /api/web/kpis` (the dashboard figures) and `GET /api/web/kpis/cases` (the cases behind one). */
export function registerKpis(app: AnyHono, deps: ApiDeps): void {
  app.get(
    '/api/web/kpis',
    signedIn(deps, async (c, p) => json(await kpis(deps, kpiScope(p, c.req.query(), deps.now())))),
  );
  app.get(
    '/api/web/kpis/cases',
    signedIn(deps, async (c, p) => {
      const q = c.req.query();
      return json(await drillCases(deps, kpiScope(p, q, deps.now()), q, intParam(q['limit'], 50, 1, 200), intParam(q['offset'], 0, 0, 1_000_000)));
    }),
  );
}
