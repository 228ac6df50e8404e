import { defineConfig } from 'vitest/config';

// Files that replace a module (vi.mock) get a module registry of their own; every other file shares its worker's
// modules with the files before it (isolate: false): importing src/ with DuckDB, exceljs and chart.js again for
// each of some hundred files cost more CPU than most of the files' tests.
const ownModules = ['test/ingest/xlsx-cut.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    // One temporary folder for the run, removed at its end (test/global-temp.ts).
    globalSetup: ['test/global-temp.ts'],
    hookTimeout: 60_000,
    // DuckDB instances are native and memory-hungry: two forks on a 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: ownModules, isolate: false } },
      { extends: true, test: { name: 'own-modules', include: ownModules, isolate: true } },
    ],
  },
});
