import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { FileError, UserError, errorMessage } from '../errors.js';
import { builtinStages } from '../model/fields.js';
import { mapColumns, type ColumnMapping } from './mapping.js';
import { endsInsideQuotes, inspectFile, type Encoding, type FileFacts } from './sniff.js';
import { openSource, type CsvSource } from './source.js';
import { firstPositions, rebuildVersionsView, versionsOfLoadSql, type VersionLoad } from './versions.js';
import { sqlText } from '../db/sql.js';
import { countOf } from '../text/russian.js';

export interface LoadRequest {
  files: string[];
  config: Config;
  dryRun: boolean;
  /** One rejects CSV for all files; default: `<input>.rejects.csv` beside each input. */
  rejectsFile?: string;
  onProgress?: (file: string, fraction: number) => void;
}

export interface DealCounts {
  new: number;
  updated: number;
  unchanged: number;
  older: number;
}

export interface RejectGroup {
  reason: string;
  /** The file's header of the column at fault, when one is. */
  column: string | null;
  count: number;
  lines: number[];
  dealIds: string[];
}

export interface FileReport {
  file: string;
  status: 'loaded' | 'already_loaded' | 'checked' | 'failed';
  error?: string;
  hint?: string;
  format?: 'csv' | 'xlsx';
  encoding?: Encoding;
  delimiter?: string;
  sha256?: string;
  loadId?: number;
  /** An earlier load of the same bytes. */
  earlierLoad?: { loadId: number; fileName: string; loadedAt: string };
  rowsRead?: number;
  rowsRejected?: number;
  deals?: DealCounts;
  rejects?: RejectGroup[];
  rejectsFile?: string;
  rejectsFileError?: string;
  unknownStages?: { stage: string; count: number; dealIds: string[] }[];
  columns?: { field: string; label: string; headers: string[]; positions: number[]; fromConfig: boolean }[];
  unusedColumns?: { position: number; header: string }[];
  missingFields?: string[];
}

export interface LoadReport {
  dryRun: boolean;
  timeZone: string;
  files: FileReport[];
}

/**
 * Loads amoCRM deal exports of the «Консультация» pipeline. Each file loads whole or — when it cannot be read —
 * leaves the figures as they were (see stageAndStore: its tables are published in one transaction, or dropped).
 * Bad rows are rejected one by one.
 */
export async function loadConsultations(db: Db, request: LoadRequest): Promise<LoadReport> {
  // DuckDB tracks a query's progress only with its progress bar on; its own printing stays off.
  if (request.onProgress) await db.exec('SET enable_progress_bar = true; SET enable_progress_bar_print = false; SET progress_bar_time = 0');
  const files = await loadEach(db, request, (file) => loadFile(db, file, request));
  return { dryRun: request.dryRun, timeZone: request.config.timeZone, files };
}

/**
 * Runs a loader over the request's files, in order: a file that cannot be read becomes a `failed` report (the
 * others still load); rows a load rejected go to `<input>.rejects.csv` beside each input, or all to the one
 * `rejectsFile`. Shared by the consultation and feedback loaders.
 */
