// okno export: the canonical tables as files for an analyst's own tool or another engine (DuckDB, ClickHouse,
// Postgres, BI tools), with the stable schema below (README «okno export» documents every column). DuckDB writes
// every file (COPY of queries/export/<table>.sql) into a temporary neighbour folder, renamed into place only when
// whole (saveFolder): a failure, or Ctrl+C, leaves no half export and an earlier export as it was.
// Staff-survey answers never leave row by row: survey_results holds what surveyResults() returns, thresholds applied.
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/database.js';
import { ExitCode, UserError } from '../errors.js';
import { saveFolder, writeSynced } from '../files/atomic.js';
import { isoInstant } from '../time/days.js';
import { surveyResults, EVERYONE, type Cell, type SurveyResults } from '../surveys/results.js';
import { HIDDEN_TOGETHER } from '../model/surveys.js';
import { getSurvey, listSurveys } from '../surveys/store.js';

export type ExportFormat = 'parquet' | 'csv';
export const exportFormats: readonly ExportFormat[] = ['parquet', 'csv'];

/** Bumped whenever a table or column below changes (name, type or meaning); written into schema.json. */
export const exportSchemaVersion = 1;

export interface ExportColumn {
  name: string;
  /** DuckDB's name of the type, as `describe` reports it for the Parquet file. */
  type: string;
}

export interface ExportTable {
  name: string;
  columns: readonly ExportColumn[];
}

const c = (spec: string): ExportColumn[] =>
  spec
    .trim()
    .split(/\s*,\s*(?![^()]*\))/)
    .map((pair) => {
      const [name, ...type] = pair.trim().split(/\s+/);
      return { name: name!, type: type.join(' ') };
    });

const TZ = 'TIMESTAMP WITH TIME ZONE';
const dealFields = `
  name VARCHAR, stage VARCHAR, stage_code VARCHAR`;
const cardFields = `
  pipeline VARCHAR, consulted_at ${TZ}, consulted_on DATE, duration_min DECIMAL(10,2), topic VARCHAR, project VARCHAR,
  consultant VARCHAR, external BOOLEAN, format VARCHAR, channel VARCHAR, client VARCHAR, client_key VARCHAR,
  client_type VARCHAR, company VARCHAR, contact_company VARCHAR, contact_name VARCHAR, new_client BOOLEAN, city VARCHAR,
  source VARCHAR, loss_reason VARCHAR, budget DECIMAL(18,2), responsible VARCHAR, tags VARCHAR, comments VARCHAR,
  created_at ${TZ}, created_by VARCHAR, edited_at ${TZ}, edited_by VARCHAR, closed_at ${TZ}`;

