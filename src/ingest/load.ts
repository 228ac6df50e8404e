// The one loader: identify → read → read_csv → stage → classify → record → rejects. Consultation and feedback
// exports each supply a `LoadKind`: their field spec, their parse SQL, their checks and what they store. A file
// loads whole or not at all: nothing anything reads is written until one transaction publishes the load (the
// original's parts, stored meanwhile under the load's id, count only once its `loads` row exists), so a failure,
// Ctrl+C or kill -9 before it leaves the figures as they were (README «How a load is stored»).
import { duckdb } from '../db/duckdb.js';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import type { Config } from '../config.js';
import type { Db, Params } from '../db/database.js';
import { sqlText } from '../db/sql.js';
import { FileError, errorMessage } from '../errors.js';
import { writeReason } from '../files/atomic.js';
import { countOf } from '../text/russian.js';
import { spreadsheetText } from '../text/spreadsheet.js';
import type { ColumnMapping } from './mapping.js';
import { codec, keepOriginal } from './original.js';
import { inspectFile, type Encoding, type FileFacts } from './sniff.js';
import { openSource, type CsvSource } from './source.js';

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
  status: 'loaded' | 'already_loaded' | 'checked' | 'failed' | 'stopped';
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
  /** The file's last row was cut off (a download interrupted): it is rejected, the rest loads. */
  truncated?: boolean;
  /** What reading the file noticed that did not stop it (invalid bytes, mixed encodings), by row. */
  warnings?: CsvSource['warnings'];
  deals?: DealCounts;
  rejects?: RejectGroup[];
  rejectsFile?: string;
  rejectsFileError?: string;
  unknownStages?: { stage: string; count: number; dealIds: string[] }[];
  columns?: { field: string; label: string; headers: string[]; positions: number[]; fromConfig: boolean }[];
  unusedColumns?: { position: number; header: string }[];
  missingFields?: string[];
}

/** DuckDB's memory during a load; with node's own, a 1,000,000-row load peaked at 1.4 GB (2.0 GB without a limit). */
export const loadMemoryLimit = '700MB';

/**
 * DuckDB's WAL size that triggers a checkpoint, during a load. The original's parts are committed one by one
 * (storeOriginal), and a checkpoint rewrites the whole row group they share: at DuckDB's default (16 MB) one came
 * every ten parts, each rewriting every part stored so far, so storing grew with the square of the file (300 parts
 * of 1.5 MB alone: 23 s against 3.5 s), the 4,000,000-row export waited two minutes after its parse for its
 * original, and the blocks each rewrite left behind stayed in the file (the 1,000,000-row load's database: 413 MB
 * against 266 MB; its time did not change measurably). Parts not yet checkpointed stay in DuckDB's memory, so the
 * threshold cannot be unbounded: at 64 GB the 4,000,000-row load ran out of `loadMemoryLimit`; at 128 MB it was
 * slower than at 256 MB.
 */
export const loadCheckpointThreshold = '256MB';

/** The reason of a rejected cut-off last row (README «Rejected rows»). */
export const cutRowReason = 'строка обрезана';

/** What one kind of export adds to the loader. */
export interface LoadKind<R extends FileReport> {
  kind: 'consultations' | 'feedback';
  /** The export's columns matched to the kind's fields; throws FileError when a required one is missing. */
  map(file: string, headers: string[]): ColumnMapping;
  /** The named query that creates temp table `parsed` from `staged`, and its parameters (see ParseQuery). */
  parse(db: Db, mapping: ColumnMapping): Promise<ParseQuery>;
  /**
   * Looks at the parsed rows before anything is stored (counts, refusals: throw a FileError to refuse the file).
   * `rows` are the rows with data, rejected ones included.
   */
  examine(db: Db, context: { facts: FileFacts; source: CsvSource; mapping: ColumnMapping; rows: RowCounts; rejects: RejectGroup[]; dryRun: boolean }): Promise<Partial<R>>;
  /** The counts of the `loads` row, from what examine found. */
  loadCounts(found: Partial<R>): DealCounts;
  /** Stores the load's rows, inside the transaction that publishes it; what it returns joins the report. */
  publish(db: Db, loadId: number, found: Partial<R>): Promise<Partial<R>>;
  /** Keep the original file in the database (every kind but survey answers, which must not be kept). */
  keepOriginal: boolean;
}