export async function loadEach<R extends Pick<FileReport, 'file' | 'status' | 'loadId' | 'rowsRejected' | 'rejectsFile' | 'rejectsFileError'>>(
  db: Db,
  request: { files: string[]; dryRun: boolean; rejectsFile?: string },
  loadOne: (file: string) => Promise<R>,
): Promise<(R | FileReport)[]> {
  const reports: (R | FileReport)[] = [];
  const pending: { rows: RejectRow[]; headers: string[] }[] = [];
  for (const file of request.files) {
    try {
      const fileReport = await loadOne(file);
      reports.push(fileReport);
      if (!request.dryRun && fileReport.status === 'loaded' && fileReport.rowsRejected! > 0) {
        const rows = await db.query<RejectRow>(rejectRowsSql(fileReport.loadId!), { file: path.basename(file) });
        const headers = (await db.all<{ header: string }>('consultations/load_headers', { load_id: fileReport.loadId! })).map((h) => h.header);
        if (request.rejectsFile) pending.push({ rows, headers });
        else await writeRejects(fileReport, rejectsPathFor(file), rows, headers);
      }
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      const problem = error instanceof FileError ? error.problem : error.message;
      // A file of which every row was rejected keeps what was read of it (counts, rejects) in its report.
      const details = error instanceof AllRowsRejected ? error.details : {};
      reports.push({ ...details, file, status: 'failed', error: problem, hint: error.hint });
    }
  }
  if (request.rejectsFile && pending.length > 0) {
    const target = request.rejectsFile;
    const withRejects = reports.filter((f) => f.rowsRejected && f.status === 'loaded');
    try {
      const same = pending.every((p) => p.headers.join('\u0000') === pending[0]!.headers.join('\u0000'));
      await writeRejectsCsv(target, pending.flatMap((p) => p.rows), same ? pending[0]!.headers : undefined);
      for (const f of withRejects) f.rejectsFile = target;
    } catch (error) {
      for (const f of withRejects) f.rejectsFileError = errorMessage(error);
    }
  }
  return reports;
}

/**
 * What a file is and whether these bytes were loaded before (as the same kind): a non-dry load of a known file
 * stops here with status `already_loaded`; a dry run notes the earlier load and goes on.
 */
export async function identifyFile(
  db: Db,
  file: string,
  kind: 'consultations' | 'feedback',
  dryRun: boolean,
): Promise<{ facts: FileFacts; base: FileReport }> {
  const facts = await inspectFile(file);
  const earlier = await db.one<{ load_id: number; file_name: string; loaded_at: string }>('consultations/load_by_sha', {
    kind,
    sha256: facts.sha256,
  });
  const base: FileReport = {
    file,
    status: dryRun ? 'checked' : 'loaded',
    format: facts.format,
    encoding: facts.encoding,
    sha256: facts.sha256,
  };
  if (earlier) {
    base.earlierLoad = { loadId: earlier.load_id, fileName: earlier.file_name, loadedAt: earlier.loaded_at };
    if (!dryRun) base.status = 'already_loaded';
  }
  return { facts, base };
}

async function loadFile(db: Db, file: string, request: LoadRequest): Promise<FileReport> {
  const progress = (fraction: number) => request.onProgress?.(file, Math.min(1, fraction));
  const { facts, base } = await identifyFile(db, file, 'consultations', request.dryRun);
  if (base.status === 'already_loaded') return base;
  const source = await openSource(facts, progress);
  try {
    const mapping = mapColumns(source.headers, request.config);
    if (!mapping.fields.some((f) => f.field === 'deal_id')) {
      throw new FileError(file, 'в выгрузке нет столбца «ID» (номер сделки).', {
        hint: 'Выгрузите сделки из amoCRM со всеми полями или укажите столбец в okno.config.json: "columns": {"deal_id": "…"}.',
      });
    }
    const describe = describeMapping(mapping);
    // The fast parallel CSV reader first; a file it cannot take is read again, whole, the careful way.
    const attempt = (careful: boolean) => stageAndStore(db, facts, source, mapping, request, progress, careful);
    let stored: Partial<FileReport>;
    try {
      stored = await attempt(false);
    } catch (error) {
      if (!(error instanceof FastCsvFailed)) throw error;
      stored = await attempt(true);
    }
    progress(1);
    return { ...base, delimiter: source.delimiter, ...describe, ...stored };
  } finally {
    await source.dispose();
  }
}

