import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWebApp } from './build.ts';

const DIST = join(new URL('../..', import.meta.url).pathname, 'web', 'dist');

describe('the web app build', () => {
  // The test runner sets NODE_ENV=test, which Vite would otherwise carry into the bundle.
  it('ships React production code even when built by a test run', async () => {
    await buildWebApp();
    const js = readdirSync(join(DIST, 'assets'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(DIST, 'assets', f), 'utf8'))
      .join('\n');
    // React's production builds replace their error texts with this pointer to the decoder.
    expect(js).toContain('Minified React error');
    expect(js).not.toContain('react-dom.development');
    // …and the JSX was compiled for it (the development transform calls jsxDEV, which React's
    // production runtime does not have: every page would fail to render).
    expect(js).not.toMatch(/\.jsxDEV\)?\(/);
  });
});