/**
 * A kind's parse. Its query creates temp table `parsed` (line_no, deal_id_text, reject_reason, reject_field,
 * reject_value, and what the kind stores) from `staged` (is_blank, one VARCHAR column per field).
 *
 * A query that `keepsOrder` is a projection of `staged` and nothing else: select lists and CTEs of them, no join,
 * filter, grouping or window. DuckDB keeps the file's row order through such a query (duckdb.org/docs/stable/sql/
 * dialect/order_preservation), so `staged` is the parallel read of the file itself, `parsed` has every record in
 * the file's order, blank ones included (with `is_blank`, without `line_no`), and the loader numbers its rows by
 * `rowid` and drops the blank ones. Otherwise `staged` is a temp table numbered that way first (with `line_no`),
 * and the query keeps the non-blank rows itself: a second pass over the file's cells, for small exports only.
 */
export interface ParseQuery {
  query: string;
  params?: Params;
  keepsOrder: boolean;
}

export interface RowCounts {
  read: number;
  rejected: number;
}

/** What a load command asks: the same for every kind of export. */
export interface LoadRequest {
  files: string[];
  config: Config;
  dryRun: boolean;
  /** One rejects CSV for all files; default: `<input>.rejects.csv` beside each input. */
  rejectsFile?: string;
  onProgress?: (file: string, fraction: number) => void;
  /** Stops the load between steps (Ctrl+C, SIGTERM); DuckDB's running statement is interrupted by the caller. */
  signal?: AbortSignal;
}

/**
 * Loads files one after another: a file that cannot be read becomes a `failed` report (the others still load);
 * rows a load rejected go to `<input>.rejects.csv` beside each input, or all to the one `rejectsFile`.
 */
export async function loadFiles<R extends FileReport>(db: Db, options: LoadRequest, kind: LoadKind<R>): Promise<(R | FileReport)[]> {
  // DuckDB keeps the parsed rows in a temp table: past this it spills them to disk (README «How a load is stored»).
  await db.exec(`SET memory_limit = '${loadMemoryLimit}'`);
  await db.exec(`SET checkpoint_threshold = '${loadCheckpointThreshold}'`);
  // The rows of a read are numbered by rowid in the file's order (ParseQuery): DuckDB's default, stated.
  await db.exec('SET preserve_insertion_order = true');
  if (options.onProgress) await db.exec('SET enable_progress_bar = true; SET enable_progress_bar_print = false; SET progress_bar_time = 0');
  try {
    return await loadEach(db, options, kind);
  } finally {
    // The command may go on writing (okno demo, a survey's import): DuckDB's own threshold again.
    await db.exec('RESET checkpoint_threshold').catch(() => undefined);
  }
}