async function stageAndStore(
  db: Db,
  facts: FileFacts,
  source: CsvSource,
  mapping: ColumnMapping,
  request: LoadRequest,
  progress: (fraction: number) => void,
  careful: boolean,
): Promise<Partial<FileReport>> {
  const { listValue } = await import('@duckdb/node-api');
  const dryRun = request.dryRun;
  const loadId = dryRun ? 0 : (await db.one<{ load_id: number }>('consultations/next_load_id'))!.load_id;
  const rawTable = dryRun ? 'okno_dry_raw' : `raw.load_${loadId}`;
  const parsing = dryRun ? 'okno_dry_parsed' : 'raw.parsing';
  let published = false;
  // The heavy statements run outside a transaction: DuckDB reads and parses in parallel only what is committed.
  // Until the load is published (one transaction at the end) nothing reads its two tables; a failure drops them.
  try {
    await readRaw(db, facts, source, rawTable, progress, careful);
    await db.exec(stagedViewSql(rawTable, mapping, { bases: true, committed: true }), undefined, 'staged view');
    await db.run('consultations/stage_map_create');
    const stages = Object.entries({ ...builtinStages, ...request.config.stages });
    await db.run('consultations/stage_map_add', {
      names: listValue(stages.map(([name]) => name)),
      codes: listValue(stages.map(([, code]) => code)),
    });
    await db.run('consultations/field_header_add', {
      fields: listValue(mapping.fields.map((f) => f.field)),
      headers: listValue(mapping.fields.map((f) => f.headers[0]!)),
    });
    await db.setTimeZone(request.config.timeZone);
    const codes = await db.all<{ cell: string; code: string | null }>('consultations/stage_codes');
    // A list parameter cannot be empty (its type would be unknown); an empty cell is never looked up (it reads as null).
    if (codes.length === 0) codes.push({ cell: '', code: null });
    await db.exec(`create or replace ${dryRun ? 'temp ' : ''}table ${parsing} as ${sqlText('consultations/parse_rows')}`, {
      stage_raws: listValue(codes.map((c) => c.cell)),
      stage_codes: listValue(codes.map((c) => c.code)),
    }, 'consultations/parse_rows');
    await ensureAligned(db, rawTable, parsing);
    const load: VersionLoad = {
      loadId,
      rawTable,
      parsedTable: parsing,
      firstPosition: firstPositions(mapping.fields.flatMap((f) => f.positions.map((position) => ({ field: f.field, position })))),
    };
    const dealColumn = `c${load.firstPosition.get('deal_id')!}`;
    await db.exec(
      `create or replace temp view parsed as ${versionsOfLoadSql(load, {
        extra: ['p.is_version', 'p.reject_reason', 'p.reject_field', 'p.reject_value', `okno_text(r.${dealColumn}) as deal_id_text`],
        where: 'not p.is_blank',
      })}`,
      undefined,
      'parsed view',
    );
    progress(0.95);

    const counts = (await db.one<Record<string, number>>('consultations/classify'))!;
    if (counts.rows_read === 0) throw new FileError(facts.path, 'в файле нет строк с данными, только заголовок.');
    const rejects = await rejectGroups(db);
    if (counts.rows_rejected === counts.rows_read) {
      throw await allRowsRejected(db, facts.path, counts.rows_read!, rejects, {
        hint: 'Проверьте, что это выгрузка сделок из amoCRM (даты вида 15.10.2026 10:00:00); если столбцы называются иначе, укажите их в okno.config.json: "columns".',
        details: { format: facts.format, encoding: facts.encoding, delimiter: source.delimiter, ...describeMapping(mapping) },
      });
    }
    const unknownStages = (await db.all<{ stage: string; count: number; deal_ids: string[] }>('consultations/unknown_stages')).map(
      (s) => ({ stage: s.stage, count: s.count, dealIds: s.deal_ids }),
    );
    const deals: DealCounts = {
      new: counts.deals_new!,
      updated: counts.deals_updated!,
      unchanged: counts.deals_unchanged!,
      older: counts.deals_older!,
    };

    if (!dryRun) {
      // Only a deal the database holds can bring a version it holds already.
      if (deals.updated + deals.unchanged + deals.older > 0) await db.run('consultations/mark_known_versions');
      await db.transaction(async () => {
        await recordLoad(db, {
          loadId,
          kind: 'consultations',
          facts,
          source,
          mapping,
          timeZone: request.config.timeZone,
          rawTable,
          parsedTable: `raw.parsed_${loadId}`,
          rowsRead: counts.rows_read!,
          rowsRejected: counts.rows_rejected!,
          counts: deals,
        });
        await db.exec('drop view parsed');
        await db.exec(`alter table raw.parsing rename to parsed_${loadId}`);
        await rebuildVersionsView(db);
        await db.run('meta_set', { key: 'time_zone', value: request.config.timeZone });
      });
      published = true;
    }
    return {
      loadId: dryRun ? undefined : loadId,
      rowsRead: counts.rows_read!,
      rowsRejected: counts.rows_rejected!,
      deals,
      rejects,
      unknownStages,
    };
  } finally {
    if (!published) {
      await db.exec(`drop view if exists parsed; drop table if exists ${parsing}; drop table if exists ${rawTable}`).catch(() => undefined);
    }
  }
}

