// Reading back the check workbook `okno check --out` wrote, after the office manager filled «Исправлено» and
// «Комментарий» (README «okno check load»). The workbook is small (a row per item), so exceljs reads it whole; what
// the rows mean is checks/marks.ts's business.
import { stat } from 'node:fs/promises';
import type { Cell, Workbook, Worksheet } from 'exceljs';
import { FileError } from '../errors.js';
import { itemColumns, summarySheet, weekLinePattern } from '../model/check-workbook.js';
import { loadWorkbookClass } from '../render/workbook-file.js';
import { inspectFile } from './sniff.js';

export type ItemColumn = (typeof itemColumns)[number];

export interface CheckSheetRow {
  /** The sheet's row number, as a spreadsheet shows it. */
  row: number;
  /** Each column's text, trimmed; an empty cell is null. */
  cells: Record<ItemColumn, string | null>;
}

export interface CheckWorkbookRead {
  week: string;
  sha256: string;
  /** The rule sheets found (by the names asked for), in the book's order. */
  sheets: { name: string; rows: CheckSheetRow[] }[];
}

/** A check workbook is a few hundred rows; a file this large is something else. */
const maxBytes = 20 * 1024 * 1024;

export const notACheckWorkbookHint =
  'Загружается книга, которую записала команда okno check --week <неделя> --out <файл.xlsx>, с заполненными столбцами «Исправлено» и «Комментарий».';

/**
 * Reads the check workbook: the week from «Сводка» and the rows of the rule sheets named in `ruleSheets`. A
 * FileError (shown as `shown`) when it is not a readable XLSX, or not okno's check workbook — saying what it looks
 * like. Writes nothing.
 */
export async function readCheckWorkbook(file: string, shown: string, ruleSheets: readonly string[]): Promise<CheckWorkbookRead> {
  const refuse = (problem: string, hint = notACheckWorkbookHint) => new FileError(shown, problem, { hint });
  const facts = await inspectFile(file).catch((error: unknown) => {
    throw error instanceof FileError ? refuse(error.problem) : error;
  });
  if (facts.format !== 'xlsx') throw refuse('это не книга Excel (.xlsx).');
  if ((await stat(file)).size > maxBytes) throw refuse(`файл больше ${maxBytes / 1024 / 1024} МБ — это не книга проверки okno.`);
  const wb: Workbook = new (loadWorkbookClass())();
  try {
    await wb.xlsx.readFile(file);
  } catch (error) {
    throw new FileError(shown, 'книга повреждена или не дописана — прочитать её нельзя.', { hint: notACheckWorkbookHint, cause: error });
  }
  const names = wb.worksheets.map((ws) => ws.name);
  const summary = wb.worksheets.find((ws) => norm(ws.name) === norm(summarySheet));
  if (!summary) throw refuse(whatItLooksLike(wb, names));
  const week = weekOf(summary);
  if (week === null) {
    throw refuse(`на листе «${summarySheet}» нет недели проверки (ячейка A2 «Неделя: ГГГГ-Wнн») — это не книга okno check, или строку удалили.`);
  }
  const sheets: CheckWorkbookRead['sheets'] = [];
  for (const ws of wb.worksheets) {
    const name = ruleSheets.find((s) => norm(s) === norm(ws.name));
    if (name) sheets.push({ name, rows: sheetRows(ws, shown) });
  }
  if (sheets.length === 0) {
    throw refuse(`в книге есть лист «${summarySheet}», но нет ни одного листа правил («${ruleSheets[0]}» и других) — листы: ${quoted(names)}.`);
  }
  return { week, sha256: facts.sha256, sheets };
}

/** The week of «Сводка»: its cell A2 («Неделя: 2026-W44»), else the title in A1 («… неделя 2026-W44 …»). */
function weekOf(summary: Worksheet): string | null {
  const a2 = weekLinePattern.exec(text(summary.getCell('A2')) ?? '');
  if (a2) return a2[1]!;
  const a1 = /^Проверка процедуры: неделя (\d{4}-W\d{2})\b/.exec(text(summary.getCell('A1')) ?? '');
  return a1 ? a1[1]! : null;
}

