import { defineConfig } from 'vitest/config';

// Two projects: the default suite (`npm test`) and the heavy oracle runs (`npm run test:slow`).
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // 2 cores on the CI machine: forks keep PGlite's WASM memory per process and isolated.
    pool: 'forks',
    // Two workers, one per core (the default leaves one core idle). Each test file owns its
    // PGlite, its PostgreSQL schema and its server port, so files do not meet.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'default', include: ['src/**/*.test.ts', 'templates/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'], exclude: ['**/*.slow.test.ts', '**/node_modules/**'] },
      },
      {
        extends: true,
        test: { name: 'slow', include: ['src/**/*.slow.test.ts'] },
      },
    ],
  },
});