/**
 * The typed table must line up with the raw one row for row (view `deal_versions` joins them by position).
 * DuckDB keeps a projection's order, and parse_rows.sql is one; should a future DuckDB reorder it all the same,
 * the rows are put back in order here, never stored out of line.
 */
export async function ensureAligned(db: Db, rawTable: string, parsing: string): Promise<void> {
  const misplaced = async () =>
    (await db.query<{ n: number }>(
      `select count(*)::integer as n from (select rowid as rid from ${rawTable}) r
       positional join (select line_no from ${parsing}) p
       where p.line_no is distinct from r.rid + 2`,
    ))[0]!.n;
  if ((await misplaced()) === 0) return;
  await db.exec(`create or replace ${parsing.startsWith('raw.') ? '' : 'temp '}table ${parsing} as select * from ${parsing} order by line_no`);
  if ((await misplaced()) !== 0) throw new Error(`${parsing} does not line up with ${rawTable}`);
}

/**
 * Records a load inside its transaction: the `loads` row, each column's header and field, and the rejected rows
 * of the temp table `parsed`. `counts` are deals for a consultation export, responses (new → new, known →
 * unchanged) for a feedback export.
 */
export async function recordLoad(
  db: Db,
  load: {
    loadId: number;
    kind: 'consultations' | 'feedback';
    facts: FileFacts;
    source: CsvSource;
    mapping: ColumnMapping;
    timeZone: string;
    rawTable: string;
    /** The typed half of a consultation load (schema 6); none for feedback. */
    parsedTable?: string;
    rowsRead: number;
    rowsRejected: number;
    counts: DealCounts;
  },
): Promise<void> {
  const { listValue } = await import('@duckdb/node-api');
  const { facts, mapping } = load;
  await db.run('consultations/insert_load', {
    load_id: load.loadId,
    kind: load.kind,
    file_name: path.basename(facts.path),
    file_path: path.resolve(facts.path),
    sha256: facts.sha256,
    size_bytes: facts.size,
    format: facts.format,
    encoding: facts.encoding ?? null,
    delimiter: facts.format === 'csv' ? load.source.delimiter : null,
    tz: load.timeZone,
    rows_read: load.rowsRead,
    rows_rejected: load.rowsRejected,
    deals_new: load.counts.new,
    deals_updated: load.counts.updated,
    deals_unchanged: load.counts.unchanged,
    deals_older: load.counts.older,
    raw_table: load.rawTable,
    parsed_table: load.parsedTable ?? null,
    now: db.now(),
  });
  await db.run('consultations/insert_load_column', {
    load_id: load.loadId,
    headers: listValue(mapping.headers),
    fields: listValue(mapping.headers.map((_, i) => mapping.fields.find((f) => f.positions.includes(i + 1))?.field ?? null)),
  });
  await db.run('consultations/insert_rejects', { load_id: load.loadId });
}

/** The fast CSV reader failed; the load starts over in careful mode. */
class FastCsvFailed extends Error {}

/**
 * CSV parsing is DuckDB's: every column as VARCHAR, named c1..cN by position (headers are matched in JS); a row's
 * number comes from its rowid (see stagedViewSql). The fast parallel reader takes well-formed files; careful mode
 * reads single-threaded with null padding for short rows (DuckDB cannot pad in parallel with quoted newlines) and
 * rows over 2 MB (a larger max_line_size slows the fast reader by a sixth).
 */
