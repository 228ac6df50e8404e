import type { Db } from '../db/database.js';
import { FileError } from '../errors.js';
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

/**
 * Reads a filled review sheet; a FileError when it is not one. Writes nothing. Each of the two sheets is read by
 * the loader's readers (src/ingest): the XLSX reader turns the sheet into CSV text (dates as «dd.MM.yyyy …»,
 * numbers as written), read_csv reads its rows into this process.
 */
export async function readReviewSheet(db: Db, file: string, shown = file): Promise<SheetRead> {
  const { inspectFile } = await import('../ingest/sniff.js');
  const { openSource } = await import('../ingest/source.js');
  const { readRows } = await import('../ingest/load.js');
  const { NoSuchSheet } = await import('../ingest/xlsx-book.js');
  const asShown = (error: unknown) =>
    error instanceof FileError ? new FileError(shown, error.problem, { hint: notASheetHint, cause: error }) : error;
  const facts = await inspectFile(file).catch((error: unknown) => Promise.reject(asShown(error)));
  if (facts.format !== 'xlsx') {
    throw new FileError(shown, 'это не книга Excel (.xlsx).', { hint: notASheetHint });
  }
  const read: SheetRead = { rows: [], notFilled: 0 };
  let found = 0;
  for (const kind of ['month', 'followup'] as const) {
    const source = await openSource(facts, undefined, { sheetName: (name) => norm(name) === norm(sheetNames[kind]) }).catch((error: unknown) =>
      error instanceof NoSuchSheet ? undefined : Promise.reject(asShown(error)),
    );
    if (!source) continue;
    try {
      found++;
      const columns = new Map(source.headers.map((h, i) => [norm(h), i] as const));
      const needed = ['ID сделки', ...(kind === 'month' ? monthColumns : followupColumns)];
      const absent = needed.filter((h) => !columns.has(norm(h)));
      if (absent.length > 0) {
        throw new FileError(shown, `на листе «${sheetNames[kind]}» нет столбцов: ${absent.map((h) => `«${h}»`).join(', ')}.`, {
          hint: 'Не переименовывайте заголовки листа; новый лист — okno review sheet.',
        });
      }
      for (const row of await readRows(db, source)) {
        const textOf = (header: string) => cellText(row.cells[columns.get(norm(header))!]);
        if (!fillColumns[kind].some((h) => textOf(h) !== null)) {
          if (textOf('ID сделки') !== null) read.notFilled++;
          continue;
        }
        read.rows.push(readRow(kind, sheetNames[kind], row.line, textOf));
      }
    } finally {
      await source.dispose();
    }
  }
  if (found === 0) {
    throw new FileError(shown, `в книге нет листов «${sheetNames.month}» и «${sheetNames.followup}» — это не лист оценок okno.`, {
      hint: 'Создайте лист командой okno review sheet --out <файл.xlsx>.',
    });
  }
  return read;
}

const notASheetHint = 'Нужен файл .xlsx, созданный командой okno review sheet и заполненный.';

function readRow(kind: ReviewKind, sheet: string, row: number, text: (header: string) => string | null): FilledRow {
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
    const mt = text('Минут');
    if (mt !== null) {
      const m = Number(mt.replace(/\s/g, '').replace(',', '.'));
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
  const dt = text('Дата оценки');
  if (dt !== null) {
    // A date cell reads as «03.11.2026 00:00:00» (README «XLSX»): the day is what counts.
    const iso = parseDay(dt.replace(/ 00:00(:00)?$/, ''));
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

/** A cell's text, trimmed; empty → null. */
function cellText(v: string | undefined): string | null {
  const t = (v ?? '').trim();
  return t === '' ? null : t;
}
