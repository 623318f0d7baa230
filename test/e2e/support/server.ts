import { serve, type ServerType } from '@hono/node-server';
import { createApi } from '../../../src/api/index.ts';
import { buildWebApp, registerWebApi, serveWebApp } from '../../../src/web-api/index.ts';
import type { World } from './world.ts';

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A real HTTP server on a free port, composed as the servflow server composes it: the API,
 * then the web app's endpoints, then the built app with its SPA fallback. The web app is built
 * first if web/dist is missing or stale.
 */
export async function startServer(w: World, opts: { liveIntervalMs?: number } = {}): Promise<RunningServer> {
  await buildWebApp();
  const app = createApi(w.deps);
  const web = registerWebApi(app, w.deps, { liveIntervalMs: opts.liveIntervalMs ?? 300 });
  serveWebApp(app);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      web.close();
      // SSE streams keep connections open: close them so the server can stop.
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((r) => server.close(() => r()));
      await w.db.close();
    },
  };
}