/** The stable schema: the tables in the order they are written, each column with its type. */
export const exportTables: readonly ExportTable[] = [
  { name: 'consultations', columns: c(`deal_id BIGINT, ${dealFields}, held BOOLEAN, ${cardFields}, load_id BIGINT, line_no INTEGER`) },
  { name: 'consultation_versions', columns: c(`load_id BIGINT, line_no INTEGER, deal_id BIGINT, is_current BOOLEAN, ${dealFields}, ${cardFields}`) },
  {
    name: 'feedback',
    columns: c(`load_id BIGINT, line_no INTEGER, submitted_at ${TZ}, form_deal_id BIGINT, organisation VARCHAR, client_key VARCHAR,
      consultant VARCHAR, consulted_on DATE, answered BOOLEAN, rating VARCHAR, reasons VARCHAR, suggestions VARCHAR,
      link_method VARCHAR, linked_deal_id BIGINT, about_on DATE`),
  },
  {
    name: 'reviews',
    columns: c(`deal_id BIGINT, kind VARCHAR, reviewed_on DATE, reviewer VARCHAR, effective BOOLEAN, minutes DECIMAL(10,2),
      satisfaction VARCHAR, success_factors VARCHAR, causes VARCHAR, improvements VARCHAR, applied VARCHAR, changes VARCHAR,
      solved VARCHAR, source VARCHAR, source_file VARCHAR, recorded_at ${TZ}`),
  },
  {
    name: 'loads',
    columns: c(`load_id BIGINT, kind VARCHAR, file_name VARCHAR, sha256 VARCHAR, size_bytes BIGINT, format VARCHAR, encoding VARCHAR,
      delimiter VARCHAR, time_zone VARCHAR, loaded_at ${TZ}, rows_read INTEGER, rows_rejected INTEGER, records_new INTEGER,
      records_updated INTEGER, records_unchanged INTEGER, records_older INTEGER`),
  },
  {
    name: 'calendar_slots',
    columns: c(`calendar_load_id BIGINT, calendar_file_name VARCHAR, calendar_loaded_at ${TZ}, uid VARCHAR, starts_at ${TZ},
      ends_at ${TZ}, summary VARCHAR, initials VARCHAR, kind VARCHAR, organisation VARCHAR`),
  },
  {
    name: 'check_marks',
    columns: c(`week VARCHAR, rule VARCHAR, item VARCHAR, at_text VARCHAR, deal_id BIGINT, client VARCHAR, consultant VARCHAR,
      fixed BOOLEAN, comment VARCHAR, file_name VARCHAR, sheet_row INTEGER, loaded_at ${TZ}`),
  },
  {
    name: 'survey_results',
    columns: c(`survey_id BIGINT, survey_title VARCHAR, created_on DATE, closed_on DATE, min_group INTEGER, question_id VARCHAR,
      question_kind VARCHAR, question_text VARCHAR, group_kind VARCHAR, group_name VARCHAR, group_departments VARCHAR,
      respondents INTEGER, mean DOUBLE, option VARCHAR, option_count INTEGER, option_share DOUBLE`),
  },
];

/** The description of the export written beside the tables. */
export const schemaFile = 'schema.json';

export interface ExportResult {
  /** The folder written (absolute). */
  dir: string;
  format: ExportFormat;
  /** The command's clock, ISO 8601 with the offset of `timeZone`. */
  exportedAt: string;
  timeZone: string;
  schemaVersion: number;
  tables: { name: string; file: string; rows: number }[];
  /** Closed surveys whose results are in survey_results; open ones have no results yet. */
  surveys: { closed: number; open: number };
}

export interface ExportOptions {
  /** The folder to write; an existing one is replaced only when it holds nothing but an earlier export. */
  dir: string;
  format: ExportFormat;
  timeZone: string;
  /** feedback.linkDays of the settings: feedback's link to a consultation is computed as the reports compute it. */
  linkDays: number;
  now: Date;
}

/** Writes every table of the stable schema into `dir`, whole or not at all. */
export async function exportDatabase(db: Db, options: ExportOptions): Promise<ExportResult> {
  const dir = path.resolve(options.dir);
  await checkTarget(dir);
  await db.run('feedback/links', { link_days: options.linkDays });
  const surveys = await fillSurveyResults(db);
  const exportedAt = isoInstant(options.now, options.timeZone);
  const tables: ExportResult['tables'] = [];
  await saveFolder(
    dir,
    async (staging) => {
      for (const table of exportTables) {
        const file = `${table.name}.${options.format}`;
        tables.push({ name: table.name, file, rows: await db.copyTo(`export/${table.name}`, path.join(staging, file), options.format) });
      }
      const description = {
        okno: 'export',
        schemaVersion: exportSchemaVersion,
        exportedAt,
        timeZone: options.timeZone,
        format: options.format,
        tables: exportTables.map((t, i) => ({ name: t.name, file: tables[i]!.file, rows: tables[i]!.rows, columns: t.columns })),
      };
      await writeSynced(path.join(staging, schemaFile), `${JSON.stringify(description, null, 2)}\n`);
    },
    (moveIntoPlace) => moveIntoPlace(),
  );
  return { dir, format: options.format, exportedAt, timeZone: options.timeZone, schemaVersion: exportSchemaVersion, tables, surveys };
}

