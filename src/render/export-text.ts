import type { ExportResult } from '../store/export.js';
import { countOf } from '../text/russian.js';
import { table } from '../text/table.js';

const tableNoun = ['таблица', 'таблицы', 'таблиц'] as const;
const surveyNoun = ['закрытый опрос', 'закрытых опроса', 'закрытых опросов'] as const;

/** What `okno export` wrote: the folder, one line per table with its file and rows, where the schema is described. */
export function renderExport(r: ExportResult, shownDir: string): string {
  const format = r.format === 'parquet' ? 'Parquet' : 'CSV (UTF-8, для СУБД и аналитических программ, не для Excel)';
  const rows = r.tables.map((t) => [t.name, t.file, t.rows]);
  const lines = [
    `Выгрузка записана в папку ${shownDir}: ${countOf(r.tables.length, tableNoun)}, ${format}.`,
    table(rows, ['Таблица', 'Файл', 'Строк']).replace(/^/gm, '  '),
    '',
    `Столбцы и их типы — в ${shownDir}/schema.json (схема выгрузки ${r.schemaVersion}), что они значат — docs/guide.md, раздел «Аналитик: выгрузка данных»; моменты времени — с часовым поясом (${r.timeZone}).`,
    r.surveys.closed > 0
      ? `Опросы сотрудников: только итоги (${countOf(r.surveys.closed, surveyNoun)}) с порогами анонимности, как в okno survey results; ответы по одному не выгружаются.`
      : 'Опросы сотрудников: закрытых опросов нет, итогов нет; ответы по одному не выгружаются.',
  ];
  if (r.surveys.open > 0) lines.push(`Открытые опросы (${r.surveys.open}) не выгружены: итоги появятся после закрытия.`);
  return lines.join('\n');
}
