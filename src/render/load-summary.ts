import type { FileReport, LoadReport } from '../ingest/consultations.js';
import type { FeedbackFileReport, FeedbackLoadReport } from '../ingest/feedback.js';
import { firstItems, formatNumber as n, plural } from '../text/russian.js';
import { table } from '../text/table.js';
import path from 'node:path';
import { shownTime } from '../time/period.js';

const encodingNames: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 с BOM',
  'windows-1251': 'Windows-1251',
  'utf-16le': 'UTF-16LE (Юникод-текст Excel)',
  'utf-16be': 'UTF-16BE',
};

const delimiterNames: Record<string, string> = { ';': '«;»', ',': '«,»', '\t': 'табуляция' };

const listLimit = 10;

type AnyFileReport = Partial<FileReport> & Partial<FeedbackFileReport> & Pick<FileReport, 'file' | 'status'>;

/** The Russian summary of a load (consultations or feedback), one block per file. */
export function renderLoadReport(report: LoadReport | FeedbackLoadReport): string {
  const blocks = report.files.map((f) => renderFile(f, report.dryRun));
  if (report.dryRun) blocks.push('Пробный прогон (--dry-run): в базу ничего не записано.');
  return blocks.join('\n\n');
}

function renderFile(f: AnyFileReport, dryRun: boolean): string {
  const name = path.basename(f.file);
  if (f.status === 'failed') {
    return [`${name} — не загружен: ${f.error}`, f.hint ? `  ${f.hint}` : ''].filter(Boolean).join('\n');
  }
  if (f.status === 'stopped') return `${name} — не загружен: загрузка остановлена.`;
  if (f.status === 'already_loaded') {
    const e = f.earlierLoad!;
    return `${name} — уже загружен ${shownTime(e.loadedAt)} (загрузка №${e.loadId}, файл ${e.fileName}): ничего не изменилось.`;
  }
  const lines: string[] = [];
  lines.push(dryRun ? `${name} — проверен (пробный прогон)` : `${name} — загружен (загрузка №${f.loadId})`);
  if (dryRun && f.earlierLoad) {
    lines.push(`  Этот файл уже загружен ${shownTime(f.earlierLoad.loadedAt)} (загрузка №${f.earlierLoad.loadId}); повторная загрузка ничего не изменит.`);
  }
  lines.push(
    f.format === 'xlsx'
      ? '  XLSX, первый лист'
      : `  CSV, кодировка ${encodingNames[f.encoding!]}, разделитель ${delimiterNames[f.delimiter!] ?? `«${f.delimiter}»`}`,
  );
  lines.push(
    `  Строк прочитано: ${n(f.rowsRead!)}, принято: ${n(f.rowsRead! - f.rowsRejected!)}, отклонено: ${n(f.rowsRejected!)}`,
  );
  lines.push(...readingLines(f));
  const d = f.deals;
  if (d) {
    lines.push(
      `  Сделки: новых — ${n(d.new)}, обновлено — ${n(d.updated)}, без изменений — ${n(d.unchanged)}` +
        (d.older > 0 ? `, устаревших — ${n(d.older)} (в базе уже есть более новая версия, она сохранена)` : ''),
    );
  }
  const formats = f.timestampFormats ?? [];
  if (formats.length === 1) lines.push(`  Формат отметки времени: ${formats[0]!.format} (${formats[0]!.name})`);
  if (formats.length > 1) {
    const each = formats.map((t) => `${t.format} (${t.name}) — ${n(t.rows)} ${plural(t.rows, ['строка', 'строки', 'строк'])}`);
    lines.push(`  Форматы отметки времени: ${each.join('; ')}`);
  }
  if (f.responses) {
    lines.push(`  Ответы: новых — ${n(f.responses.new)}, уже были в базе — ${n(f.responses.known)}`);
  }
  if (f.links) {
    const l = f.links;
    lines.push(
      `  Связаны с консультациями: по ID сделки — ${n(l.byId)}, по организации и дате — ${n(l.byOrganisation)}, ` +
        `не связаны — ${n(l.unlinked)}` + (l.unlinked > 0 ? ' (они сохранены и видны в справке за месяц)' : ''),
    );
  }
  if (f.rejects!.length > 0) {
    lines.push(`  Отклонённые строки${f.rejectsFile ? ` (полный список — ${f.rejectsFile})` : ''}:`);
    for (const r of f.rejects!) {
      const reason = r.column ? `${r.reason} в «${r.column}»` : r.reason;
      lines.push(`    ${reason} — ${n(r.count)} ${plural(r.count, ['строка', 'строки', 'строк'])}: ${sample(r.lines.map((l) => `строка ${l}`), r.count)}`);
    }
    if (f.rejectsFileError) lines.push(`  Не удалось записать файл отклонённых строк: ${f.rejectsFileError}`);
  }
  if (f.unknownStages && f.unknownStages.length > 0) {
    lines.push('  Неизвестные этапы (такие сделки не войдут в отчёты, пока этап не указан в okno.config.json → stages):');
    for (const s of f.unknownStages!) {
      lines.push(`    «${s.stage}» — ${n(s.count)} ${plural(s.count, ['сделка', 'сделки', 'сделок'])}: ID ${sample(s.dealIds, s.count)}`);
    }
  }
  if (dryRun) lines.push(renderMapping(f));
  return lines.join('\n');
}

