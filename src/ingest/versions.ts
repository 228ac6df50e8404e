import type { Db } from '../db/database.js';

/**
 * View `deal_versions` (schema 6): the versions stored by an older okno (`legacy_deal_versions`), then, for every
 * consultation load, its raw table joined by position to its typed table (queries/consultations/parse_rows.sql).
 * A text field is the load's `<column>_fix` where parsing changed the raw cell, else the raw cell itself.
 */

/** The text columns of a version and the mapped fields whose first raw column they start from. */
const textColumns: readonly { column: string; fields: readonly string[] }[] = [
  { column: 'name', fields: ['name'] },
  { column: 'responsible', fields: ['responsible'] },
  { column: 'created_by', fields: ['created_by'] },
  { column: 'edited_by', fields: ['edited_by'] },
  { column: 'tags', fields: ['tags'] },
  { column: 'comments', fields: ['notes'] },
  { column: 'stage', fields: ['stage'] },
  { column: 'pipeline', fields: ['pipeline'] },
  { column: 'contact_name', fields: ['contact_name'] },
  { column: 'contact_company', fields: ['contact_company'] },
  { column: 'company', fields: ['company'] },
  // okno_name(coalesce(company, contact_company)): parse_rows.sql compares it with the same coalesce of raw cells.
  { column: 'client', fields: ['company', 'contact_company'] },
  { column: 'city', fields: ['city'] },
  { column: 'source', fields: ['source'] },
  { column: 'topic', fields: ['topic'] },
  { column: 'project', fields: ['project'] },
  { column: 'consultant', fields: ['consultant'] },
  { column: 'format', fields: ['format'] },
  { column: 'channel', fields: ['channel'] },
  { column: 'loss_reason', fields: ['loss_reason'] },
  { column: 'client_type', fields: ['client_type'] },
];

/** The typed columns, stored as they are in the load's typed table. */
const typedColumns = [
  'line_no', 'deal_id', 'budget', 'created_at', 'edited_at', 'closed_at', 'consulted_at', 'duration_min', 'external',
  'new_client', 'stage_code', 'client_key', 'content_hash',
] as const;

export interface VersionLoad {
  loadId: number;
  rawTable: string;
  parsedTable: string;
  /** Each mapped field's first raw column (1-based; the raw table's column c<position>). */
  firstPosition: ReadonlyMap<string, number>;
}

/** The raw table's column name of a position. */
const rawColumn = (position: number) => `c${position}`;

/**
 * A load's rows as versions: every column of `deal_versions`. `extra` adds columns of the typed table (`p`) or raw
 * table (`r`); `where` filters (default: the rows that are versions). Table names come from the database and are
 * checked here, since they go into SQL text.
 */
export function versionsOfLoadSql(load: VersionLoad, options: { extra?: string[]; where?: string } = {}): string {
  for (const table of [load.rawTable, load.parsedTable]) {
    if (!/^(raw\.(load|parsed)_\d+|raw\.parsing|okno_dry_(raw|parsed))$/.test(table)) throw new Error(`unexpected table name: ${table}`);
  }
  const select = [`${Math.trunc(load.loadId)}::integer as load_id`, ...typedColumns.map((c) => `p.${c}`)];
  for (const { column, fields } of textColumns) {
    const raw = fields.flatMap((f) => {
      const position = load.firstPosition.get(f);
      return position === undefined ? [] : [`r.${rawColumn(position)}`];
    });
    const base = raw.length === 0 ? 'null' : raw.length === 1 ? raw[0]! : `coalesce(${raw.join(', ')})`;
    select.push(`nullif(coalesce(p.${column}_fix, ${base}), '') as ${column}`);
  }
  select.push(...(options.extra ?? []));
  return `select ${select.join(', ')}
    from ${load.rawTable} r positional join ${load.parsedTable} p
    where ${options.where ?? 'p.is_version'}`;
}

/** Rebuilds view `deal_versions` from the loads table: run in the transaction that records a consultation load. */
export async function rebuildVersionsView(db: Db): Promise<void> {
  const loads = await db.all<{ load_id: number; raw_table: string; parsed_table: string; fields: { field: string; position: number }[] }>(
    'consultations/version_loads',
  );
  const branches = loads.map((l) =>
    versionsOfLoadSql({
      loadId: l.load_id,
      rawTable: l.raw_table,
      parsedTable: l.parsed_table,
      firstPosition: firstPositions(l.fields),
    }),
  );
  await db.exec(
    ['create or replace view deal_versions as select * from legacy_deal_versions', ...branches].join('\nunion all by name\n'),
    undefined,
    'deal_versions view',
  );
}

/** Field → its first column, from (field, position) pairs. */
export function firstPositions(pairs: readonly { field: string; position: number }[]): Map<string, number> {
  const first = new Map<string, number>();
  for (const { field, position } of pairs) {
    if (!first.has(field) || position < first.get(field)!) first.set(field, position);
  }
  return first;
}
