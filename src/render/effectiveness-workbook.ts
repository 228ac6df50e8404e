import path from 'node:path';
import type { Workbook, Worksheet } from 'exceljs';
import type { EffectivenessReport, EffectivenessRow } from '../reviews/effectiveness.js';
import { kindLabels } from '../model/reviews.js';
import { effectivenessDefinitions } from './effectiveness-text.js';
import { newWorkbook, saveWorkbook } from './workbook-file.js';
import { ruDate } from '../text/russian.js';

const headerFill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } } as const;
const shareFormat = '0%';
const oneDecimal = '#,##0.0';

/** `эффективность-2026-09_2026-10.xlsx`; one month: `эффективность-2026-10.xlsx`. */
export function effectivenessWorkbookName(r: Pick<EffectivenessReport, 'from' | 'to'>): string {
  return r.from === r.to ? `эффективность-${r.from}.xlsx` : `эффективность-${r.from}_${r.to}.xlsx`;
}

/** Writes the effectiveness workbook into dir; returns its path. */
export async function writeEffectivenessWorkbook(r: EffectivenessReport, dir: string): Promise<string> {
  const wb = newWorkbook();
  wb.creator = 'okno';
  wb.created = new Date(0);
  summary(wb, r);
  rowsSheet(wb, 'По темам', 'Тема', r.byTopic);
  rowsSheet(wb, 'По консультантам', 'Консультант', r.byConsultant);
  followup(wb, r);
  notes(wb, r);
  overdue(wb, r);
  groups(wb, r);
  for (const ws of wb.worksheets) ws.pageSetup = { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  const file = path.join(dir, effectivenessWorkbookName(r));
  await saveWorkbook(wb, file);
  return file;
}

function header(ws: Worksheet, values: string[]): void {
  const row = ws.addRow(values);
  row.font = { bold: true };
  row.eachCell((c) => (c.fill = headerFill));
}

function listSheet(wb: Workbook, name: string, headers: string[], widths: number[]): Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  header(ws, headers);
  ws.columns = widths.map((width) => ({ width }));
  return ws;
}

const date = (iso: string) => new Date(`${iso}T00:00:00Z`);

function summary(wb: Workbook, r: EffectivenessReport): void {
  const ws = wb.addWorksheet('Сводка');
  ws.columns = [{ width: 48 }, { width: 14 }, { width: 90 }];
  ws.addRow([`Эффективность консультаций: ${r.label}`]).font = { bold: true, size: 14 };
  ws.addRow([`На ${ruDate(r.today)}; часовой пояс ${r.timeZone}${r.trackedFrom ? `; оцениваются консультации с ${ruDate(r.trackedFrom)}` : ''}`]);
  ws.addRow([]);
  header(ws, ['Показатель', 'Значение']);
  const m = r.month;
  const f = r.followup;
  const figures: [string, number | null, string?][] = [
    ['Оценок за месяц к сроку', m.due],
    ['Оценок за месяц проведено', m.done],
    ['Доля проведённых', m.doneShare, shareFormat],
    ['Эффективных консультаций', m.effective],
    ['Доля эффективных (от проведённых)', m.effectiveShare, shareFormat],
    ['Минут в проведённых оценках', m.minutes],
    ['Ресурсы на одну эффективную консультацию, минут', m.minutesPerEffective, oneDecimal],
    ['Через 3–4 месяца: к сроку', f.due],
    ['Через 3–4 месяца: проведено', f.done],
    ['Применили полностью', f.applied.full],
    ['Применили частично', f.applied.partial],
    ['Не применили', f.applied.none],
    ['Проблема решена', f.solved.yes],
    ['Решена частично', f.solved.partial],
    ['Не решена', f.solved.no],
    ['Просроченных оценок на сегодня', r.overdue.length],
  ];
  for (const [label, value, format] of figures) {
    const row = ws.addRow([label, value ?? '—']);
    if (format && value !== null) row.getCell(2).numFmt = format;
  }
  ws.addRow([]);
  ws.addRow(['Определения']).font = { bold: true };
  for (const [term, text] of effectivenessDefinitions) {
    const row = ws.addRow([term, null, text]);
    row.getCell(3).alignment = { wrapText: true, vertical: 'top' };
    row.getCell(1).alignment = { vertical: 'top' };
  }
}

