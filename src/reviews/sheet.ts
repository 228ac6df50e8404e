import type { Db } from '../db/database.js';
import { FileError, errorMessage } from '../errors.js';
import {
  appliedAnswers, effectiveAnswers, parseAnswer, satisfactionAnswers, solvedAnswers, type ReviewKind,
} from '../model/reviews.js';
import { fillColumns, followupColumns, monthColumns, sheetNames } from '../model/review-sheet.js';
import { parseDay } from '../time/period.js';
import { countOf } from '../text/russian.js';
import { buildReviewWindows } from './due.js';
import {
  checkReview, dealProblem, prepareReviews, recordReview, type ConsultationFacts, type ReviewAnswers, type ReviewSettings,
} from './record.js';

export interface SheetRow extends ConsultationFacts {
  kind: ReviewKind;
  deadline: string;
  allowedUntil: string;
  state: 'due' | 'late' | 'overdue';
  satisfaction: string | null;
}

/** The open reviews not done, for the sheet: windows as of asOf, the card's minutes, feedback satisfaction. */
export async function reviewSheetRows(db: Db, settings: ReviewSettings & { asOf?: string }): Promise<SheetRow[]> {
  await buildReviewWindows(db, { asOf: settings.asOf ?? settings.today, from: settings.from });
  await db.run('feedback/links', { link_days: settings.linkDays });
  const rows = await db.all<{
    kind: ReviewKind; deal_id: number; consulted_on: string; client: string | null; consultant_name: string; topic_name: string;
    project_name: string; deadline: string; allowed_until: string; state: SheetRow['state']; duration_min: number | null; satisfaction: string | null;
  }>('reviews/sheet_rows');
  return rows.map((r) => ({
    kind: r.kind,
    dealId: r.deal_id,
    consultedOn: r.consulted_on,
    client: r.client,
    consultant: r.consultant_name,
    topic: r.topic_name,
    project: r.project_name,
    deadline: r.deadline,
    allowedUntil: r.allowed_until,
    state: r.state,
    durationMin: r.duration_min,
    satisfaction: r.satisfaction,
  }));
}

/** One filled row as read, before it is checked against the database. */
export interface FilledRow {
  sheet: string;
  row: number;
  dealId: number | null;
  answers: ReviewAnswers;
  /** A value that could not be read (the row is rejected with it). */
  problem: string | null;
}

export interface SheetRead {
  rows: FilledRow[];
  notFilled: number;
}

export interface SheetLoadReport {
  file: string;
  new: number;
  updated: number;
  unchanged: number;
  notFilled: number;
  rejected: { sheet: string; row: number; dealId: number | null; reason: string }[];
}

/** Reads a filled review sheet; a FileError when it is not one. Writes nothing. */
export async function readReviewSheet(file: string, shown = file): Promise<SheetRead> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (error) {
    throw new FileError(shown, `не удаётся прочитать книгу Excel (${errorMessage(error).split('\n')[0]}).`, {
      hint: 'Нужен файл .xlsx, созданный командой okno review sheet и заполненный.',
      cause: error,
    });
  }
  const read: SheetRead = { rows: [], notFilled: 0 };
  let found = 0;
  for (const kind of ['month', 'followup'] as const) {
    const ws = wb.worksheets.find((w) => norm(w.name) === norm(sheetNames[kind]));
    if (!ws) continue;
    found++;
    const columns = new Map<string, number>();
    ws.getRow(1).eachCell((cell, col) => columns.set(norm(cellText(cell.value) ?? ''), col));
    const needed = ['ID сделки', ...(kind === 'month' ? monthColumns : followupColumns)];
    const absent = needed.filter((h) => !columns.has(norm(h)));
    if (absent.length > 0) {
      throw new FileError(shown, `на листе «${ws.name}» нет столбцов: ${absent.map((h) => `«${h}»`).join(', ')}.`, {
        hint: 'Не переименовывайте заголовки листа; новый лист — okno review sheet.',
      });
    }
    const value = (row: import('exceljs').Row, header: string) => row.getCell(columns.get(norm(header))!).value;
    const textOf = (row: import('exceljs').Row, header: string) => cellText(value(row, header));
    for (let r = 2; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      if (!fillColumns[kind].some((h) => textOf(row, h) !== null)) {
        if (textOf(row, 'ID сделки') !== null) read.notFilled++;
        continue;
      }
      read.rows.push(readRow(kind, ws.name, r, (h) => value(row, h), (h) => textOf(row, h)));
    }
  }
  if (found === 0) {
    throw new FileError(shown, `в книге нет листов «${sheetNames.month}» и «${sheetNames.followup}» — это не лист оценок okno.`, {
      hint: 'Создайте лист командой okno review sheet --out <файл.xlsx>.',
    });
  }
  return read;
}

