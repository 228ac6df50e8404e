// Answers collected elsewhere (Google Forms, Yandex Forms; CSV or XLSX) into an open survey. What identifies a
// person never reaches the database file: DuckDB reads the export and hands its rows to this process (memory, no
// table), only the department and the answers are stored, and the identity columns (e-mail, name, ...) and timestamps are dropped on the way in.
// Unlike consultation exports, no raw row is kept and no rejects file is written: either would keep who said what.
import type { Db } from '../db/database.js';
import { FileError } from '../errors.js';
import { headerKey } from '../model/fields.js';
import { cutRowReason, readRows } from '../ingest/load.js';
import { inspectFile } from '../ingest/sniff.js';
import { openSource } from '../ingest/source.js';
import { countOf } from '../text/russian.js';
import { checkAnswers, type Question } from './model.js';
import { matchDepartment, requireOpen, storeAnswers, type AnswerSheetRow, type Survey } from './store.js';

export interface ImportReport {
  file: string;
  status: 'loaded' | 'already_loaded';
  rowsRead: number;
  /** Stored now. */
  stored: number;
  /** Older than the latest answer of an earlier export of the same form: stored then. */
  alreadyStored: number;
  /** Rows that could not be stored, by sheet line; a reason quotes only the cell it is about, never the other answers. */
  rejects: { line: number; reason: string }[];
  /** Headers matched to questions / the department. */
  matched: { header: string; question: string }[];
  /** Headers dropped without being stored (identity, timestamps, anything else). */
  dropped: string[];
}

const departmentHeaders = ['подразделение', 'структурное подразделение', 'ваше подразделение', 'отдел', 'ваш отдел', 'department'].map(headerKey);
const timeHeaders = ['отметка времени', 'timestamp', 'время создания', 'время ответа', 'дата и время', 'дата'].map(headerKey);

export async function importAnswers(db: Db, survey: Survey, file: string, shownName = file): Promise<ImportReport> {
  requireOpen(survey, 'загружать ответы');
  const facts = await inspectFile(file);
  const earlier = await db.one<{ rows_stored: number }>('surveys/import_by_sha', { id: survey.id, sha256: facts.sha256 });
  if (earlier) return { file: shownName, status: 'already_loaded', rowsRead: 0, stored: 0, alreadyStored: earlier.rows_stored, rejects: [], matched: [], dropped: [] };

  const source = await openSource(facts);
  try {
    const columns = mapHeaders(source.headers, survey.questions);
    if (columns.department === undefined) {
      throw new FileError(shownName, 'в файле нет столбца с отделом («Подразделение» или «Отдел»): без него ответ нельзя отнести к группе.', {
        hint: 'Добавьте в форму обязательный вопрос «Подразделение» с вариантами из списка отделов опроса.',
      });
    }
    if (columns.questions.size === 0) {
      throw new FileError(shownName, 'ни один столбец не совпал с вопросами опроса: проверьте, что это выгрузка этого опроса.', {
        hint: 'Заголовок столбца — текст вопроса как в опросе (okno survey status показывает вопросы) или его id.',
      });
    }
    const raw = await readRows(db, source);
    const watermark = (await db.one<{ watermark: string | null }>('surveys/import_watermark', { id: survey.id }))?.watermark ?? null;

    const sheets: AnswerSheetRow[] = [];
    const rejects: ImportReport['rejects'] = [];
    // What each refusal is about, to name the commonest when nothing could be stored.
    const kinds: RejectKind[] = [];
    const reject = (line: number, kind: RejectKind, reason: string) => (rejects.push({ line, reason }), kinds.push(kind));
    let alreadyStored = 0;
    let latest: string | null = null;
    raw.forEach((row) => {
      const line = row.line;
      const cells = row.cells.map((c) => c.trim());
      if (cells.every((c) => c === '')) return;
      let at: string | null = null;
      if (columns.time !== undefined) {
        at = readTimestamp(cells[columns.time]!);
        if (at === null) {
          reject(line, 'time', `не разобрать время ответа «${cells[columns.time]}»`);
          return;
        }
        if (watermark !== null && at <= watermark) {
          alreadyStored++;
          return;
        }
      }
      const department = matchDepartment(survey, cells[columns.department!]!);
      if (!department) {
        if (cells[columns.department!] === '') reject(line, 'no_department', 'не указан отдел');
        else reject(line, 'department', `отдела «${cells[columns.department!]}» нет в опросе`);
        return;
      }
      const answers: Record<string, unknown> = {};
      for (const [c, q] of columns.questions) answers[q.id] = parseCell(q, cells[c]!);
      const checked = checkAnswers(survey.questions, answers);
      if ('problems' in checked) reject(line, 'answers', checked.problems.join(' '));
      else {
        sheets.push({ department, answers: checked.answers });
        // The watermark is the latest STORED answer: a rejected later row must not hide earlier ones next time.
        if (at !== null && (latest === null || at > latest)) latest = at;
      }
    });
    // A cut-off last row (a download interrupted) is not read: its answers may be cut too.
    if (source.cut) reject(source.cut.row, 'answers', `${cutRowReason}: файл, похоже, скачан не полностью`);
    if (sheets.length === 0 && alreadyStored === 0 && rejects.length === 0) throw new FileError(shownName, 'в файле нет ответов, только заголовок.');
    if (sheets.length === 0 && alreadyStored === 0) throw everyRowRefused(shownName, survey, rejects, kinds);

    // A file that stored nothing is not recorded: after fixing the survey's departments (possible until the first
    // answer) the same file can be loaded again.
    if (sheets.length > 0) {
      await db.transaction(async () => {
        // Each export is a way in of its own: the thresholds count its answers apart from the others' (results.ts).
        const { way } = (await db.one<{ way: number }>('surveys/next_import_way', { id: survey.id }))!;
        await storeAnswers(db, survey, sheets, undefined, way);
        await db.run('surveys/insert_import', { id: survey.id, sha256: facts.sha256, rows_read: raw.length, rows_stored: sheets.length, watermark: latest ?? watermark, way });
      });
    }
    return {
      file: shownName,
      status: 'loaded',
      rowsRead: raw.length,
      stored: sheets.length,
      alreadyStored,
      rejects,
      matched: [
        { header: source.headers[columns.department]!, question: 'отдел' },
        ...[...columns.questions].map(([c, q]) => ({ header: source.headers[c]!, question: q.id })),
      ],
      dropped: source.headers.filter((_, c) => c !== columns.department && !columns.questions.has(c)),
    };
  } finally {
    await source.dispose();
  }
}