export async function readRaw(
  db: Db,
  facts: FileFacts,
  source: CsvSource,
  rawTable: string,
  progress: (f: number) => void,
  careful: boolean,
) {
  if (careful && (await endsInsideQuotes(source.csvPath))) {
    throw new FileError(facts.path, 'файл обрывается внутри кавычек: он обрезан или в каком-то поле не закрыта кавычка.', {
      hint: 'Выгрузите файл из amoCRM заново; если открывали его в редакторе — проверьте кавычки в заметках.',
    });
  }
  const { quotedString } = await import('@duckdb/node-api');
  const columns = source.headers.map((_, i) => `${quotedString(`c${i + 1}`)}: 'VARCHAR'`).join(', ');
  const read = `read_csv($path, header = false, skip = $skip, delim = $delim, quote = '"', escape = '"',
      auto_detect = false, strict_mode = false,
      ${careful ? 'null_padding = true, parallel = false, max_line_size = 16777216,' : ''} columns = {${columns}})`;
  const params = { path: source.csvPath, skip: source.skip, delim: source.delimiter };
  // A table in the database file gets each column's compression chosen up front (see rawColumnCompression); a
  // temporary one lives in memory, uncompressed. The careful reader is for odd files: DuckDB chooses there.
  const stored = rawTable.startsWith('raw.');
  const base = facts.format === 'xlsx' ? 0.6 : facts.encoding === 'windows-1251' ? 0.3 : 0;
  const timer = setInterval(() => {
    const pct = db.connection.progress.percentage;
    if (pct > 0) progress(base + ((0.9 - base) * pct) / 100);
  }, 200);
  try {
    if (stored && !careful) {
      const methods = await rawColumnCompression(db, read, params, source.headers.length);
      const columnDefs = methods.map((method, i) => `c${i + 1} varchar using compression ${method}`);
      await db.connection.run(`create or replace table ${rawTable} (${columnDefs.join(', ')})`);
      await db.connection.run(`insert into ${rawTable} select * from ${read}`, params);
    } else {
      await db.connection.run(`create or replace ${stored ? '' : 'temp '}table ${rawTable} as select * from ${read}`, params);
    }
  } catch (error) {
    if (!careful) throw new FastCsvFailed(errorMessage(error), { cause: error });
    throw new FileError(facts.path, `не удалось разобрать CSV: ${describeCsvError(errorMessage(error))}`, {
      hint: 'Проверьте, что файл — полная выгрузка (не обрезан) и кавычки в нём закрыты.',
      cause: error,
    });
  } finally {
    clearInterval(timer);
  }
}

/** The staged load's rejected rows grouped by reason (queries/consultations/reject_summary.sql; feedback loads too). */
export async function rejectGroups(db: Db): Promise<RejectGroup[]> {
  const rows = await db.all<{ reason: string; header: string | null; count: number; lines: number[]; deal_ids: string[] | null }>(
    'consultations/reject_summary',
  );
  return rows.map((r) => ({ reason: r.reason, column: r.header, count: r.count, lines: r.lines, dealIds: r.deal_ids ?? [] }));
}

/** Every row with data of a file was rejected: the load fails (README «Exit codes»); `details` go into its report. */
export class AllRowsRejected extends FileError {
  constructor(file: string, problem: string, hint: string, readonly details: Partial<FileReport>) {
    super(file, problem, { hint });
    this.name = 'AllRowsRejected';
  }
}

/** The first rejected row of a reject group of the staged file (its line, field and cell). */
export interface RejectExample {
  line_no: number;
  field: string | null;
  value: string | null;
}

/**
 * The refusal of a staged file every row of which was rejected: the commonest reason (the first of `rejects`), its
 * count and its first row, unless `explain` words it better for that example.
 */
