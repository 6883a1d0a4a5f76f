import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'web/src/**/*.test.ts',
      'test/integration/**/*.test.ts',
      'test/cli/**/*.test.ts',
      'test/crash/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: argon2 hashing and SQLite fsyncs are CPU- and disk-bound; more workers only contend.
    maxWorkers: 2,
    globalSetup: ['test/support/global-setup.ts'],
  },
});
