// Surveys in the database: creating, issuing codes, taking answers, closing. Every write that adds answers runs in
// one transaction that also restores the content order of the answer tables (queries/surveys/reorder.sql).
import { randomInt } from 'node:crypto';
import { duckdb } from '../db/duckdb.js';
import type { Db } from '../db/database.js';
import { ExitCode, UserError } from '../errors.js';
import { ruDate } from '../text/russian.js';
import { codeHasher } from './code-key.js';
import { generateCodes, readCode, seriesKey, type Question } from './model.js';

export type SurveyState = 'open' | 'closed';

export interface Survey {
  id: number;
  title: string;
  series: string;
  previousId: number | null;
  template: string | null;
  questions: Question[];
  departments: string[];
  minGroup: number;
  minComments: number;
  state: SurveyState;
  createdOn: string;
  closedOn: string | null;
  codesIssued: number;
  codesUsed: number;
  /** Everyone who answered, by code or by an imported export. A total only: never per department while open. */
  respondents: number;
}

export interface Settings {
  title: string;
  departments: string[];
  minGroup: number;
  minComments: number;
}

/** Below this no group is shown, whatever the survey's settings say: a group of two exposes both people. */
export const MIN_GROUP_FLOOR = 3;
export { DEFAULT_MIN_COMMENTS, DEFAULT_MIN_GROUP } from './defaults.js';
export const MAX_CODES = 10_000;

/** The settings' problems in Russian (empty when they are fine). */
export function checkSettings(s: Settings): string[] {
  const problems: string[] = [];
  if (s.title.trim() === '') problems.push('нужно название опроса (--title).');
  if (s.departments.length === 0) problems.push('нужен хотя бы один отдел (--departments "А,Б,В").');
  const seen = new Set<string>();
  for (const d of s.departments) {
    const key = seriesKey(d);
    if (seen.has(key)) problems.push(`отдел «${d}» указан дважды.`);
    seen.add(key);
  }
  if (!Number.isInteger(s.minGroup) || s.minGroup < MIN_GROUP_FLOOR) {
    problems.push(`--min-group не меньше ${MIN_GROUP_FLOOR}: в группе меньше трёх человек ответы узнаваемы.`);
  }
  if (!Number.isInteger(s.minComments) || s.minComments < s.minGroup) problems.push('--min-comments не меньше --min-group: комментарии узнаваемее оценок.');
  return problems;
}

/** «А, Б , В» → ['А', 'Б', 'В']: trimmed, spaces collapsed, empty items dropped. */
export function parseDepartments(text: string): string[] {
  return text.split(/[,;\n]/).map((d) => d.replace(/\s+/g, ' ').trim()).filter((d) => d !== '');
}

export async function createSurvey(
  db: Db,
  input: Settings & { questions: Question[]; template: string | null; previousId: number | null; today: string },
): Promise<number> {
  const problems = checkSettings(input);
  if (problems.length > 0) throw new UserError(`Опрос не создан: ${problems.join(' ')}`, { exitCode: ExitCode.usage });
  if (input.previousId !== null) await getSurvey(db, input.previousId);
  const { listValue } = duckdb();
  const row = await db.one<{ id: number }>('surveys/insert_survey', {
    title: input.title.trim(),
    series: seriesKey(input.title),
    previous_id: input.previousId,
    template: input.template,
    questions: JSON.stringify(input.questions),
    departments: listValue(input.departments),
    min_group: input.minGroup,
    min_comments: input.minComments,
    created_on: input.today,
  });
  return row!.id;
}

export async function getSurvey(db: Db, id: number): Promise<Survey> {
  const row = await db.one<Record<string, unknown>>('surveys/survey', { id });
  if (!row) throw new UserError(`Опроса № ${id} нет в базе.`, { hint: 'Список опросов: okno survey list.' });
  return {
    id: row.id as number,
    title: row.title as string,
    series: row.series as string,
    previousId: (row.previous_id as number | null) ?? null,
    template: (row.template as string | null) ?? null,
    questions: JSON.parse(row.questions as string) as Question[],
    departments: row.departments as string[],
    minGroup: row.min_group as number,
    minComments: row.min_comments as number,
    state: row.state as SurveyState,
    createdOn: row.created_on as string,
    closedOn: (row.closed_on as string | null) ?? null,
    codesIssued: row.codes_issued as number,
    codesUsed: row.codes_used as number,
    respondents: row.respondents as number,
  };
}

export async function listSurveys(db: Db): Promise<{ id: number; title: string; state: SurveyState; createdOn: string; closedOn: string | null }[]> {
  const rows = await db.all<{ id: number; title: string; state: SurveyState; created_on: string; closed_on: string | null }>('surveys/list');
  return rows.map((r) => ({ id: r.id, title: r.title, state: r.state, createdOn: r.created_on, closedOn: r.closed_on }));
}