async function loadEach<R extends FileReport>(db: Db, options: LoadRequest, kind: LoadKind<R>): Promise<(R | FileReport)[]> {
  const reports: (R | FileReport)[] = [];
  const pending: { report: FileReport; rows: RejectRow[]; headers: string[] }[] = [];
  for (const [at, file] of options.files.entries()) {
    if (options.signal?.aborted && reports.some((r) => r.status === 'loaded' && !options.dryRun)) {
      // Stopped after a file was stored: what is stored is reported as loaded, the files after it as not loaded.
      for (const rest of options.files.slice(at)) reports.push({ file: rest, status: 'stopped' });
      break;
    }
    options.signal?.throwIfAborted();
    try {
      const report = await loadFile(db, file, kind, options);
      reports.push(report);
      if (!options.dryRun && report.status === 'loaded' && report.rowsRejected! > 0) {
        // The load is committed: a stop from here on lets its rejected rows be written and reported.
        await db.finishing(async () => {
          const rows = await db.all<RejectRow>('load/reject_rows', { load_id: report.loadId!, file: path.basename(file) });
          const headers = (await db.all<{ header: string }>('consultations/load_headers', { load_id: report.loadId! })).map((h) => h.header);
          if (options.rejectsFile) pending.push({ report, rows, headers });
          else await writeRejects(report, rejectsPathFor(file), rows, headers);
        });
      }
    } catch (error) {
      if (options.signal?.aborted && !options.dryRun && reports.some((r) => r.status === 'loaded')) {
        // Stopped while this file loaded (nothing of it is stored), after earlier files were: those stay loaded.
        for (const rest of options.files.slice(at)) reports.push({ file: rest, status: 'stopped' });
        break;
      }
      // Only a file's own fault fails just that file; a disk that is full or read-only stops the command.
      if (!(error instanceof FileError) || options.signal?.aborted) throw error;
      // A file of which every row was rejected keeps what was read of it (counts, rejects) in its report.
      const details = error instanceof AllRowsRejected ? error.details : {};
      reports.push({ ...details, file, status: 'failed', error: error.problem, hint: error.hint });
    }
  }
  if (options.rejectsFile && pending.length > 0) {
    const same = pending.every((p) => p.headers.join('\u0000') === pending[0]!.headers.join('\u0000'));
    const report: Pick<FileReport, 'rejectsFile' | 'rejectsFileError'> = {};
    await writeRejects(report, options.rejectsFile, pending.flatMap((p) => p.rows), same ? pending[0]!.headers : undefined);
    for (const p of pending) Object.assign(p.report, report);
  }
  return reports;
}

async function loadFile<R extends FileReport>(db: Db, file: string, kind: LoadKind<R>, options: LoadRequest): Promise<R | FileReport> {
  const progress = (fraction: number) => options.onProgress?.(file, Math.min(1, fraction));
  const { facts, base } = await identifyFile(db, file, kind.kind, options.dryRun);
  if (base.status === 'already_loaded') return base;
  // The original is compressed on libuv's threads and stored by a second connection from the start, while the file
  // is read (transcoded, an XLSX's sheet converted) and DuckDB parses; its parts carry the load's id and are
  // published with it (or removed: see removeUnpublished). A file that fails stops it.
  // Parts no load names (a killed load's, or a failed one's whose removal failed too) go before this file's are
  // stored under the next id: `load_files` has no key to refuse a second part 0 (schema 12), and a failure here
  // stops the command (a disk that cannot take a delete will not take the load).
  if (!options.dryRun) await removeUnpublished(db);
  const loadId = options.dryRun ? 0 : (await db.one<{ load_id: number }>('consultations/next_load_id'))!.load_id;
  const failed = new AbortController();
  const original = kind.keepOriginal && !options.dryRun
    ? storeOriginal(db, loadId, facts, options.signal ? AbortSignal.any([options.signal, failed.signal]) : failed.signal)
    : undefined;
  original?.catch(() => undefined);
  let disposeSource: CsvSource['dispose'] | undefined;
  let published = false;
  try {
    const source = await openSource(facts, progress);
    disposeSource = source.dispose;
    const mapping = kind.map(file, source.headers);
    await db.setTimeZone(options.config.timeZone);
    await recordFieldHeaders(db, mapping);
    await stage(db, facts, source, mapping, await kind.parse(db, mapping), progress, options.signal);
    if (source.cut) await addCutRow(db, source, mapping);
    progress(0.95);
    const rows = (await db.one<{ read: number; rejected: number }>('load/row_counts'))!;
    if (rows.read === 0) throw new FileError(facts.path, kind.kind === 'feedback' ? 'в файле нет ответов, только заголовок.' : 'в файле нет строк с данными, только заголовок.');
    const rejects = await rejectGroups(db);
    const found = await kind.examine(db, { facts, source, mapping, rows, rejects, dryRun: options.dryRun });
    const report: FileReport = {
      ...base,
      delimiter: source.delimiter,
      ...describeMapping(mapping),
      rowsRead: rows.read,
      rowsRejected: rows.rejected,
      rejects,
      ...(source.cut ? { truncated: true } : {}),
      ...(source.warnings && source.warnings.length > 0 ? { warnings: source.warnings } : {}),
    };
    if (options.dryRun) {
      progress(1);
      return { ...report, ...found } as R;
    }
    if (rows.rejected > 0) await collectRejectCells(db, source);
    if (original) await original;
    options.signal?.throwIfAborted();
    const stored = await db.transaction(async () => {
      await recordLoad(db, { loadId, kind: kind.kind, facts, source, mapping, timeZone: options.config.timeZone, rows, counts: kind.loadCounts(found) });
      const stored = await kind.publish(db, loadId, found);
      await db.run('meta_set', { key: 'time_zone', value: options.config.timeZone });
      return stored;
    });
    published = true;
    progress(1);
    return { ...report, ...found, ...stored, loadId } as R;
  } finally {
    if (!published) failed.abort();
    if (original) await original.catch(() => undefined);
    if (!published && original) await removeUnpublished(db).catch(() => undefined);
    // `staged` is a view or a table (ParseQuery): dropping it as the other kind fails, so each drop stands alone.
    for (const drop of ['drop view if exists staged', 'drop table if exists staged', 'drop table if exists parsed', 'drop table if exists reject_cells']) {
      await db.exec(drop).catch(() => undefined);
    }
    await disposeSource?.();
  }
}

