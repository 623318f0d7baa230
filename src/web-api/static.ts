import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { AnyHono } from './http.ts';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The built web app's folder (web/dist beside the source tree). */
export const WEB_DIST = resolve(new URL('../../web/dist', import.meta.url).pathname);

function fileResponse(path: string, immutable: boolean): Response {
  const st = statSync(path);
  const headers: Record<string, string> = {
    'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
    'content-length': String(st.size),
    // Hashed asset names never change content; index.html must be re-read to see a new build.
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  };
  return new Response(Readable.toWeb(createReadStream(path)) as ReadableStream, { status: 200, headers });
}

/**
 * Serves the web app: files of web/dist as they are, and index.html for every other GET that is
 * not an API path (the app's routes — /inbox, /cases/… — are drawn in the browser: the "SPA
 * fallback"). Mount it LAST, after the API, so it never shadows a route. When web/dist is
 * missing (the build did not run) the fallback says how to build it instead of a bare 404.
 */
export function serveWebApp(app: AnyHono, opts: { root?: string } = {}): void {
  const root = opts.root ?? WEB_DIST;
  app.get('*', async (c, next) => {
    const path = decodeURIComponent(c.req.path);
    if (path.startsWith('/api/') || path === '/api' || path === '/health') return next();
    const file = normalize(join(root, path));
    if (file.startsWith(root + sep) && existsSync(file) && statSync(file).isFile()) return fileResponse(file, path.startsWith('/assets/'));
    if (path.startsWith('/assets/')) return next(); // a missing asset is a 404, not the app
    const index = join(root, 'index.html');
    if (!existsSync(index)) return c.text('The web app is not built yet: run `npm run build:web` (npm start does it by itself).', 503);
    return fileResponse(index, false);
  });
}
