import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root (this file is src/web-api/build.ts). */
const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const DIST = join(ROOT, 'web', 'dist');
const STAMP = join(DIST, '.build-stamp');
// What the bundle is made of: the app's sources, the SOP types and engine rules it imports, the
// bundler's configuration with its plugins and the locked dependency versions.
const INPUTS = ['web/src', 'web/index.html', 'vite.config.ts', 'src/web-api/build.ts', 'src/web-api/antd-css-split.ts', 'src/web-api/vite-antd-css.ts', 'src/web-api/vite-precompress.ts', 'package-lock.json', 'src/engine/checklist.ts', 'src/model/types.ts'];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of readdirSync(path)) m = Math.max(m, newest(join(path, e)));
  return m;
}

export interface WebBuildState {
  readonly built: boolean;
  /** Built, but some input is newer than the build. */
  readonly stale: boolean;
}

/** Whether web/dist exists and is newer than every input (mtimes: cheap, and right after a checkout or an edit). */
export function webBuildState(): WebBuildState {
  if (!existsSync(join(DIST, 'index.html')) || !existsSync(STAMP)) return { built: false, stale: true };
  const builtAt = Number(readFileSync(STAMP, 'utf8')) || 0;
  const inputs = Math.max(...INPUTS.map((p) => newest(join(ROOT, p))));
  return { built: true, stale: inputs > builtAt };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Builds the web app into web/dist with Vite (when missing or stale, unless `force`). Safe when
 * several processes try at once (test files in parallel, two servers starting): a lock folder
 * lets one build while the others wait, and the result is moved into place in one rename.
 */
export async function buildWebApp(opts: { force?: boolean; log?: (line: string) => void } = {}): Promise<'built' | 'fresh'> {
  const log = opts.log ?? (() => {});
  const lock = join(ROOT, 'web', '.build-lock');
  for (let waited = 0; ; waited += 250) {
    if (!opts.force && !webBuildState().stale) return 'fresh';
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Someone else is building. A lock older than 5 minutes is from a build that died.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      await sleep(250);
    }
  }
  try {
    if (!opts.force && !webBuildState().stale) return 'fresh';
    log('building the web app (web/dist)…');
    const started = Date.now();
    const tmp = join(ROOT, 'web', `.dist-${process.pid}`);
    const { build } = await import('vite');
    // Always React's production build: Vite keeps a NODE_ENV it finds, and the test runner sets
    // it to "test" — a build made by a test would ship React's development build (twice the code
    // and much slower) to the next `npm start`, which finds web/dist fresh and keeps it.
    // Vite and the React plugin both read NODE_ENV (React's code and the JSX transform must agree).
    const nodeEnv = process.env['NODE_ENV'];
    process.env['NODE_ENV'] = 'production';
    try {
      await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', mode: 'production', build: { outDir: tmp, emptyOutDir: true } });
    } finally {
      if (nodeEnv === undefined) delete process.env['NODE_ENV'];
      else process.env['NODE_ENV'] = nodeEnv;
    }
    writeFileSync(join(tmp, '.build-stamp'), String(started));
    const old = join(ROOT, 'web', `.dist-old-${process.pid}`);
    if (existsSync(DIST)) renameSync(DIST, old);
    renameSync(tmp, DIST);
    rmSync(old, { recursive: true, force: true });
    log(`web app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return 'built';
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