/**
 * What a file is and whether these bytes were loaded before (as the same kind): a non-dry load of a known file
 * stops here with status `already_loaded`; a dry run notes the earlier load and goes on.
 */
export async function identifyFile(db: Db, file: string, kind: 'consultations' | 'feedback', dryRun: boolean): Promise<{ facts: FileFacts; base: FileReport }> {
  const facts = await inspectFile(file);
  const earlier = await db.one<{ load_id: number; file_name: string; loaded_at: string }>('consultations/load_by_sha', { kind, sha256: facts.sha256 });
  const base: FileReport = { file, status: dryRun ? 'checked' : 'loaded', format: facts.format, encoding: facts.encoding, sha256: facts.sha256 };
  if (earlier) {
    base.earlierLoad = { loadId: earlier.load_id, fileName: earlier.file_name, loadedAt: earlier.loaded_at };
    if (!dryRun) base.status = 'already_loaded';
  }
  return { facts, base };
}

/**
 * The `read_csv` of a source: every column as VARCHAR, named c1..cN by position (headers are matched in JS). The
 * first read is DuckDB's usual one; a file it cannot take is read in careful mode: null padding for short rows
 * (with parallel = false: DuckDB cannot pad in parallel with quoted newlines) and rows up to 16 MB (a larger
 * max_line_size slows the usual read). `new_line` is stated unless every record ends in CRLF (CsvSource.newline). A `numbered` read (`with ordinality`) numbers the records in file order
 * where a query needs the numbers while it filters: DuckDB runs it on one thread, so the loader's main read is
 * numbered by rowid instead (see ParseQuery). A row's line is its record number + 1: the header is row 1, and an
 * XLSX's sheet has an empty line for each missing row, so its numbers stay the sheet's.
 */
