import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The machine has two cores; end-to-end tests spawn the CLI, so keep parallelism modest.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