export function requireOpen(survey: Survey, action: string): void {
  if (survey.state !== 'open') {
    throw new UserError(`Опрос № ${survey.id} «${survey.title}» закрыт ${ruDate(survey.closedOn!)}: ${action} нельзя.`);
  }
}

/**
 * Issues `count` new codes and returns them in plain text (only their hashes are stored), once the store has
 * committed. The caller writes them where the organiser will find them (the printable sheet) only then, so a sheet
 * never lists codes the database does not have; should that writing fail, withdrawCodes takes them back.
 */
export async function issueCodes(db: Db, survey: Survey, count: number): Promise<string[]> {
  requireOpen(survey, 'выпускать коды');
  if (!Number.isInteger(count) || count < 1 || count > MAX_CODES) {
    throw new UserError(`--count — целое число от 1 до ${MAX_CODES}.`, { exitCode: ExitCode.usage });
  }
  const { listValue } = duckdb();
  const codes = generateCodes(count);
  await db.transaction(async () => {
    const hasher = await codeHasher(db, { create: true });
    const hashes = codes.map((c) => hasher.stored(survey.id, (readCode(c) as { digits: string }).digits));
    await db.run('surveys/insert_code', { id: survey.id, hashes: listValue(hashes) });
  });
  return codes;
}

/** Removes codes just issued whose sheet could not be written (nobody has seen them); a used code stays. */
export async function withdrawCodes(db: Db, survey: Survey, codes: string[]): Promise<void> {
  const { listValue } = duckdb();
  await db.transaction(async () => {
    const hasher = await codeHasher(db);
    const hashes = codes.map((c) => hasher.stored(survey.id, (readCode(c) as { digits: string }).digits));
    await db.run('surveys/withdraw_codes', { id: survey.id, hashes: listValue(hashes) });
  });
}

export type CodeCheck = 'ok' | 'used' | 'unknown';

/** Whether a typed code can be used now (read-only; the code is spent only with the answers, in submitAnswers). */
export async function checkCode(db: Db, surveyId: number, code: string): Promise<CodeCheck | { problem: string }> {
  const read = readCode(code);
  if ('problem' in read) return read;
  const { listValue } = duckdb();
  const hashes = (await codeHasher(db)).candidates(surveyId, read.digits);
  const row = await db.one<{ used: boolean }>('surveys/code_state', { id: surveyId, hashes: listValue(hashes) });
  return !row ? 'unknown' : row.used ? 'used' : 'ok';
}

export function codeMessage(check: Exclude<CodeCheck, 'ok'>): string {
  return check === 'used' ? 'этот код уже использован: по одному коду отвечают один раз.' : 'такого кода у этого опроса нет.';
}

export interface AnswerSheetRow {
  department: string;
  answers: Map<string, string[]>;
}

/**
 * Stores answer sheets in one transaction: spends the code (when given) first, so a used code admits nothing, then
 * writes each sheet and restores the content order. The caller has checked the sheets (model.checkAnswers).
 */
export async function submitAnswers(db: Db, survey: Survey, sheets: AnswerSheetRow[], code?: string): Promise<void> {
  await db.transaction(() => storeAnswers(db, survey, sheets, code));
}

/**
 * submitAnswers' work, inside a transaction the caller holds. `way`: how the sheets came in — 0 with a code (the
 * default), n for the survey's n-th imported export (the thresholds count each way on its own, results.ts).
 */
export async function storeAnswers(db: Db, survey: Survey, sheets: AnswerSheetRow[], code?: string, way = 0): Promise<void> {
  const current = await getSurvey(db, survey.id);
  requireOpen(current, 'отвечать');
  if (code !== undefined) {
    const read = readCode(code);
    if ('problem' in read) throw new UserError(`Ответ не записан: ${read.problem}`);
    const { listValue } = duckdb();
    const hashes = (await codeHasher(db)).candidates(survey.id, read.digits);
    const spent = await db.all('surveys/use_code', { id: survey.id, hashes: listValue(hashes) });
    if (spent.length === 0) {
      const state = await checkCode(db, survey.id, code);
      throw new UserError(`Ответ не записан: ${codeMessage(state === 'used' ? 'used' : 'unknown')}`);
    }
  }
  for (const sheet of sheets) await insertSheet(db, survey.id, sheet, way);
  await db.run('surveys/reorder');
}

/**
 * After a write of answers has committed: folds the write-ahead log into the file (the log keeps statements in the
 * order they ran), then overwrites the file's free blocks. A write that adds answers rewrites the answer tables
 * (reorder.sql), and the blocks of the tables it replaced — the answers as they were before it — stay in the file,
 * readable through the database's previous header, until DuckDB reuses them: a single copy of the file would tell
 * the last write apart. Random bytes are written into them (a table that fills them, checkpointed, then dropped and
 * checkpointed again), so a copy holds the answers only as they are now. The same after closing a survey (the
 * erased watermark). The file's previous header, which DuckDB keeps beside the current one, is left pointing at the
 * answers as they are now. Costs a write of the free space, which answer writes keep to a few blocks.
 */
