import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { antdCssSplit } from './src/web-api/vite-antd-css.ts';
import { precompress } from './src/web-api/vite-precompress.ts';

/**
 * The web app (web/) is built into web/dist and served by the servflow server itself, so the
 * app and the API share one origin: no CORS, cookies just work. `npm start` builds it when
 * missing or stale (scripts/build-web.ts); `npx vite` runs a dev server that proxies the API.
 */
export default defineConfig({
  root: 'web',
  base: '/',
  // antdCssSplit: index.html links only the antd styles of the components the first page uses;
  // precompress: .br and .gz of every text file, served by src/web-api/static.ts.
  plugins: [react(), antdCssSplit(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // React in one long-cached chunk; ECharts in its own (only the dashboards load it). antd is
    // left to the automatic splitting on purpose: one antd chunk would make the inbox load the
    // date pickers, forms and drawers of every other page before its first paint.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000', '/health': 'http://localhost:3000' },
  },
});
