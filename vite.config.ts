import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The web app (web/) is built into web/dist and served by the servflow server itself, so the
 * app and the API share one origin: no CORS, cookies just work. `npm start` builds it when
 * missing or stale (scripts/build-web.ts); `npx vite` runs a dev server that proxies the API.
 */
export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd and echarts are big; they are split into their own chunks so the inbox's first paint
    // does not wait for the chart library (only the dashboards load it).
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|rc-[^\\/]+|@rc-component)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000', '/health': 'http://localhost:3000' },
  },
});