export async function csvReadSql(source: CsvSource, options: { careful: boolean; numbered?: boolean }): Promise<string> {
  const { quotedString } = duckdb();
  const columns = source.headers.map((_, i) => `${quotedString(`c${i + 1}`)}: 'VARCHAR'`).join(', ');
  return `read_csv(${quotedString(source.csvPath)}, header = false, skip = ${Math.trunc(source.skip)}, delim = ${quotedString(source.delimiter)},
      quote = '"', escape = '"', auto_detect = false, strict_mode = false,${source.newline ? " new_line = '\\n'," : ''}
      ${options.careful ? 'null_padding = true, parallel = false, max_line_size = 16777216,' : ''} columns = {${columns}})${options.numbered ? ' with ordinality' : ''}`;
}

/**
 * `staged` and, from it, the kind's temp table `parsed` with its rows numbered: one read of the file, only the
 * mapped columns materialised. A file the fast reader cannot take is read again the careful way.
 */
async function stage(
  db: Db,
  facts: FileFacts,
  source: CsvSource,
  mapping: ColumnMapping,
  parse: ParseQuery,
  progress: (f: number) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  const base = facts.format === 'xlsx' ? 0.6 : facts.encoding === 'windows-1251' ? 0.3 : 0;
  const timer = setInterval(() => {
    const pct = db.connection.progress.percentage;
    if (pct > 0) progress(base + ((0.9 - base) * pct) / 100);
  }, 200);
  try {
    for (const careful of [false, true]) {
      signal?.throwIfAborted();
      const staged = stagedSql(await csvReadSql(source, { careful }), mapping);
      try {
        if (parse.keepsOrder) {
          await db.exec(`create or replace temp view staged as ${staged}`, undefined, 'staged view');
          await db.run(parse.query, parse.params);
          await numberRows(db, 'parsed');
        } else {
          await db.exec(`create or replace temp table staged as ${staged}`, undefined, 'staged table');
          await numberRows(db, 'staged', { keepBlank: true });
          await db.run(parse.query, parse.params);
        }
        return;
      } catch (error) {
        if (signal?.aborted || !isCsvError(error)) throw error;
        if (careful) {
          throw new FileError(facts.path, `не удалось разобрать CSV: ${describeCsvError(errorMessage(error))}`, {
            hint: 'Проверьте, что файл — полная выгрузка (не обрезан) и кавычки в нём закрыты.',
            cause: error,
          });
        }
      }
    }
  } finally {
    clearInterval(timer);
  }
}

/**
 * Numbers the rows of a temp table made from the read in the file's order: `line_no` = rowid + 2 (rowid counts
 * from 0, the header is line 1); then the blank rows go, unless kept for a parse that skips them itself.
 */
async function numberRows(db: Db, table: 'parsed' | 'staged', options: { keepBlank?: boolean } = {}): Promise<void> {
  await db.exec(`alter table ${table} add column line_no integer`, undefined, 'number rows');
  await db.exec(`update ${table} set line_no = (rowid + 2)::integer`, undefined, 'number rows');
  if (!options.keepBlank) {
    await db.exec(`delete from ${table} where is_blank`, undefined, 'number rows');
    await db.exec(`alter table ${table} drop column is_blank`, undefined, 'number rows');
  }
}

function isCsvError(error: unknown): boolean {
  return /CSV Error|Error when sniffing file|Could not convert|Invalid unicode|maximum line size|quoted/i.test(errorMessage(error));
}

/** DuckDB's CSV error, told in Russian where we recognise it; never its English text. */
function describeCsvError(message: string): string {
  const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
  const where = line ? ` (около строки ${Number(line)} файла)` : '';
  // The line size first: DuckDB's message for it also suggests quoting options, and read as a quote error it told
  // of an unclosed quote in a file that had none.
  if (/maximum line size/i.test(message)) return `слишком длинная строка (больше 16 МБ)${where}.`;
  if (/unterminated quote|quoted value|quote/i.test(message)) return `незакрытая кавычка${where}.`;
  if (/Expected Number of Columns|columns/i.test(message)) return `в строке не столько столбцов, сколько в заголовке${where}.`;
  if (/Invalid unicode|UTF-8/i.test(message)) return `недопустимые символы${where}.`;
  return `файл не похож на таблицу CSV${where}.`;
}