function renderMapping(f: AnyFileReport): string {
  const rows = f.columns!.map((c) => [
    c.label,
    c.headers.map((h, i) => `«${h}» (№${c.positions[i]})`).join(', ') + (c.fromConfig ? ' — из файла настроек' : ''),
  ]);
  const out = ['  Столбцы:', indent(table(rows, ['Поле', 'Столбец выгрузки']), 4)];
  if (f.missingFields!.length > 0) out.push(`  Не найдены: ${f.missingFields!.join(', ')}`);
  if (f.unusedColumns!.length > 0) {
    out.push(
      `  Не использованы (хранятся как есть): ${f.unusedColumns!.map((c) => `«${c.header}» (№${c.position})`).join(', ')}`,
    );
  }
  return out.join('\n');
}

/**
 * What reading the file repaired, and whether it looks cut off (README «Reading exports»): one line each, the
 * rows named. The rows stay loaded (a repaired row) or are rejected as «строка обрезана» (the cut one).
 */
export function readingLines(f: Pick<AnyFileReport, 'warnings' | 'truncated' | 'rejects'>): string[] {
  const lines = (f.warnings ?? []).map((w) => `  ${textWarning(w)}`);
  if (f.truncated) {
    const row = f.rejects?.find((r) => r.reason === 'строка обрезана')?.lines[0];
    lines.push(
      `  Файл, похоже, обрезан (скачивание прервалось?): последняя строка${row === undefined ? '' : ` (${row})`} не полная и отклонена; остальные прочитаны. Скачайте выгрузку заново.`,
    );
  }
  return lines;
}

const warningTexts: Record<string, string> = {
  'invalid-utf8': 'Недопустимые для UTF-8 байты заменены знаком «�» (файл повреждён)',
  'windows-1251-rows': 'Строки в кодировке Windows-1251 среди строк UTF-8 прочитаны как Windows-1251',
  'utf-8-rows': 'Строки в кодировке UTF-8 среди строк Windows-1251 прочитаны как UTF-8',
};

/** «Недопустимые для UTF-8 байты заменены знаком «�» (файл повреждён) — 1 строка: строка 3». */
export function textWarning(w: { kind: string; rows: number[]; count: number }): string {
  const rows = sample(w.rows.map((r) => `строка ${r}`), w.count);
  return `${warningTexts[w.kind] ?? w.kind} — ${n(w.count)} ${plural(w.count, ['строка', 'строки', 'строк'])}: ${rows}`;
}

function sample(items: string[], total: number): string {
  return firstItems(items, listLimit, total);
}

function indent(text: string, spaces: number): string {
  return text
    .split('\n')
    .map((l) => ' '.repeat(spaces) + l)
    .join('\n');
}
