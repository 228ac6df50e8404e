import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // DuckDB instances are native and memory-hungry: a few forks are plenty on a 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
  },
});
