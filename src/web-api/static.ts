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

/** The encodings the build wrote beside text files (.br, .gz; see vite-precompress.ts), best first. */
const ENCODINGS = [
  { name: 'br', ext: '.br' },
  { name: 'gzip', ext: '.gz' },
] as const;

/** The codings an Accept-Encoding header allows (those not given q=0). */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const ok = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q !== undefined && Number(q.slice(2)) === 0)) ok.add(name);
  }
  return ok;
}

function fileResponse(path: string, immutable: boolean, acceptEncoding: string | undefined): Response {
  // The precompressed twin of the file when the browser takes its coding.
  const accepted = acceptedEncodings(acceptEncoding);
  const enc = ENCODINGS.find((e) => accepted.has(e.name) && existsSync(path + e.ext));
  const sent = enc ? path + enc.ext : path;
  const st = statSync(sent);
  const headers: Record<string, string> = {
    'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
    'content-length': String(st.size),
    // Hashed asset names never change content; index.html must be re-read to see a new build.
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
    ...(enc ? { 'content-encoding': enc.name } : {}),
    // Caches must keep the plain and the compressed answers apart.
    ...(COMPRESSED.has(extname(path)) ? { vary: 'accept-encoding' } : {}),
  };
  return new Response(Readable.toWeb(createReadStream(sent)) as ReadableStream, { status: 200, headers });
}

/** Extensions the build may have precompressed. */
const COMPRESSED = new Set(['.js', '.css', '.html', '.svg', '.json', '.txt']);

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
    if (file.startsWith(root + sep) && existsSync(file) && statSync(file).isFile()) return fileResponse(file, path.startsWith('/assets/'), c.req.header('accept-encoding'));
    if (path.startsWith('/assets/')) return next(); // a missing asset is a 404, not the app
    const index = join(root, 'index.html');
    if (!existsSync(index)) return c.text('The web app is not built yet: run `npm run build:web` (npm start does it by itself).', 503);
    return fileResponse(index, false, c.req.header('accept-encoding'));
  });
}
