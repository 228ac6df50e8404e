import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { FileError } from '../errors.js';
import { feedbackFields } from '../model/fields.js';
import { countOf } from '../text/russian.js';
import { refuseDealExportAsFeedback } from './export-kind.js';
import { allRowsRejected, describeMapping, loadFiles, type FileReport, type LoadKind, type LoadRequest } from './load.js';
import { mapColumns } from './mapping.js';

/** A feedback load asks what any load does (the one loader's request). */
export type FeedbackRequest = LoadRequest;

export interface FeedbackFileReport extends Omit<FileReport, 'deals' | 'unknownStages'> {
  /** Responses in the file: not stored before / already stored (by an earlier export of the same form). */
  responses?: { new: number; known: number };
  /** How the file's responses link to held consultations (not computed in a dry run). */
  links?: { byId: number; byOrganisation: number; unlinked: number };
  /** The formats of the «Отметка времени» cells read (README «Timestamps of form exports»), most rows first. */
  timestampFormats?: TimestampFormat[];
  /** The first of timestampFormats; null when no timestamp was read. */
  timestampFormat?: string | null;
}

export interface TimestampFormat {
  /** As the README's table writes it: `M/d/yyyy H:mm:ss`, `dd.MM.yyyy H:mm:ss`, … */
  format: string;
  /** Who writes it, in Russian: «английская локаль Google Форм». */
  name: string;
  rows: number;
}

export interface FeedbackLoadReport {
  dryRun: boolean;
  timeZone: string;
  linkDays: number;
  files: FeedbackFileReport[];
}

/**
 * Loads feedback form exports (Google Forms, Yandex Forms; CSV or XLSX) with the one loader: each file in one
 * transaction, its original kept like a consultation export's; a response already stored is not stored again.
 */
export async function loadFeedback(db: Db, request: FeedbackRequest): Promise<FeedbackLoadReport> {
  const files = await loadFiles(db, request, feedbackKind(request.config));
  return { dryRun: request.dryRun, timeZone: request.config.timeZone, linkDays: request.config.feedback.linkDays, files };
}

function feedbackKind(config: Config): LoadKind<FeedbackFileReport> {
  return {
    kind: 'feedback',
    keepOriginal: true,
    map(file, headers) {
      refuseDealExportAsFeedback(file, headers);
      const mapping = mapColumns(headers, { columns: config.feedback.columns }, feedbackFields);
      if (!mapping.fields.some((f) => f.field === 'submitted_at')) {
        throw new FileError(file, 'в файле нет столбца «Отметка времени»: это не похоже на выгрузку ответов формы.', {
          hint: 'Выгрузите ответы из Google Форм (Ответы → Скачать CSV) или Яндекс Форм; другой заголовок можно указать в okno.config.json: "feedback": {"columns": {"submitted_at": "…"}}.',
        });
      }
      if (!mapping.fields.some((f) => f.field === 'answered' || f.field === 'rating')) {
        throw new FileError(file, 'в файле нет вопросов «Получен ли ответ на Ваш вопрос?» и «Оцените качество работы консультанта».', {
          hint: 'Если вопросы в форме сформулированы иначе, укажите их в okno.config.json: "feedback": {"columns": {"answered": "…", "rating": "…"}}.',
        });
      }
      return mapping;
    },
    // The order of slash dates is decided for the whole file (a cross join with that decision): not a projection.
    parse: async () => ({ query: 'feedback/parse_rows', keepsOrder: false }),
    async examine(db, { facts, source, mapping, rows, rejects }) {
      const counts = (await db.one<FeedbackCounts>('feedback/classify'))!;
      const timestampFormats = counts.timestamp_formats.map((f) => ({ format: f.format, name: formatName(f.format, facts.format), rows: f.rows }));
      const timestamps = { timestampFormats, timestampFormat: timestampFormats[0]?.format ?? null };
      if (rows.rejected === rows.read) {
        const timestampsAtFault = rejects[0]!.column === mapping.fields.find((f) => f.field === 'submitted_at')!.headers[0];
        throw await allRowsRejected(db, facts.path, rows.read, rejects, {
          hint: timestampsAtFault
            ? 'Откройте таблицу ответов в Google Таблицах, выберите русские или английские (США) региональные настройки (Файл → Настройки) и скачайте CSV заново.'
            : 'Проверьте, что это выгрузка ответов формы отзывов; если вопросы сформулированы иначе, укажите их в okno.config.json: "feedback": {"columns": {…}}.',
          details: { format: facts.format, encoding: facts.encoding, delimiter: source.delimiter, ...describeMapping(mapping), ...timestamps },
          explain: (example, group) => (example.field === 'submitted_at' ? unreadableTimestamps(rows.read, group.count, example) : undefined),
        });
      }
      return { responses: { new: counts.responses_new, known: counts.responses_known }, ...timestamps };
    },
    loadCounts: (found) => ({ new: found.responses!.new, updated: 0, unchanged: found.responses!.known, older: 0 }),
    async publish(db, loadId) {
      await db.run('feedback/insert_responses', { load_id: loadId });
      await db.run('feedback/links', { link_days: config.feedback.linkDays });
      const links = (await db.one<{ by_id: number; by_organisation: number; unlinked: number }>('feedback/link_summary'))!;
      return { links: { byId: links.by_id, byOrganisation: links.by_organisation, unlinked: links.unlinked } };
    },
  };
}

interface FeedbackCounts {
  rows_read: number;
  rows_rejected: number;
  responses_new: number;
  responses_known: number;
  timestamp_formats: { format: string; rows: number }[];
}

/** Who writes a timestamp format (the patterns of queries/feedback/parse_rows.sql), for the summary. */
function formatName(format: string, file: 'csv' | 'xlsx'): string {
  const offset = format.endsWith('GMT±H') ? ', со смещением от GMT (время переведено в часовой пояс центра)' : '';
  if (format.startsWith('dd.MM.yyyy')) return (file === 'xlsx' && !offset ? 'даты Excel или русская локаль Google Форм' : 'русская локаль Google Форм') + offset;
  if (format.startsWith('M/d/yyyy')) return `английская локаль Google Форм${offset}`;
  if (format.startsWith('dd/MM/yyyy')) return `британская и другие локали Google Форм с днём перед месяцем${offset}`;
  if (format.startsWith('yyyy/MM/dd')) return 'китайская или японская локаль Google Форм';
  if (format.startsWith('yyyy-MM-ddT')) return 'ISO 8601 с часовым поясом (Apps Script)';
  if (format.startsWith('yyyy-MM-dd')) return 'ISO 8601 без часового пояса';
  return 'дата Apps Script (JavaScript)';
}

/** The refusal of a file none of whose timestamps could be read: what okno reads and what the file has. */
function unreadableTimestamps(rowsRead: number, count: number, example: { line_no: number; value: string | null }): string {
  const found = example.value === null ? `в файле отметка времени пуста (строка ${example.line_no})` : `в файле — «${example.value}» (строка ${example.line_no})`;
  const share = count === rowsRead ? '' : ` в ${countOf(count, ['строке', 'строках', 'строках'])} из ${countOf(rowsRead, ['строки', 'строк', 'строк'])}`;
  return (
    `ни одна строка не принята, отметка времени не прочитана${share}: okno читает dd.MM.yyyy H:mm:ss (русская локаль Google Форм), ` +
    `M/d/yyyy H:mm:ss (английская), dd/MM/yyyy H:mm:ss, yyyy-MM-dd H:mm:ss, даты Apps Script и ISO 8601; ${found}.`
  );
}
