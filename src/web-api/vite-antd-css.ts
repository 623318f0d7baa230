import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import type { Plugin } from 'vite';
import { prefixesNamedIn, splitByComponent } from './antd-css-split.ts';

/** The `<meta>` naming the stylesheet of the components the first page does not use (read by web/src/app/styles.ts). */
export const REST_META = 'sf-antd-rest';

const require = createRequire(import.meta.url);

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? jsFiles(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : []));
}

/**
 * Vite plugin (build only): replaces the app's `import 'antd/dist/antd.css'` by two stylesheets
 * (see antd-css-split.ts) — the part the entry chunk's components use, linked from index.html
 * before the app's own CSS, and the rest, named in a `<meta>` for the app to load later. The
 * dev server keeps the whole file.
 */
export function antdCssSplit(): Plugin {
  const cssPath = require.resolve('antd/dist/antd.css');
  const esDir = join(dirname(dirname(cssPath)), 'es');
  const marker = '\0servflow-antd-css';
  return {
    name: 'servflow:antd-css-split',
    apply: 'build',
    enforce: 'pre',
    resolveId(id) {
      return id === 'antd/dist/antd.css' ? marker : null;
    },
    load(id) {
      return id === marker ? 'export {};' : null;
    },
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const html = bundle['index.html'];
        const entry = Object.values(bundle).find((c) => c.type === 'chunk' && c.isEntry);
        if (!html || html.type !== 'asset' || !entry || entry.type !== 'chunk') return;
        // The modules the first page loads: the entry chunk and what it imports statically.
        const seen = new Set<string>();
        const code: string[] = [];
        const walk = (file: string) => {
          if (seen.has(file)) return;
          seen.add(file);
          const c = bundle[file];
          if (!c || c.type !== 'chunk') return;
          // The code each module kept after tree-shaking (a component the chunk does not use
          // may sit in a module it imports); the file itself when the bundler gives no code.
          for (const id of c.moduleIds) if (id.startsWith(esDir + sep)) code.push(c.modules[id]?.code ?? (c.modules[id]?.renderedLength === 0 ? '' : readFileSync(id, 'utf8')));
          c.imports.forEach(walk);
        };
        walk(entry.fileName);
        const used = new Set(code.flatMap(prefixesNamedIn));
        const known = new Set(jsFiles(esDir).flatMap((f) => prefixesNamedIn(readFileSync(f, 'utf8'))));
        const { core, rest } = splitByComponent(readFileSync(cssPath, 'utf8'), known, used);
        const coreFile = this.getFileName(this.emitFile({ type: 'asset', name: 'antd-core.css', source: core }));
        const restFile = this.getFileName(this.emitFile({ type: 'asset', name: 'antd-rest.css', source: rest }));
        const links = `<meta name="${REST_META}" content="/${restFile}">\n    <link rel="stylesheet" href="/${coreFile}" data-sf-antd-core>\n    `;
        const source = String(html.source);
        // Before the app's own stylesheet (it overrides antd), else at the end of <head>.
        const at = source.search(/<link rel="stylesheet"[^>]*\/assets\/index-/);
        html.source = at >= 0 ? source.slice(0, at) + links + source.slice(at) : source.replace('</head>', `${links}</head>`);
      },
    },
  };
}