type RejectKind = 'time' | 'no_department' | 'department' | 'answers';

const rejectKinds: Record<RejectKind, { label: string; hint: (survey: Survey) => string }> = {
  time: {
    label: 'не разобрать время ответа',
    hint: () => 'Время ответа читается в виде 03.11.2026 9:05:07 или 2026-11-03 09:05:07: выгрузите ответы заново или уберите столбец времени.',
  },
  no_department: {
    label: 'не указан отдел',
    hint: () => 'Сделайте вопрос «Подразделение» в форме обязательным.',
  },
  department: {
    label: 'отдела нет в опросе',
    hint: (survey) =>
      `Отделы опроса: ${survey.departments.join(', ')}. Исправьте список (okno survey settings ${survey.id} --departments "…", пока нет ни одного ответа) или ответы в выгрузке и загрузите файл снова.`,
  },
  answers: {
    label: 'ответы не подходят к вопросам опроса',
    hint: (survey) => `Проверьте, что это выгрузка этого опроса (okno survey status ${survey.id} показывает вопросы).`,
  },
};

/**
 * Nothing of the file could be stored and nothing was stored before: a failed load (README «survey load»), naming
 * the commonest kind of refusal, its count and its first row (whose reason quotes only its own cell).
 */
function everyRowRefused(file: string, survey: Survey, rejects: ImportReport['rejects'], kinds: RejectKind[]): FileError {
  const counts = new Map<RejectKind, number>();
  for (const k of kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
  // The commonest; on a tie, the one met first.
  const [top, count] = [...counts].reduce((best, next) => (next[1] > best[1] ? next : best));
  const first = rejects[kinds.indexOf(top)]!;
  const all = countOf(rejects.length, ['строка', 'строки', 'строк']);
  const which = count === rejects.length ? '' : 'чаще всего — ';
  return new FileError(
    file,
    `ни один ответ не сохранён: отклонены все ${all}, ${which}${rejectKinds[top].label} (${countOf(count, ['строка', 'строки', 'строк'])}; например строка ${first.line}: ${first.reason.replace(/\.$/, '')}).`,
    { hint: rejectKinds[top].hint(survey) },
  );
}

/** Which column is the department, which the answer time, which answers which question (by its text or id). */
function mapHeaders(headers: string[], questions: Question[]) {
  const byText = new Map(questions.flatMap((q) => [[headerKey(q.text), q] as const, [headerKey(q.id), q] as const]));
  const result: { department?: number; time?: number; questions: Map<number, Question> } = { questions: new Map() };
  const taken = new Set<string>();
  headers.forEach((header, c) => {
    const key = headerKey(header);
    const q = byText.get(key);
    if (q && !taken.has(q.id)) {
      result.questions.set(c, q);
      taken.add(q.id);
    } else if (result.department === undefined && departmentHeaders.includes(key)) result.department = c;
    else if (result.time === undefined && timeHeaders.includes(key)) result.time = c;
  });
  return result;
}

/** A cell as the form wrote it → what checkAnswers takes. */
function parseCell(q: Question, cell: string): unknown {
  if (cell === '') return undefined;
  if (q.kind === 'scale') return /^[1-5](?!\d)/.exec(cell)?.[0] ?? cell;
  if (q.kind === 'multiple') return splitChoices(cell, q.options!);
  return cell;
}

/**
 * Google Forms joins the ticked checkboxes with «, »; an option may itself contain a comma, so pieces are joined
 * back while they make up a known option.
 */
export function splitChoices(cell: string, options: string[]): string[] {
  const pieces = cell.split(/,\s*/);
  const out: string[] = [];
  let i = 0;
  while (i < pieces.length) {
    let j = pieces.length;
    let found: string | undefined;
    for (; j > i; j--) {
      const candidate = pieces.slice(i, j).join(', ');
      if (options.includes(candidate)) {
        found = candidate;
        break;
      }
    }
    if (found === undefined) {
      out.push(pieces[i]!);
      i++;
    } else {
      out.push(found);
      i = j;
    }
  }
  return out;
}

/** «03.11.2026 9:05:07», «2026-11-03 09:05:07», «2026/11/03 9:05:07» → 'YYYY-MM-DD HH:MM:SS' (comparable as text). */
export function readTimestamp(text: string): string | null {
  let m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (m) return stamp(m[3]!, m[2]!, m[1]!, m[4], m[5], m[6]);
  m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?/.exec(text);
  if (m) return stamp(m[1]!, m[2]!, m[3]!, m[4], m[5], m[6]);
  return null;
}

function stamp(y: string, mo: string, d: string, h = '0', mi = '0', s = '0'): string | null {
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  return date.toISOString().slice(0, 19).replace('T', ' ');
}