export async function allRowsRejected(
  db: Db,
  file: string,
  rowsRead: number,
  rejects: RejectGroup[],
  options: { hint: string; details?: Partial<FileReport>; explain?: (example: RejectExample, group: RejectGroup) => string | undefined },
): Promise<AllRowsRejected> {
  const top = rejects[0]!;
  const example = (await db.one<RejectExample>('consultations/reject_example', { reason: top.reason, header: top.column }))!;
  const reason = top.column ? `${top.reason} в «${top.column}»` : top.reason;
  const instance = example.value === null ? `строка ${example.line_no}` : `«${example.value}», строка ${example.line_no}`;
  const none = rowsRead === 1 ? 'единственная строка не принята' : `ни одна из ${countOf(rowsRead, ['строки', 'строк', 'строк'])} не принята`;
  const problem =
    options.explain?.(example, top) ??
    (top.count === rowsRead
      ? `${none}: ${reason} (например ${instance}).`
      : `${none}: чаще всего — ${reason} (${countOf(top.count, ['строка', 'строки', 'строк'])}; например ${instance}).`);
  return new AllRowsRejected(file, problem, options.hint, { ...options.details, rowsRead, rowsRejected: rowsRead, rejects });
}

/** Rows of the file that decide each raw column's compression. */
const compressionSampleRows = 10_000;

/**
 * The compression of each raw column, from the first rows of the file: dictionary for a column of few distinct
 * values or none (an export's many empty columns; left to DuckDB, they cost as much analysis as full ones), FSST
 * for free text. Left to itself,
 * DuckDB analyses every string method on every segment of every column before it writes one; for the bench's
 * 84-column export that analysis was about a fifth of the write, and choosing up front gives the same file size
 * (DuckDB itself ends up with dictionary or FSST for every filled column; this estimate differs on a few).
 * The estimate per column, in bytes for the sample's n filled cells of total length L with d distinct values:
 * dictionary ≈ L·d/n (each distinct value once) + n·⌈log2(d+1)⌉/8 (the codes); FSST ≈ 0.45·L + n/2.
 * d is DuckDB's approx_count_distinct (HyperLogLog: at these sizes up to about a sixth off, which moves only
 * columns near the line between the methods; compression is lossless either way): exact counts of 85 columns
 * took 0.35 s of a 3,000-row load's 1.3 s, the estimate 0.13 s, and chose the same method for every column of the
 * bench's exports.
 */
async function rawColumnCompression(
  db: Db,
  read: string,
  params: Record<string, string | number>,
  count: number,
): Promise<string[]> {
  const col = (i: number) => `c${i + 1}`;
  const stats = Array.from({ length: count }, (_, i) =>
    `[count(${col(i)}), approx_count_distinct(${col(i)}), coalesce(sum(strlen(${col(i)})), 0)]::bigint[] as ${col(i)}`);
  const reader = await db.connection.runAndReadAll(
    `select ${stats.join(', ')} from (select * from ${read} limit ${compressionSampleRows})`,
    params,
  );
  const row = reader.getRowObjectsJS()[0] as Record<string, bigint[]>;
  return Array.from({ length: count }, (_, i) => {
    const [filled, distinct, length] = row[col(i)]!.map(Number) as [number, number, number];
    return compressionFor(filled, distinct, length);
  });
}

/** See rawColumnCompression: the method for a sample column of `filled` cells, `distinct` values, `length` bytes. */
export function compressionFor(filled: number, distinct: number, length: number): 'dictionary' | 'fsst' {
  if (filled === 0) return 'dictionary';
  const dictionary = (length * distinct) / filled + (filled * Math.ceil(Math.log2(distinct + 1))) / 8;
  const fsst = 0.45 * length + filled / 2;
  return dictionary <= fsst ? 'dictionary' : 'fsst';
}

/** DuckDB's CSV error, told in Russian where we recognise it. */
function describeCsvError(message: string): string {
  const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
  const where = line ? ` (около строки ${Number(line)} файла)` : '';
  if (/unterminated quote|quoted value|quote/i.test(message)) return `незакрытая кавычка${where}.`;
  if (/Expected Number of Columns|columns/i.test(message)) return `в строке не столько столбцов, сколько в заголовке${where}.`;
  if (/Invalid unicode|UTF-8/i.test(message)) return `недопустимые символы${where}.`;
  return message.split('\n')[0]!;
}

