import { defineConfig } from 'vitest/config';

const E2E = 'tests/e2e/**/*.test.ts';

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit and api', globalSetup: ['tests/support/global-setup.ts'], include: ['src/**/*.test.ts', 'tests/**/*.test.ts'], exclude: [E2E], sequence: { groupOrder: 0 } },
      },
      {
        // Browsers are heavy on two cores: one browser test file at a time, after the rest.
        extends: true,
        test: { name: 'browser', include: [E2E], fileParallelism: false, testTimeout: 60_000, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
