import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The machine has two cores; end-to-end tests spawn the CLI, so keep parallelism modest.
    maxWorkers: 2,
    minWorkers: 1,
    // Test files share their worker's module graph instead of re-importing it for each file: that
    // re-import was a third of the suite's time. Tests must therefore not leave module state behind
    // (e.g. test/report/syntheticRun.ts hands out deep copies of its cached model).
    isolate: false,
  },
});