/**
 * The staging view: one VARCHAR column per canonical field, over the raw columns the mapping chose. `bases` adds
 * base_<field>, the field's first raw cell as is (parse_rows.sql stores a text only where it differs from it).
 * `committed`: the raw table was created outside a transaction, so its rowids count from 0.
 */
export function stagedViewSql(rawTable: string, mapping: ColumnMapping, options: { bases?: boolean; committed?: boolean } = {}): string {
  const col = (position: number) => `c${position}`;
  const select = mapping.fields.map((f) =>
    f.positions.length === 1
      ? `${col(f.positions[0]!)} as ${f.field}`
      : `concat_ws(chr(10) || chr(10), ${f.positions.map(col).join(', ')}) as ${f.field}`,
  );
  for (const spec of mapping.missing) select.push(`null::varchar as ${spec.field}`);
  if (options.bases) {
    for (const f of mapping.fields) select.push(`${col(f.positions[0]!)} as base_${f.field}`);
    for (const spec of mapping.missing) select.push(`null::varchar as base_${spec.field}`);
  }
  // Blank means no mapped cell filled: checking every column would read all of a wide export again.
  const mapped = mapping.fields.flatMap((f) => f.positions.map(col));
  // Row numbers come from rowid: DuckDB keeps read_csv's order in the table it creates (preserve_insertion_order),
  // and rowids count from an offset while the load's transaction is open, from 0 after. A window function over the
  // read would cost a quarter of the load.
  const lineNo = options.committed ? 'rowid + 2' : `rowid - (select min(rowid) from ${rawTable}) + 2`;
  return `create or replace temp view staged as
    select (${lineNo})::integer as line_no,
           coalesce(${mapped.join(', ')}) is null as is_blank, ${select.join(', ')}
    from ${rawTable}`;
}

export function describeMapping(mapping: ColumnMapping): Partial<FileReport> {
  return {
    columns: mapping.fields.map(({ field, label, headers, positions, fromConfig }) => ({ field, label, headers, positions, fromConfig })),
    unusedColumns: mapping.unused,
    missingFields: mapping.missing.filter((m) => !m.optional).map((m) => m.label),
  };
}

export interface RejectRow {
  file: string;
  line_no: number;
  deal_id: string | null;
  reason: string;
  header: string | null;
  value: string | null;
  raw: (string | null)[];
}

/** Rejected rows of a stored load with their original cells (SQL from identifiers only). */
export function rejectRowsSql(loadId: number): string {
  return `select $file as file, j.line_no, j.deal_id, j.reason, j.field as header, j.value,
      list_value(*columns(r.* exclude (line_no))) as raw
    from load_rejects j
    join (select rowid + 2 as line_no, * from raw.load_${loadId}) r on r.line_no = j.line_no
    where j.load_id = ${loadId}
    order by j.line_no`;
}

export function rejectsPathFor(file: string): string {
  const parsed = path.parse(file);
  return path.join(parsed.dir, `${parsed.name}.rejects.csv`);
}

export async function writeRejects(report: Pick<FileReport, 'rejectsFile' | 'rejectsFileError'>, target: string, rows: RejectRow[], headers: string[]) {
  try {
    await writeRejectsCsv(target, rows, headers);
    report.rejectsFile = target;
  } catch (error) {
    report.rejectsFileError = errorMessage(error);
  }
}

/**
 * UTF-8 with BOM and «;», so Excel with Russian settings opens it as a table: the diagnosis, then the row as
 * exported (under its own headers when all rows share them).
 */
export async function writeRejectsCsv(target: string, rows: RejectRow[], headers?: string[]) {
  const out = createWriteStream(target);
  const field = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[";\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const width = Math.max(0, ...rows.map((r) => r.raw.length));
  const header = ['Файл', 'Строка', 'ID сделки', 'Причина', 'Столбец', 'Значение'];
  for (let i = 1; i <= width; i++) header.push(headers?.[i - 1] ?? `Столбец ${i}`);
  out.write('\uFEFF' + header.join(';') + '\r\n');
  for (const r of rows) {
    const line = [r.file, r.line_no, r.deal_id, r.reason, r.header, r.value, ...r.raw].map(field).join(';') + '\r\n';
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
