import { createApiApp } from '../api/app.ts';
import { apiRoutes } from '../api/routes/index.ts';
import { registerWebApi, serveWebApp, type WebApi } from '../web-api/index.ts';
import type { ApiDeps } from '../api/deps.ts';

/**
 * The HTTP application: the API's routes first, the web app's page-shaped reads next, and the
 * built web app (static files with the SPA fallback) last so it never shadows an API path.
 */
export function buildApp(deps: ApiDeps, opts: { web?: boolean } = {}): { app: ReturnType<typeof createApiApp>; web?: WebApi } {
  const app = createApiApp(deps, apiRoutes());
  if (opts.web === false) return { app };
  const web = registerWebApi(app, deps);
  serveWebApp(app);
  return { app, web };
}