/**
 * The select of `staged` over the read: is_blank, then one VARCHAR column per canonical field. A field fed by
 * several columns (notes) joins them with a blank line. Blank means no mapped cell filled: checking every column
 * would read all of a wide export again.
 */
export function stagedSql(read: string, mapping: ColumnMapping): string {
  const col = (position: number) => `c${position}`;
  const select = mapping.fields.map((f) =>
    f.positions.length === 1 ? `${col(f.positions[0]!)} as ${f.field}` : `concat_ws(chr(10) || chr(10), ${f.positions.map(col).join(', ')}) as ${f.field}`,
  );
  for (const spec of mapping.missing) select.push(`null::varchar as ${spec.field}`);
  const mapped = mapping.fields.flatMap((f) => f.positions.map(col));
  return `select coalesce(${mapped.join(', ')}) is null as is_blank, ${select.join(', ')} from ${read}`;
}

/** Temp tables `stage_map` (filled by the consultations kind) and `field_headers`: which header feeds each field (the rejects name it). */
async function recordFieldHeaders(db: Db, mapping: ColumnMapping): Promise<void> {
  const { listValue } = duckdb();
  await db.run('consultations/stage_map_create');
  await db.run('consultations/field_header_add', {
    fields: listValue(mapping.fields.map((f) => f.field)),
    headers: listValue(mapping.fields.map((f) => f.headers[0]!)),
  });
}

/** The cut-off last row as a rejected row of `parsed`. */
async function addCutRow(db: Db, source: CsvSource, mapping: ColumnMapping): Promise<void> {
  const idPosition = mapping.fields.find((f) => f.field === 'deal_id')?.positions[0];
  const dealId = idPosition === undefined ? null : (source.cut!.cells[idPosition - 1]?.trim() || null);
  await db.run('load/add_cut_row', { line_no: source.cut!.row, reason: cutRowReason, deal_id: dealId });
}

/** Every cell of the rejected rows (a second read of the file, only when some were rejected), for the rejects CSV. */
async function collectRejectCells(db: Db, source: CsvSource): Promise<void> {
  const { listValue } = duckdb();
  const read = await csvReadSql(source, { careful: true, numbered: true });
  const columns = source.headers.map((_, i) => `c${i + 1}`).join(', ');
  await db.exec(
    `create or replace temp table reject_cells as
     select (ordinality + 1)::integer as line_no, [${columns}]::varchar[] as cells
     from ${read}
     where (ordinality + 1)::integer in (select line_no from parsed where reject_reason is not null)`,
  );
  if (source.cut) {
    await db.run('load/add_cut_cells', { line_no: source.cut.row, cells: listValue(source.cut.cells) });
  }
}

/** Records a load inside its transaction: the `loads` row, each column's header and field, and the rejected rows. */
async function recordLoad(
  db: Db,
  load: { loadId: number; kind: string; facts: FileFacts; source: CsvSource; mapping: ColumnMapping; timeZone: string; rows: RowCounts; counts: DealCounts },
): Promise<void> {
  const { listValue } = duckdb();
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
    rows_read: load.rows.read,
    rows_rejected: load.rows.rejected,
    deals_new: load.counts.new,
    deals_updated: load.counts.updated,
    deals_unchanged: load.counts.unchanged,
    deals_older: load.counts.older,
    now: db.now(),
  });
  await db.run('consultations/insert_load_column', {
    load_id: load.loadId,
    headers: listValue(mapping.headers),
    fields: listValue(mapping.headers.map((_, i) => mapping.fields.find((f) => f.positions.includes(i + 1))?.field ?? null)),
  });
  if (load.rows.rejected > 0) await db.run('consultations/insert_rejects', { load_id: load.loadId });
}