function readRow(
  kind: ReviewKind,
  sheet: string,
  row: number,
  value: (header: string) => unknown,
  text: (header: string) => string | null,
): FilledRow {
  const out: FilledRow = { sheet, row, dealId: null, answers: { kind }, problem: null };
  const problems: string[] = [];
  const idText = text('ID сделки');
  if (idText === null || !/^\d+$/.test(idText)) problems.push(idText === null ? 'не указан ID сделки.' : `ID сделки «${idText}» — не число.`);
  else out.dealId = Number(idText);
  const closed = <T>(header: string, answers: Record<string, T>, set: (v: T) => void) => {
    const t = text(header);
    if (t === null) return;
    const v = parseAnswer(answers, t);
    if (v === undefined) problems.push(`«${header}»: «${t}» — допустимо ${Object.keys(answers).join(' / ')}.`);
    else set(v);
  };
  const a = out.answers;
  if (kind === 'month') {
    closed('Эффективна', effectiveAnswers, (v) => (a.effective = v));
    closed('Удовлетворённость', satisfactionAnswers, (v) => (a.satisfaction = v));
    const minutes = value('Минут');
    const mt = text('Минут');
    if (mt !== null) {
      const m = typeof minutes === 'number' ? minutes : Number(mt.replace(/\s/g, '').replace(',', '.'));
      if (!Number.isFinite(m) || m < 0) problems.push(`«Минут»: «${mt}» — нужно неотрицательное число.`);
      else a.minutes = m;
    }
    a.successFactors = text('Факторы успеха');
    a.causes = text('Причины неэффективности');
    a.improvements = text('Шаги по улучшению');
  } else {
    closed('Применил рекомендации', appliedAnswers, (v) => (a.applied = v));
    closed('Проблема решена', solvedAnswers, (v) => (a.solved = v));
    a.changes = text('Изменения в работе клиента');
  }
  a.reviewer = text('Кто оценил');
  const date = value('Дата оценки');
  const dt = text('Дата оценки');
  if (dt !== null) {
    const iso = date instanceof Date ? date.toISOString().slice(0, 10) : parseDay(dt);
    if (iso === null) problems.push(`«Дата оценки»: «${dt}» — не дата (нужно ДД.ММ.ГГГГ).`);
    else a.date = iso;
  }
  if (problems.length > 0) out.problem = problems.join(' ');
  return out;
}

/**
 * Loads the rows read from a sheet: each is checked against its deal; the good ones are stored in one transaction
 * (new / updated / unchanged), the others are listed with sheet, row and reason.
 */
export async function loadReviewRows(db: Db, read: SheetRead, settings: ReviewSettings, sourceFile: string): Promise<SheetLoadReport> {
  const report: SheetLoadReport = { file: sourceFile, new: 0, updated: 0, unchanged: 0, notFilled: read.notFilled, rejected: [] };
  await db.transaction(async () => {
    await prepareReviews(db, settings);
    for (const row of read.rows) {
      const reject = (reason: string) => report.rejected.push({ sheet: row.sheet, row: row.row, dealId: row.dealId, reason });
      if (row.problem !== null || row.dealId === null) {
        reject(row.problem ?? 'не указан ID сделки.');
        continue;
      }
      const ctx = await dealProblem(db, row.dealId, settings);
      if (typeof ctx === 'string') {
        reject(capital(ctx));
        continue;
      }
      const review = checkReview(ctx, row.answers, settings.today);
      if (Array.isArray(review)) {
        reject(review.map(capital).join(' '));
        continue;
      }
      const { status } = await recordReview(db, review, { today: settings.today, source: 'sheet', sourceFile });
      report[status]++;
    }
    // Every filled row rejected: a failed load, and the transaction leaves nothing recorded.
    if (read.rows.length > 0 && report.rejected.length === read.rows.length) throw everyRowRejected(sourceFile, report.rejected);
  });
  return report;
}

/** The refusal of a sheet every filled row of which was rejected: the commonest reason, its count, its first row. */
function everyRowRejected(file: string, rejected: SheetLoadReport['rejected']): FileError {
  const counts = new Map<string, number>();
  for (const r of rejected) counts.set(r.reason, (counts.get(r.reason) ?? 0) + 1);
  // The commonest; on a tie, the one met first.
  const [reason, count] = [...counts].reduce((best, next) => (next[1] > best[1] ? next : best));
  const first = rejected.find((r) => r.reason === reason)!;
  const which = count === rejected.length ? '' : `; чаще всего (${countOf(count, ['строка', 'строки', 'строк'])})`;
  const problem = `ни одна оценка не записана: все заполненные строки (${rejected.length}) отклонены${which} — ${reason.replace(/\.$/, '')} (первая — лист «${first.sheet}», строка ${first.row}).`;
  return new FileError(file, problem, {
    hint: 'Исправьте строки на листе и загрузите файл снова; допустимые значения — в выпадающих списках листа.',
  });
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function norm(s: string): string {
  return s.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
}

/** A cell as text: rich text, formulas' results, hyperlinks; empty → null. */
export function cellText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (o.richText) return cellText(o.richText.map((t) => t.text).join(''));
    if ('result' in o) return cellText(o.result);
    if (o.text !== undefined) return cellText(o.text);
    if (o.error) return o.error;
    return null;
  }
  const t = String(v).trim();
  return t === '' ? null : t;
}