function rowsSheet(wb: Workbook, name: string, first: string, rows: EffectivenessRow[]): void {
  const ws = listSheet(wb, name, [first, 'Оценок к сроку', 'Проведено', 'Доля проведённых', 'Эффективных', 'Доля эффективных', 'Минут', 'Минут на эффективную'], [34, 14, 12, 14, 13, 14, 10, 16]);
  for (const x of rows) {
    const row = ws.addRow([x.name, x.due, x.done, x.doneShare, x.effective, x.effectiveShare, x.minutes, x.minutesPerEffective]);
    row.getCell(4).numFmt = shareFormat;
    row.getCell(6).numFmt = shareFormat;
    row.getCell(8).numFmt = oneDecimal;
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 8 } };
}

function followup(wb: Workbook, r: EffectivenessReport): void {
  const f = r.followup;
  const ws = listSheet(wb, 'Через 3–4 месяца', ['Показатель', 'Число', 'Доля от проведённых'], [40, 10, 20]);
  const lines: [string, number, number | null][] = [
    ['К сроку (окно открыто)', f.due, null],
    ['Проведено', f.done, null],
    ['Применил рекомендации: полностью', f.applied.full, f.appliedShare.full],
    ['Применил рекомендации: частично', f.applied.partial, f.appliedShare.partial],
    ['Применил рекомендации: не применил', f.applied.none, f.appliedShare.none],
    ['Проблема решена: да', f.solved.yes, f.solvedShare.yes],
    ['Проблема решена: частично', f.solved.partial, f.solvedShare.partial],
    ['Проблема решена: нет', f.solved.no, f.solvedShare.no],
  ];
  for (const [label, count, share] of lines) ws.addRow([label, count, share]).getCell(3).numFmt = shareFormat;
}

function notes(wb: Workbook, r: EffectivenessReport): void {
  const ws = listSheet(wb, 'Факторы и причины', ['ID сделки', 'Дата консультации', 'Консультант', 'Тема', 'Эффективна', 'Факторы успеха', 'Причины неэффективности', 'Шаги по улучшению', 'Кто оценил', 'Дата оценки'], [11, 13, 20, 28, 11, 40, 40, 40, 20, 12]);
  for (const x of r.notes) {
    const row = ws.addRow([x.dealId, date(x.consultedOn), x.consultant, x.topic, x.effective ? 'да' : 'нет', x.successFactors, x.causes, x.improvements, x.reviewer, date(x.reviewedOn)]);
    row.getCell(2).numFmt = 'dd.mm.yyyy';
    row.getCell(10).numFmt = 'dd.mm.yyyy';
    for (const c of [6, 7, 8]) row.getCell(c).alignment = { wrapText: true, vertical: 'top' };
  }
}

function overdue(wb: Workbook, r: EffectivenessReport): void {
  const ws = listSheet(wb, 'Просроченные', ['ID сделки', 'Оценка', 'Дата консультации', 'Организация', 'Консультант', 'Тема', 'Проект', 'Срок', 'Допустимо до', 'Дней просрочки'], [11, 18, 13, 28, 20, 28, 20, 12, 13, 14]);
  for (const x of r.overdue) {
    const row = ws.addRow([x.dealId, kindLabels[x.kind], date(x.consultedOn), x.client, x.consultant, x.topic, x.project, date(x.deadline), date(x.allowedUntil), x.daysOverdue]);
    for (const c of [3, 8, 9]) row.getCell(c).numFmt = 'dd.mm.yyyy';
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 10 } };
}

function groups(wb: Workbook, r: EffectivenessReport): void {
  const ws = listSheet(wb, 'Темы по группам клиентов', [r.grouping === 'client_type' ? 'Тип организации' : 'Клиенты', 'Консультаций группы', 'Место', 'Тема', 'Консультаций'], [28, 20, 8, 36, 14]);
  for (const g of r.groups) g.topics.forEach((t, i) => ws.addRow([g.group, g.consultations, i + 1, t.topic, t.consultations]));
}
