import type { Worksheet } from 'exceljs';
import { appliedAnswers, effectiveAnswers, satisfactionAnswers, satisfactionLabels, solvedAnswers, type ReviewKind, type Satisfaction } from '../model/reviews.js';
import { factColumns, followupColumns, monthColumns, sheetNames } from '../model/review-sheet.js';
import type { SheetRow } from '../reviews/sheet.js';
import { ruDate } from '../text/russian.js';
import { newWorkbook, saveWorkbook, validateRange } from './workbook-file.js';

const headerFill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } } as const;
const fillFill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF8DC' } } as const;

/** The fill-in workbook of open reviews (README «okno review sheet»); returns nothing, writes `file`. */
export async function writeReviewSheet(rows: SheetRow[], asOf: string, file: string): Promise<void> {
  const wb = newWorkbook();
  wb.creator = 'okno';
  wb.created = new Date(0);
  instructions(wb.addWorksheet('Как заполнять'), asOf);
  for (const kind of ['month', 'followup'] as const) {
    const ws = wb.addWorksheet(sheetNames[kind], { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
    const fill = kind === 'month' ? monthColumns : followupColumns;
    const headers = [...factColumns, ...fill];
    ws.addRow(headers);
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).eachCell((c) => (c.fill = headerFill));
    ws.columns = headers.map((h) => ({ width: widths[h] ?? 16 }));
    const col = (h: string) => headers.indexOf(h as (typeof headers)[number]) + 1;
    for (const r of rows.filter((x) => x.kind === kind)) {
      const values: unknown[] = [
        r.dealId, date(r.consultedOn), r.client ?? '', r.consultant, r.topic, r.project, date(r.deadline), stateCell(r),
      ];
      if (kind === 'month') values.push(r.durationMin ?? null, r.satisfaction ? satisfactionLabels[r.satisfaction as Satisfaction] : null);
      const row = ws.addRow(values);
      for (const h of ['Дата консультации', 'Срок', 'Дата оценки']) row.getCell(col(h)).numFmt = 'dd.mm.yyyy';
      for (const h of fill) if (h !== 'Минут' && h !== 'Удовлетворённость') row.getCell(col(h)).fill = fillFill;
    }
    if (ws.rowCount > 1) validations(ws, kind, ws.rowCount, col);
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
  }
  await saveWorkbook(wb, file);
}

/** The fill-in columns' validations, one range per column over the data rows (2 … last). */
function validations(ws: Worksheet, kind: ReviewKind, last: number, col: (h: string) => number): void {
  const range = (h: string) => {
    const letter = ws.getColumn(col(h)).letter;
    return `${letter}2:${letter}${last}`;
  };
  const list = (h: string, answers: Record<string, unknown>) => {
    validateRange(ws, range(h), {
      type: 'list',
      allowBlank: true,
      formulae: [`"${Object.keys(answers).join(',')}"`],
      showErrorMessage: true,
      errorTitle: h,
      error: `Выберите из списка: ${Object.keys(answers).join(' / ')}`,
    });
  };
  if (kind === 'month') {
    list('Эффективна', effectiveAnswers);
    list('Удовлетворённость', satisfactionAnswers);
    validateRange(ws, range('Минут'), {
      type: 'decimal', operator: 'greaterThanOrEqual', allowBlank: true, formulae: [0],
      showErrorMessage: true, error: 'Минуты — неотрицательное число',
    });
  } else {
    list('Применил рекомендации', appliedAnswers);
    list('Проблема решена', solvedAnswers);
  }
  validateRange(ws, range('Дата оценки'), {
    type: 'date', operator: 'greaterThan', allowBlank: true, formulae: [new Date(Date.UTC(2000, 0, 1))],
    showErrorMessage: true, error: 'Дата оценки — дата, например 15.11.2026',
  });
}

function stateCell(r: SheetRow): string {
  if (r.state === 'due') return 'к сроку';
  if (r.state === 'late') return `после срока, допустимо до ${ruDate(r.allowedUntil)}`;
  return 'просрочена';
}

const date = (iso: string) => new Date(`${iso}T00:00:00Z`);

const widths: Record<string, number> = {
  'ID сделки': 11, 'Дата консультации': 13, Организация: 28, Консультант: 20, Тема: 28, Проект: 20, Срок: 12, Состояние: 22,
  Минут: 8, Удовлетворённость: 20, Эффективна: 11, 'Факторы успеха': 36, 'Причины неэффективности': 36, 'Шаги по улучшению': 36,
  'Применил рекомендации': 16, 'Изменения в работе клиента': 40, 'Проблема решена': 14, 'Кто оценил': 20, 'Дата оценки': 13,
};

function instructions(ws: Worksheet, asOf: string): void {
  ws.columns = [{ width: 110 }];
  const lines = [
    `Оценка эффективности консультаций — лист на ${ruDate(asOf)}`,
    '',
    '«Оценка за месяц» (шаги 8–9): в течение месяца после консультации. Заполните «Эффективна» (да / нет), «Кто оценил» и',
    'при «да» — «Факторы успеха», при «нет» — «Причины неэффективности» (и, по возможности, «Шаги по улучшению»).',
    '«Минут» взяты из карточки, «Удовлетворённость» — из отзыва клиента; исправьте, если нужно.',
    '«Через 3–4 месяца» (шаг 10): с 3 до 4 месяцев после консультации, допустимо до 6. Заполните «Применил рекомендации»',
    '(не применил / частично / полностью), «Проблема решена» (да / частично / нет), «Изменения в работе клиента» и «Кто оценил».',
    '«Дата оценки» — дата проведения оценки; пусто — дата загрузки.',
    'Столбцы от «ID сделки» до «Состояние» не меняйте; жёлтые ячейки — для заполнения. Незаполненные строки пропускаются.',
    'Загрузка: okno review load <файл.xlsx>. Повторная загрузка того же файла ничего не меняет.',
  ];
  for (const l of lines) ws.addRow([l]);
  ws.getRow(1).font = { bold: true, size: 13 };
}
