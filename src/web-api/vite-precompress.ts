import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** Files worth compressing: text, at least this big (smaller ones gain less than a header costs). */
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt)$/;
const MIN_BYTES = 1024;

/**
 * Vite plugin (build only): writes `NAME.br` and `NAME.gz` beside every text file of the build,
 * so the server sends compressed bytes without compressing on each request (static.ts picks the
 * encoding the browser accepts). Brotli quality 5: within a few per cent of the best ratio at a
 * thirtieth of its time (a second for the whole app), because `npm start` builds on first run.
 */
export function precompress(): Plugin {
  return {
    name: 'servflow:precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir;
      if (!dir) return;
      for (const name of Object.keys(bundle)) {
        if (!COMPRESSIBLE.test(name)) continue;
        const data = readFileSync(join(dir, name));
        if (data.length < MIN_BYTES) continue;
        writeFileSync(join(dir, `${name}.br`), brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));
        writeFileSync(join(dir, `${name}.gz`), gzipSync(data, { level: 9 }));
      }
    },
  };
}