/**
 * Compresses the file and stores its parts under `loadId`, on a connection of its own, each part committed on its
 * own: held in one transaction, the whole compressed file stayed in DuckDB's memory until its commit, and a
 * 4,000,000-row export ran out of it. Resolves to the part count; committed parts of a load never published are
 * removed (removeUnpublished).
 */
async function storeOriginal(db: Db, loadId: number, facts: FileFacts, signal: AbortSignal): Promise<number> {
  const { blobValue } = duckdb();
  const connection = await db.sideConnection();
  try {
    const insert = sqlText('load/insert_file_part');
    return await keepOriginal(facts.path, async (part, bytes) => {
      await connection.run(insert, { load_id: loadId, part, bytes: blobValue(bytes), codec }).catch((error: unknown) => {
        throw db.knownFailure(error) ?? error;
      });
    }, signal);
  } finally {
    connection.closeSync();
  }
}

/**
 * Parts of the original stored for a load that was not published (it failed, was stopped, or its process was
 * killed): no `loads` row names them and nothing reads them; removed before each file's load and after a failed one.
 */
async function removeUnpublished(db: Db): Promise<void> {
  await db.run('load/remove_unpublished');
}

/** The staged load's rejected rows grouped by reason (queries/consultations/reject_summary.sql). */
export async function rejectGroups(db: Db): Promise<RejectGroup[]> {
  const rows = await db.all<{ reason: string; header: string | null; count: number; lines: number[]; deal_ids: string[] | null }>('consultations/reject_summary');
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

export function rejectsPathFor(file: string): string {
  const parsed = path.parse(file);
  return path.join(parsed.dir, `${parsed.name}.rejects.csv`);
}

export async function writeRejects(report: Pick<FileReport, 'rejectsFile' | 'rejectsFileError'>, target: string, rows: RejectRow[], headers?: string[]) {
  try {
    await writeRejectsCsv(target, rows, headers);
    report.rejectsFile = target;
  } catch (error) {
    report.rejectsFileError = writeReason(error) ?? 'файл не записан';
  }
}

/**
 * UTF-8 with BOM and «;», so Excel with Russian settings opens it as a table: the diagnosis, then the row as
 * exported (under its own headers when all rows share them). A cell that would read as a formula starts with an
 * apostrophe (spreadsheetText).
 */
export async function writeRejectsCsv(target: string, rows: RejectRow[], headers?: string[]) {
  const out = createWriteStream(target);
  const failed = once(out, 'error').then(([error]) => Promise.reject(error as Error));
  failed.catch(() => undefined);
  // Cells from the export (and its file name) are the user's text: none may reach Excel as a formula.
  const field = (v: unknown) => {
    const s = v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : spreadsheetText(String(v));
    return /[";\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const width = Math.max(0, ...rows.map((r) => r.raw.length));
  const header = ['Файл', 'Строка', 'ID сделки', 'Причина', 'Столбец', 'Значение'];
  for (let i = 1; i <= width; i++) header.push(headers?.[i - 1] ?? `Столбец ${i}`);
  out.write('\uFEFF' + header.join(';') + '\r\n');
  for (const r of rows) {
    const line = [r.file, r.line_no, r.deal_id, r.reason, r.header, r.value, ...r.raw].map(field).join(';') + '\r\n';
    if (!out.write(line)) await Promise.race([once(out, 'drain'), failed]);
  }
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
}

/**
 * Every record of a source as its cells, read into this process only (survey answers: nothing of them but what the
 * survey stores may reach the database file, README «Anonymity»). `line` is the spreadsheet row.
 */
export async function readRows(db: Db, source: CsvSource): Promise<{ line: number; cells: string[] }[]> {
  const columns = source.headers.map((_, i) => `coalesce(c${i + 1}, '')`).join(', ');
  const rows = await db.query<{ line: number; cells: string[] }>(
    `select (ordinality + 1)::integer as line, [${columns}]::varchar[] as cells from ${await csvReadSql(source, { careful: true, numbered: true })} order by ordinality`,
  );
  return rows;
}