/**
 * The names an export writes, in either format, and the litter file browsers leave in a folder they showed (macOS
 * Finder's .DS_Store, Windows Explorer's Thumbs.db and desktop.ini): an existing folder holding only these is an
 * earlier export.
 */
function exportNames(): Set<string> {
  return new Set([schemaFile, '.DS_Store', 'Thumbs.db', 'desktop.ini', ...exportTables.flatMap((t) => exportFormats.map((f) => `${t.name}.${f}`))]);
}

/**
 * `dir` may be new, empty, or an earlier export (replaced whole). Anything else is refused before anything is
 * written: a file in its place, or a folder with other files (replacing it would delete them).
 */
async function checkTarget(dir: string): Promise<void> {
  const stat = await lstat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!stat) return;
  const hint = 'Укажите в --out новую или пустую папку (или папку прошлой выгрузки — она будет заменена).';
  if (!stat.isDirectory()) throw new UserError(`Не удалось записать выгрузку: ${dir} — файл, а не папка.`, { hint, exitCode: ExitCode.badInput });
  const known = exportNames();
  const foreign = (await readdir(dir)).filter((name) => !known.has(name)).sort();
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 3).map((n) => `«${n}»`).join(', ') + (foreign.length > 3 ? ` и ещё ${foreign.length - 3}` : '');
    throw new UserError(`Не удалось записать выгрузку: в папке ${dir} есть другие файлы (${shown}), а выгрузка заменяет папку целиком.`, {
      hint,
      exitCode: ExitCode.badInput,
    });
  }
}

/**
 * Puts the results of every closed survey into temp table export_survey_results, one row per option of a question
 * for each group surveyResults() shows: the total («Все отделы»), a shown department, the hidden ones pooled
 * («Скрытые отделы вместе», as the results name them). Hidden groups have no row, free-text questions none (comments are not exported).
 */
async function fillSurveyResults(db: Db): Promise<ExportResult['surveys']> {
  await db.run('export/survey_results_create');
  const list = await listSurveys(db);
  const rows: SurveyRow[] = [];
  for (const { id, state } of list) {
    if (state !== 'closed') continue;
    for (const row of surveyRows(await surveyResults(db, await getSurvey(db, id), { previous: false }))) rows.push({ seq: rows.length, ...row });
  }
  // One statement for all rows (a JSON parameter): one insert per row took 1.2 s for the demo's 440.
  if (rows.length > 0) await db.run('export/survey_results_insert', { rows: JSON.stringify(rows) });
  const closed = list.filter((s) => s.state === 'closed').length;
  return { closed, open: list.length - closed };
}

type SurveyRow = Record<string, string | number | null>;

function surveyRows(r: SurveyResults): SurveyRow[] {
  const rows: SurveyRow[] = [];
  for (const q of r.questions) {
    const groups: { kind: string; name: string; departments: string[]; cell: Cell }[] = [];
    if (q.total) groups.push({ kind: 'total', name: EVERYONE, departments: r.departments.map((d) => d.name), cell: q.total });
    for (const d of q.departments) {
      if (d.shown && d.n !== undefined && d.distribution) groups.push({ kind: 'department', name: d.name, departments: [d.name], cell: { n: d.n, mean: d.mean ?? null, distribution: d.distribution } });
    }
    if (q.others) groups.push({ kind: 'others', name: HIDDEN_TOGETHER, departments: q.others.departments, cell: q.others });
    for (const g of groups) {
      for (const option of g.cell.distribution) {
        rows.push({
          survey_id: r.id,
          survey_title: r.title,
          created_on: r.createdOn,
          closed_on: r.closedOn,
          min_group: r.minGroup,
          question_id: q.id,
          question_kind: q.kind,
          question_text: q.text,
          group_kind: g.kind,
          group_name: g.name,
          group_departments: g.departments.join('; '),
          respondents: g.cell.n,
          mean: g.cell.mean,
          option: option.option,
          option_count: option.count,
          option_share: option.share,
        });
      }
    }
  }
  return rows;
}