export async function settleAnswers(db: Db): Promise<void> {
  await db.exec('checkpoint');
  // Also with no free block: the two checkpoints below make the file's previous header one of the answers as they
  // are now, not the one before this write.
  const size = await db.one<{ free_blocks: number; block_size: number }>('surveys/free_blocks');
  const blocks = (size?.free_blocks ?? 0) + 1;
  await db.run('surveys/wipe_fill', { rows: blocks * Math.ceil((size?.block_size ?? 262_144) / 16) });
  await db.exec('checkpoint');
  await db.run('surveys/wipe_drop');
  await db.exec('checkpoint');
}

async function insertSheet(db: Db, surveyId: number, sheet: AnswerSheetRow, way: number): Promise<void> {
  const { listValue } = duckdb();
  await db.run('surveys/insert_respondent', { id: surveyId, department: sheet.department, way });
  const ids = [...sheet.answers.keys()];
  if (ids.length === 0) return;
  await db.run('surveys/insert_answers', {
    id: surveyId,
    department: sheet.department,
    way,
    question_ids: listValue(ids),
    answers: listValue(ids.map((q) => listValue(sheet.answers.get(q)!))),
  });
}

/** An answer sheet with the code it came with (a batch collected by `okno survey serve`). */
export interface CodedSheet extends AnswerSheetRow {
  code: string;
}

/**
 * Stores a batch of sheets, each with its own code, in one transaction: each code is spent with its sheet, the
 * sheets go in in a random order and the tables are restored to content order. A sheet whose code was spent
 * meanwhile by another way in (a kiosk, `take --answers`), or whose department left the survey's list, is left out
 * (its code stays as it was) and counted in `refused`. A closed survey refuses the whole batch (UserError).
 */
export async function storeCodedSheets(db: Db, survey: Survey, sheets: CodedSheet[]): Promise<{ stored: number; refused: number }> {
  return db.transaction(async () => {
    const current = await getSurvey(db, survey.id);
    requireOpen(current, 'отвечать');
    let stored = 0;
    const { listValue } = duckdb();
    const hasher = await codeHasher(db);
    for (const sheet of shuffled(sheets)) {
      const read = readCode(sheet.code);
      if ('problem' in read || matchDepartment(current, sheet.department) !== sheet.department) continue;
      const spent = await db.all('surveys/use_code', { id: survey.id, hashes: listValue(hasher.candidates(survey.id, read.digits)) });
      if (spent.length === 0) continue;
      await insertSheet(db, survey.id, sheet, 0);
      stored++;
    }
    if (stored > 0) await db.run('surveys/reorder');
    return { stored, refused: sheets.length - stored };
  });
}

/** A copy in a random order (Fisher–Yates over crypto randomness). */
function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Settings can change only before the first answer (DESIGN §5): afterwards they are what respondents were promised. */
export async function changeSettings(db: Db, survey: Survey, next: Settings): Promise<void> {
  requireOpen(survey, 'менять настройки');
  const anonymityChanged =
    next.minGroup !== survey.minGroup ||
    next.minComments !== survey.minComments ||
    next.departments.length !== survey.departments.length ||
    next.departments.some((d, i) => d !== survey.departments[i]);
  if (anonymityChanged && survey.respondents > 0) {
    throw new UserError(
      `Настройки анонимности опроса № ${survey.id} нельзя менять: уже есть ответы (${survey.respondents}). Отвечавшим обещаны эти пороги и этот список отделов.`,
      { hint: 'Нужны другие настройки — создайте новый опрос.' },
    );
  }
  const problems = checkSettings(next);
  if (problems.length > 0) throw new UserError(`Настройки не изменены: ${problems.join(' ')}`, { exitCode: ExitCode.usage });
  const { listValue } = duckdb();
  await db.transaction(() =>
    db.run('surveys/update_settings', {
      id: survey.id,
      title: next.title.trim(),
      series: seriesKey(next.title),
      departments: listValue(next.departments),
      min_group: next.minGroup,
      min_comments: next.minComments,
    }),
  );
}

export async function closeSurvey(db: Db, survey: Survey, today: string): Promise<void> {
  requireOpen(survey, 'закрыть его ещё раз');
  await db.transaction(async () => {
    await db.run('surveys/close', { id: survey.id, closed_on: today });
    await db.run('surveys/erase_watermark', { id: survey.id });
    await db.run('surveys/reorder');
  });
}

/** The department as listed in the survey for what a person typed or an export holds (case, spaces, ё ignored). */
export function matchDepartment(survey: Pick<Survey, 'departments'>, text: string): string | undefined {
  const key = seriesKey(text);
  return survey.departments.find((d) => seriesKey(d) === key);
}
