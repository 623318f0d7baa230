import { ApiProblem } from '../../api/problem.ts';
import type { ApiDeps } from '../../api/deps.ts';
import { intParam, json, signedIn, timeParam, type AnyHono } from '../http.ts';
import { caseDetail, casePage } from './cases.ts';
import { librarySummaries, versionSource, versionsOf, versionView } from './library.ts';
import { inboxPage, taskDetail } from './tasks.ts';

function versionParam(v: string | undefined): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new ApiProblem(422, 'INVALID_REQUEST', 'the version must be a whole number from 1', { issues: [{ path: 'path.version', message: 'not a version number' }] });
  return n;
}

/** The page-shaped reads of the web app: inbox, task, cases, library. */
export function registerViews(app: AnyHono, deps: ApiDeps): void {
  app.get(
    '/api/web/tasks',
    signedIn(deps, async (c, p) => {
      const scope = c.req.query('scope') === 'queue' ? 'queue' : 'mine';
      return json(await inboxPage(deps, p, scope, intParam(c.req.query('limit'), 50, 1, 200), intParam(c.req.query('offset'), 0, 0, 1_000_000)));
    }),
  );
  app.get('/api/web/tasks/:id', signedIn(deps, async (c, p) => json(await taskDetail(deps, p, c.req.param('id') ?? ''))));
  app.get(
    '/api/web/cases',
    signedIn(deps, async (c, p) => {
      const q = (k: string) => c.req.query(k) || undefined;
      const filter = {
        status: q('status'),
        process: q('process'),
        store: q('store'),
        sla: q('sla'),
        from: timeParam('from', q('from')),
        to: timeParam('to', q('to')),
        q: q('q'),
        ids: c.req.queries('ids') ?? [],
      };
      return json(await casePage(deps, p, filter, intParam(q('limit'), 50, 1, 200), intParam(q('offset'), 0, 0, 1_000_000)));
    }),
  );
  app.get('/api/web/cases/:id', signedIn(deps, async (c, p) => json(await caseDetail(deps, p, c.req.param('id') ?? ''))));
  app.get('/api/web/definitions', signedIn(deps, async (_c, p) => json(await librarySummaries(deps, p))));
  app.get('/api/web/definitions/:key/versions', signedIn(deps, async (c, p) => json(await versionsOf(deps, p, c.req.param('key') ?? ''))));
  app.get('/api/web/definitions/:key/versions/:version', signedIn(deps, async (c, p) => json(await versionView(deps, p, c.req.param('key') ?? '', versionParam(c.req.param('version'))))));
  app.get('/api/web/definitions/:key/versions/:version/source', signedIn(deps, async (c, p) => json(await versionSource(deps, p, c.req.param('key') ?? '', versionParam(c.req.param('version'))))));
}
