import type { Worksheet } from 'exceljs';
import type { CheckReport } from '../checks/procedure.js';
import { shownTime } from '../time/period.js';
import { ruDate } from '../text/russian.js';
import { checkDetail, markOutcome } from './check-detail.js';
import { marksCount, marksLine, ruleResult } from './check-text.js';
import { newWorkbook, saveWorkbook, validateRange } from './workbook-file.js';
import { earlierSheet, itemColumns, summarySheet, weekLine } from '../model/check-workbook.js';

const headerFill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } } as const;
const tickFill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF8DC' } } as const;
const wrap = { wrapText: true, vertical: 'top' } as const;

/** The sheet the office manager works through: rule by rule, a row per deal or person, a column to tick. */
export { itemColumns };

/**
 * Writes the check workbook (README «okno check»): «Сводка» and one sheet per rule. Written beside and renamed into
 * place, so a failed run leaves no half-written file.
 */
export async function writeCheckWorkbook(c: CheckReport, file: string): Promise<void> {
  const wb = newWorkbook();
  wb.creator = 'okno';
  wb.created = new Date(0);
  const summary = wb.addWorksheet(summarySheet, { views: [{ state: 'frozen', ySplit: 5 }] });
  summary.columns = [{ width: 5 }, { width: 48 }, { width: 18 }, { width: 60 }, { width: 70 }, ...(c.marks ? [{ width: 40 }] : [])];
  summary.addRow([`Проверка процедуры: неделя ${c.week} (${ruDate(c.monday)}–${ruDate(c.sunday)})`]).font = { bold: true, size: 14 };
  // The week in a cell of its own: okno check load reads it from here.
  summary.addRow([weekLine(c.week)]);
  summary.addRow([`По данным на ${shownTime(c.cutoff)}; часовой пояс ${c.timeZone}; нарушений: ${c.problems}${c.marks ? `. ${marksLine(c.marks)}` : ''}`]);
  summary.addRow([c.warnings.join(' ')]);
  header(summary, ['№', 'Правило', 'Результат', 'Источник', 'Как считается', ...(c.marks ? [`Отметки недели ${c.marks.week}`] : [])]);
  for (const r of c.rules) {
    const row = summary.addRow([r.id, r.title, ruleResult(r), r.source, r.note, ...(c.marks ? [r.marks && r.marks.items.length > 0 ? marksCount(r.marks) : 'отметок нет'] : [])]);
    row.alignment = wrap;
    if (r.count > 0) row.getCell(3).font = { bold: true, color: { argb: 'FFC00000' } };
  }

  for (const r of c.rules) {
    const ws = wb.addWorksheet(r.sheet, { views: [{ state: 'frozen', ySplit: 3 }] });
    ws.columns = [{ width: 11 }, { width: 30 }, { width: 22 }, { width: 17 }, { width: 70 }, { width: 12 }, { width: 30 }];
    ws.addRow([`${r.id}. ${r.title} — ${ruleResult(r)}`]).font = { bold: true, size: 13 };
    ws.addRow([`${r.source}. ${r.note}`]);
    ws.mergeCells(2, 1, 2, itemColumns.length);
    ws.getRow(2).alignment = wrap;
    ws.getRow(2).height = 60;
    header(ws, [...itemColumns]);
    for (const i of r.items) {
      // The earlier week's comment on the same deal (person), so the office manager does not type it again.
      const row = ws.addRow([i.dealId, i.client ?? '', i.consultant ?? '', i.at === null ? '' : shownTime(i.at), checkDetail(i.facts), null, i.earlier?.comment ?? null]);
      row.alignment = wrap;
      row.getCell(6).fill = tickFill;
      row.getCell(7).fill = tickFill;
    }
    if (r.items.length > 0) {
      validateRange(ws, `F4:F${3 + r.items.length}`, { type: 'list', allowBlank: true, formulae: ['"да,нет"'], showErrorMessage: true, error: 'Выберите: да / нет' });
    }
    ws.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: itemColumns.length } };
  }

  if (c.marks) earlier(wb.addWorksheet(earlierSheet, { views: [{ state: 'frozen', ySplit: 2 }] }), c);

  if (c.calendar) {
    const ws = wb.addWorksheet('Загрузка слотов', { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = [{ width: 28 }, { width: 10 }, { width: 14 }, { width: 10 }, { width: 14 }];
    header(ws, ['Консультант', 'Инициалы', 'Слотов за неделю', 'Занято', 'Доля занятых']);
    for (const u of c.calendar.use) ws.addRow([u.consultant, u.initials, u.offered, u.booked, u.share]).getCell(5).numFmt = '0%';
  }
  for (const ws of wb.worksheets) ws.pageSetup = { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  await saveWorkbook(wb, file);
}

/** «Отметки прошлой недели»: every mark of the earlier week, rule by rule, with what this check says of it. */
function earlier(ws: Worksheet, c: CheckReport): void {
  const columns = ['Правило', 'ID сделки', 'Организация', 'Консультант', 'Когда', 'Исправлено', 'Итог', 'Комментарий'];
  ws.columns = [{ width: 30 }, { width: 11 }, { width: 30 }, { width: 22 }, { width: 17 }, { width: 12 }, { width: 45 }, { width: 40 }];
  ws.addRow([`Отметки недели ${c.marks!.week} и проверка недели ${c.week}: ${marksCount(c.marks!)}`]).font = { bold: true, size: 13 };
  header(ws, columns);
  for (const r of c.rules) {
    for (const m of r.marks?.items ?? []) {
      ws.addRow([r.sheet, m.dealId, m.client ?? '', m.consultant ?? '', m.when ?? '', m.mark ?? '', markOutcome(m), m.comment ?? '']).alignment = wrap;
    }
  }
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: columns.length } };
}

function header(ws: Worksheet, values: string[]): void {
  const row = ws.addRow(values);
  row.font = { bold: true };
  row.eachCell((cell) => (cell.fill = headerFill));
}