/** The rows under a rule sheet's header row (the row with «ID сделки» and «Исправлено»; okno writes it third). */
function sheetRows(ws: Worksheet, shown: string): CheckSheetRow[] {
  let headerRow = 0;
  for (let r = 1; r <= Math.min(ws.rowCount, 10) && headerRow === 0; r++) {
    const values = rowTexts(ws, r).map((v) => norm(v ?? ''));
    if (values.includes(norm('ID сделки')) && values.includes(norm('Исправлено'))) headerRow = r;
  }
  if (headerRow === 0) {
    throw new FileError(shown, `на листе «${ws.name}» нет строки заголовков («ID сделки», …, «Исправлено», «Комментарий»).`, {
      hint: 'Не переименовывайте и не удаляйте заголовки листа; новую книгу запишет okno check --out.',
    });
  }
  const headers = rowTexts(ws, headerRow).map((v) => norm(v ?? ''));
  const at = new Map(itemColumns.map((c) => [c, headers.indexOf(norm(c))] as const));
  const absent = itemColumns.filter((c) => at.get(c)! < 0);
  if (absent.length > 0) {
    throw new FileError(shown, `на листе «${ws.name}» нет столбцов: ${quoted(absent)}.`, {
      hint: 'Не переименовывайте и не удаляйте заголовки листа; новую книгу запишет okno check --out.',
    });
  }
  const rows: CheckSheetRow[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const values = rowTexts(ws, r);
    if (values.every((v) => v === null)) continue;
    const cells = Object.fromEntries(itemColumns.map((c) => [c, values[at.get(c)!] ?? null])) as Record<ItemColumn, string | null>;
    rows.push({ row: r, cells });
  }
  return rows;
}

/** A row's cells as text, from column A (index 0). */
function rowTexts(ws: Worksheet, r: number): (string | null)[] {
  const row = ws.getRow(r);
  const out: (string | null)[] = [];
  for (let c = 1; c <= Math.max(row.cellCount, itemColumns.length); c++) out.push(text(row.getCell(c)));
  return out;
}

/** A cell's text, trimmed; empty → null. Numbers as written («7204»), rich text joined. */
function text(cell: Cell): string | null {
  const v = cell.value;
  if (v === null || v === undefined) return null;
  let t: string;
  if (typeof v === 'number') t = String(v);
  else if (typeof v === 'string') t = v;
  else if (typeof v === 'boolean') t = v ? 'да' : 'нет';
  else if (v instanceof Date) t = cell.text;
  else if (typeof v === 'object' && 'richText' in v) t = v.richText.map((p) => p.text).join('');
  else if (typeof v === 'object' && 'result' in v) t = v.result === undefined || v.result === null ? '' : String(v.result);
  else if (typeof v === 'object' && 'text' in v) t = String(v.text);
  else t = cell.text;
  t = t.trim();
  return t === '' ? null : t;
}

/** What a workbook without «Сводка» looks like: another of okno's sheets, an export, or just its sheets. */
function whatItLooksLike(wb: Workbook, names: string[]): string {
  const has = (name: string) => names.some((n) => norm(n) === norm(name));
  if (has('Оценка за месяц') || has('Через 3–4 месяца')) {
    return 'это лист оценок эффективности (okno review sheet), а не книга проверки процедуры — его загружают командой okno review load.';
  }
  const first = wb.worksheets[0];
  const header = first ? rowTexts(first, 1).map((v) => norm(v ?? '')) : [];
  if (header.includes('id') && (header.includes(norm('Этап сделки')) || header.includes(norm('Название сделки')))) {
    return 'это похоже на выгрузку сделок amoCRM, а не на книгу проверки процедуры — выгрузку загружают командой okno load consultations.';
  }
  if (header.includes(norm('Отметка времени'))) {
    return 'это похоже на выгрузку ответов Google Forms, а не на книгу проверки процедуры — её загружают командой okno load feedback.';
  }
  return `это не книга проверки процедуры okno: в ней нет листа «${summarySheet}» (листы: ${quoted(names) || 'нет ни одного'}).`;
}

const quoted = (xs: readonly string[]) => xs.map((x) => `«${x}»`).join(', ');

function norm(s: string): string {
  return s.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
}
