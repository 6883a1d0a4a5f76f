import { defineConfig } from 'vitest/config';

/** Browser tests against a real server and the built web app (`npm run build:web` first). */
export default defineConfig({
  root: decodeURIComponent(new URL('../..', import.meta.url).pathname),
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    maxWorkers: 1,
  },
});
