import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync, brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { acceptedEncodings, serveWebApp } from './static.ts';

describe('serving the built web app', () => {
  const root = mkdtempSync(join(tmpdir(), 'servflow-static-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'assets'));
  const js = 'console.log("servflow");'.repeat(100);
  writeFileSync(join(root, 'assets', 'app-1234.js'), js);
  writeFileSync(join(root, 'assets', 'app-1234.js.br'), brotliCompressSync(js));
  writeFileSync(join(root, 'assets', 'app-1234.js.gz'), gzipSync(js));
  writeFileSync(join(root, 'assets', 'small-1234.css'), 'a{}');
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>servflow</title>');
  const app = new Hono();
  app.get('/api/x', (c) => c.text('api'));
  serveWebApp(app, { root });
  const get = (path: string, encoding?: string) => app.request(path, encoding === undefined ? {} : { headers: { 'accept-encoding': encoding } });

  it('sends the brotli twin of a hashed asset to a browser that takes brotli, cached for a year', async () => {
    const r = await get('/assets/app-1234.js', 'gzip, deflate, br, zstd');
    expect(r.headers.get('content-encoding')).toBe('br');
    expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(r.headers.get('vary')).toBe('accept-encoding');
    expect(r.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(brotliDecompressSync(Buffer.from(await r.arrayBuffer())).toString()).toBe(js);
  });

  it('falls back to gzip, then to the plain file', async () => {
    const gz = await get('/assets/app-1234.js', 'gzip, br;q=0');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(js);
    const plain = await get('/assets/app-1234.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(js);
    // A file the build did not compress (too small) goes as it is, whatever the browser takes.
    const small = await get('/assets/small-1234.css', 'br');
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(await small.text()).toBe('a{}');
  });

  it('answers app paths with index.html, never cached, and leaves API paths and missing assets alone', async () => {
    const page = await get('/inbox', 'br');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toContain('<title>servflow</title>');
    expect(await (await get('/api/x')).text()).toBe('api');
    expect((await get('/assets/gone-1.js')).status).toBe(404);
  });

  it('reads Accept-Encoding with its q-values', () => {
    expect([...acceptedEncodings('gzip, deflate, br')]).toEqual(['gzip', 'deflate', 'br']);
    expect([...acceptedEncodings('br;q=0, gzip;q=0.5')]).toEqual(['gzip']);
    expect([...acceptedEncodings(undefined)]).toEqual([]);
  });
});
