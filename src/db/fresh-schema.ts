// The schema of a new database in one script (queries/schema.sql): what the migrations make, dumped from DuckDB's
// catalog. A new database runs it instead of every migration (about 50 ms less for each, the first run of every
// user and every test that opens one); test/db/fresh-schema.test.ts checks that the file is what the migrations
// make now, and `npm run fresh-schema` writes it again after a migration is added.
import { Db } from './database.js';
import { migrations } from './sql.js';

export const freshSchemaFile = 'queries/schema.sql';

/** The catalog of a database as DDL, in an order that creates it: schemas, tables, then views each after those it reads. */
export async function catalogDdl(db: Db): Promise<string[]> {
  const schemas = await db.query<{ name: string }>(
    "select schema_name as name from duckdb_schemas() where database_name = current_database() and not internal and schema_name <> 'main' order by schema_name",
  );
  const tables = await db.query<{ sql: string }>(
    'select sql from duckdb_tables() where database_name = current_database() and not temporary order by schema_name, table_name',
  );
  const views = await db.query<{ name: string; sql: string }>(
    'select view_name as name, sql from duckdb_views() where database_name = current_database() and not internal and not temporary order by view_name',
  );
  const others = await db.query<{ kind: string; name: string }>(
    `select 'index' as kind, index_name as name from duckdb_indexes() where database_name = current_database()
     union all select 'sequence', sequence_name from duckdb_sequences() where database_name = current_database()
     union all select 'macro', function_name from duckdb_functions()
       where database_name = current_database() and not internal and schema_name <> 'pg_catalog' and function_type in ('macro', 'table_macro')`,
  );
  if (others.length > 0) throw new Error(`catalogDdl: ${others.map((o) => `${o.kind} ${o.name}`).join(', ')} not dumped`);
  const ordered: { name: string; sql: string }[] = [];
  const pending = [...views];
  while (pending.length > 0) {
    const at = pending.findIndex((v) => !pending.some((w) => w !== v && new RegExp(`\\b${w.name}\\b`).test(v.sql)));
    if (at === -1) throw new Error(`catalogDdl: views that read each other: ${pending.map((v) => v.name).join(', ')}`);
    ordered.push(...pending.splice(at, 1));
  }
  return [...schemas.map((s) => `create schema ${s.name};`), ...tables.map((t) => t.sql), ...ordered.map((v) => v.sql)];
}

/** queries/schema.sql as the migrations make it now. */
export async function freshSchemaText(): Promise<string> {
  const all = migrations();
  const db = await Db.open(':memory:', { clock: () => new Date(0), migrations: all });
  try {
    const latest = all.at(-1)!;
    return [
      `-- The schema of a new database, version ${latest.version} (${latest.name}): what queries/migrations/001–${String(latest.version).padStart(3, '0')} make, in one`,
      '-- script (src/db/fresh-schema.ts). Written by `npm run fresh-schema` from DuckDB\'s catalog; do not edit by hand.',
      `-- version: ${latest.version}`,
      ...(await catalogDdl(db)),
      '',
    ].join('\n');
  } finally {
    db.close();
  }
}
