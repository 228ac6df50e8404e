// DuckDB's node API, loaded once, on first use.
import { createRequire } from 'node:module';

type DuckDB = typeof import('@duckdb/node-api');

let loaded: DuckDB | undefined;

/**
 * @duckdb/node-api, required rather than imported. It is CommonJS whose entry re-exports some 190 modules, and
 * node 20's ESM loader lexes each of them to learn the entry's export names before running it: `import()` took
 * two to three times as long as `require` (0.9–1.2 s against 0.3–0.4 s on the 2-core machine), on every command
 * that opens a database.
 */
export function duckdb(): DuckDB {
  loaded ??= createRequire(import.meta.url)('@duckdb/node-api') as DuckDB;
  return loaded;
}
