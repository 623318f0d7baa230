/**
 * The web app's server side, mounted by the composition root (src/server):
 *
 *   const web = registerWebApi(app, apiDeps);   // after the API's routes
 *   serveWebApp(app);                            // last: static files + SPA fallback
 *   …on shutdown: web.close();
 *
 * `registerWebApi` adds `/api/web/…`: page-shaped reads (inbox with totals, task, cases,
 * timeline, library), dashboard KPIs and drill-down, photo attachments, and Server-Sent Events
 * of task changes for live inboxes.
 */
import type { ApiDeps } from '../api/deps.ts';
import { registerAttachments } from './attachments/routes.ts';
import type { AnyHono } from './http.ts';
import { registerKpis } from './kpi/routes.ts';
import { createFeed } from './live/feed.ts';
import { registerLive } from './live/routes.ts';
import { registerViews } from './views/routes.ts';

export { serveWebApp, WEB_DIST } from './static.ts';
export { webBuildState, buildWebApp } from './build.ts';

export interface WebApi {
  /** Stops the live feed's poller (call on server shutdown). */
  close(): void;
}

/** Registers the web app's endpoints on a Hono app. */
export function registerWebApi(app: AnyHono, deps: ApiDeps, opts: { liveIntervalMs?: number } = {}): WebApi {
  const feed = createFeed(deps.store.db, opts.liveIntervalMs !== undefined ? { intervalMs: opts.liveIntervalMs } : {});
  registerViews(app, deps);
  registerKpis(app, deps);
  registerAttachments(app, deps);
  registerLive(app, deps, feed);
  return { close: () => feed.close() };
}
