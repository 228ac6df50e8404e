import type { Db } from './database.js';

/**
 * Migration 008's data step (after queries/migrations/008_one_versions_table.sql, in its transaction): the versions
 * of every schema-6 load — raw.load_<n> (every cell) and raw.parsed_<n> (the typed half, row for row) — are copied
 * into table `deal_versions`, the rejected rows' cells into `load_rejects.cells`, and the typed halves dropped (and
 * the tables a killed load left, which no load names). The
 * text of a version is the typed half's `<column>_fix` where parsing changed the raw cell, else the raw cell, as
 * schema 6's view read it. Table names come from the loads table and are checked before they go into SQL.
 */
export async function migrate008(db: Db): Promise<void> {
  const loads = await db.query<{ load_id: number; raw_table: string; parsed_table: string | null; fields: { field: string; position: number }[] | null }>(
    `select l.load_id, l.raw_table, l.parsed_table,
            list({'field': c.field, 'position': c.position} order by c.position) filter (where c.field is not null) as fields
     from loads l left join load_columns c on c.load_id = l.load_id
     where l.raw_table is not null
     group by all order by l.load_id`,
  );
  for (const load of loads) {
    const raw = checkedTable(load.raw_table);
    if (load.parsed_table !== null) {
      const parsed = checkedTable(load.parsed_table);
      await db.exec(`insert into deal_versions by name ${versionsSql(load.load_id, raw, parsed, firstPositions(load.fields ?? []))}`);
      await db.exec(`drop table ${parsed}`);
    }
    const exists = await db.query<{ n: number }>(
      `select count(*)::integer as n from duckdb_tables() where schema_name = 'raw' and table_name = $name`,
      { name: raw.slice('raw.'.length) },
    );
    if (exists[0]!.n === 0) continue;
    await db.exec(
      `update load_rejects j set cells = r.cells
       from (select (rowid + 2)::integer as line_no, list_value(*columns(*))::varchar[] as cells from ${raw}) r
       where j.load_id = ${Math.trunc(load.load_id)} and j.line_no = r.line_no`,
    );
  }
  await db.exec('update loads set parsed_table = null');
  // A schema-6 load killed before it was published left tables no load names (raw.load_<n>, raw.parsing): gone.
  const orphans = await db.query<{ name: string }>(
    `select 'raw.' || table_name as name from duckdb_tables()
     where schema_name = 'raw' and 'raw.' || table_name not in (select raw_table from loads where raw_table is not null)`,
  );
  for (const { name } of orphans) {
    if (!/^raw\.[a-z_0-9]+$/.test(name)) throw new Error(`unexpected table name: ${name}`);
    await db.exec(`drop table ${name}`);
  }
}

function checkedTable(name: string): string {
  if (!/^raw\.(load|parsed)_\d+$/.test(name)) throw new Error(`unexpected table name: ${name}`);
  return name;
}

/** Each mapped field's first raw column. */
function firstPositions(pairs: readonly { field: string; position: number }[]): Map<string, number> {
  const first = new Map<string, number>();
  for (const { field, position } of pairs) if (!first.has(field) || position < first.get(field)!) first.set(field, position);
  return first;
}

/** The text columns of a version and the mapped fields whose first raw column they start from (schema 6). */
const textColumns: readonly { column: string; fields: readonly string[] }[] = [
  ...['name', 'responsible', 'created_by', 'edited_by', 'tags'].map((f) => ({ column: f, fields: [f] })),
  { column: 'comments', fields: ['notes'] },
  ...['stage', 'pipeline', 'contact_name', 'contact_company', 'company'].map((f) => ({ column: f, fields: [f] })),
  { column: 'client', fields: ['company', 'contact_company'] },
  ...['city', 'source', 'topic', 'project', 'consultant', 'format', 'channel', 'loss_reason', 'client_type'].map((f) => ({
    column: f,
    fields: [f],
  })),
];

const typedColumns = [
  'line_no', 'deal_id', 'budget', 'created_at', 'edited_at', 'closed_at', 'consulted_at', 'duration_min', 'external',
  'new_client', 'stage_code', 'client_key', 'content_hash',
];

function versionsSql(loadId: number, raw: string, parsed: string, first: ReadonlyMap<string, number>): string {
  const select = [`${Math.trunc(loadId)}::integer as load_id`, ...typedColumns.map((c) => `p.${c}`)];
  for (const { column, fields } of textColumns) {
    const cells = fields.flatMap((f) => (first.has(f) ? [`r.c${first.get(f)!}`] : []));
    const base = cells.length === 0 ? 'null' : cells.length === 1 ? cells[0]! : `coalesce(${cells.join(', ')})`;
    select.push(`nullif(coalesce(p.${column}_fix, ${base}), '') as ${column}`);
  }
  return `select ${select.join(', ')} from ${raw} r positional join ${parsed} p where p.is_version`;
}
