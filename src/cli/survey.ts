import { jsonSyntaxProblem } from '../text/json.js';
import { Command, InvalidArgumentError, Option } from 'commander';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { makeDir, saveNewFile, writeReason } from '../files/atomic.js';
import path from 'node:path';
import type { Db } from '../db/database.js';
import { surveyIdArgument, withDb } from './common.js';
import { makeServe, servingProcess } from './survey-serve.js';
import { ExitCode, UserError, errorMessage } from '../errors.js';
import { localDate } from '../time/period.js';
import { countOf, nouns } from '../text/russian.js';
import type { AnswerSheet, Question, SurveyDefinition } from '../surveys/model.js';
import { DEFAULT_MIN_COMMENTS, DEFAULT_MIN_GROUP } from '../surveys/defaults.js';
import type { Survey } from '../surveys/store.js';
import { BACK, type Back, type Choice, type Deps, type GlobalOptions, type Prompts, type SurveyPrompts, type Timers } from './deps.js';

export function makeSurveyCommand(deps: Deps): Command {
  return new Command('survey')
    .description('анонимные опросы сотрудников (внутренних клиентов): коды, ответы, итоги без раскрытия отвечавших')
    .addCommand(makeCreate(deps))
    .addCommand(makeCodes(deps))
    .addCommand(makeTake(deps))
    .addCommand(makeServe(deps))
    .addCommand(makeLoad(deps))
    .addCommand(makeList(deps))
    .addCommand(makeStatus(deps))
    .addCommand(makeSettings(deps))
    .addCommand(makeClose(deps))
    .addCommand(makeResults(deps));
}

// The survey domain is loaded when a command runs: building the program (every run, `--help` too) needs none of it.
const surveyModel = () => import('../surveys/model.js');
const surveyStore = () => import('../surveys/store.js');

const idArgument = surveyIdArgument;
const idleOption = (value: string): number => {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 120) throw new InvalidArgumentError('нужно целое число минут от 1 до 120.');
  return Number(value);
};
const countOption = (value: string): number => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('нужно целое число.');
  return Number(value);
};

interface Opened {
  db: Db;
  today: string;
}

/**
 * Opens the survey database. `create`: a missing file is created (a department head may never load
 * consultations). `waitIfBusy`: another okno holding the file (a second kiosk) is waited for instead of failing.
 */
async function open(
  deps: Deps,
  cmd: Command,
  options: { write?: boolean; create?: boolean; waitIfBusy?: boolean; unstoppable?: boolean } = {},
): Promise<Opened> {
  const global = cmd.optsWithGlobals<GlobalOptions>();
  const [{ loadConfig }, { Db, databaseExists }] = await Promise.all([import('../config.js'), import('../db/database.js')]);
  const config = await loadConfig(undefined, deps.cwd);
  const file = path.resolve(deps.cwd, global.db);
  if (!options.create && !databaseExists(file)) {
    throw new UserError(`База ${file} не найдена.`, { hint: 'Опрос создаётся командой okno survey create; или укажите базу через --db.' });
  }
  const db = await Db.open(file, {
    readOnly: !options.write,
    timeZone: config.timeZone,
    clock: deps.clock,
    // A kiosk's waiting answers are written at Ctrl+C too: that write is not stopped by it.
    signal: options.unstoppable ? undefined : deps.signal,
    waitIfBusy: options.waitIfBusy ? { onWait: () => deps.output.error('База занята другим процессом okno, жду…') } : undefined,
  });
  return { db, today: localDate(deps.clock(), config.timeZone) };
}

async function withSurvey<T>(
  deps: Deps,
  cmd: Command,
  id: number,
  fn: (db: Db, survey: Survey, today: string) => Promise<T>,
  options: { write?: boolean; waitIfBusy?: boolean } = {},
): Promise<T> {
  const { getSurvey } = await surveyStore();
  return withDb(open(deps, cmd, options), async ({ db, today }) => fn(db, await getSurvey(db, id), today));
}

// ---- create ---------------------------------------------------------------------------------------------------

function makeCreate(deps: Deps): Command {
  return new Command('create')
    .description('создать опрос: по шаблону «Удовлетворенность внутренним взаимодействием» или из файла JSON')
    .addOption(new Option('--template <name>', 'встроенный шаблон').choices(['internal']))
    .option('--from <file.json>', 'свои вопросы (формат — в README)')
    .option('--title <title>', 'название (по умолчанию — из шаблона или файла)')
    .requiredOption('--departments <list>', 'отделы через запятую: "Отдел А,Отдел Б"')
    .option('--min-group <n>', 'показывать цифры группы от стольких ответивших', countOption, DEFAULT_MIN_GROUP)
    .option('--min-comments <n>', 'показывать комментарии группы от стольких ответивших', countOption, DEFAULT_MIN_COMMENTS)
    .option('--previous <id>', 'предыдущая волна этого опроса (по умолчанию — последний закрытый опрос с тем же названием)', idArgument)
    .option('--json', 'вывести {"id": …}')
    .action(async (opts: { template?: string; from?: string; title?: string; departments: string; minGroup: number; minComments: number; previous?: number; json?: boolean }, cmd: Command) => {
      if (opts.template && opts.from) throw new UserError('Укажите либо --template, либо --from.', { exitCode: ExitCode.usage });
      const [{ internalTemplate }, { checkSettings, createSurvey, getSurvey, parseDepartments }] = await Promise.all([surveyModel(), surveyStore()]);
      const definition = opts.from ? await readDefinition(deps, opts.from) : internalTemplate;
      const title = opts.title ?? definition.title;
      if (!title) throw new UserError('Нужно название опроса: --title или "title" в файле.', { exitCode: ExitCode.usage });
      const settings = { title, departments: parseDepartments(opts.departments), minGroup: opts.minGroup, minComments: opts.minComments };
      // Refused before the database is opened, so a refusal leaves no new empty database behind.
      const problems = checkSettings(settings);
      if (problems.length > 0) throw new UserError(`Опрос не создан: ${problems.join(' ')}`, { exitCode: ExitCode.usage });
      // A previous wave can only be in an existing database: no new one is made for a refusal.
      await withDb(open(deps, cmd, { write: true, create: opts.previous === undefined }), async ({ db, today }) => {
        const id = await createSurvey(db, {
          ...settings,
          questions: definition.questions,
          template: opts.from ? null : 'internal',
          previousId: opts.previous ?? null,
          today,
        });
        if (opts.json) deps.output.json({ id });
        else {
          const survey = await getSurvey(db, id);
          deps.output.print(
            `Опрос № ${id} «${survey.title}» создан: ${countOf(survey.questions.length, nouns.question)}, ${countOf(survey.departments.length, nouns.department)}.\n` +
              `Цифры показываются для групп от ${survey.minGroup} ответивших, комментарии — от ${survey.minComments}; после первого ответа эти настройки не меняются.\n` +
              `Дальше: okno survey codes ${id} --count <число сотрудников>`,
          );
        }
      });
    });
}

/** A JSON file the user named; a missing file or bad JSON is the user's error, in Russian. */
async function readJsonFile(deps: Deps, file: string): Promise<unknown> {
  const full = path.resolve(deps.cwd, file);
  let text: string;
  try {
    text = await readFile(full, 'utf8');
  } catch (error) {
    throw new UserError(`Файл ${file}: ${existsSync(full) ? 'не удаётся прочитать' : 'не найден'}.`, { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UserError(`Файл ${file}: не JSON (${jsonSyntaxProblem(text, error)}).`, { cause: error });
  }
}

async function readDefinition(deps: Deps, file: string): Promise<SurveyDefinition> {
  const { DefinitionError, parseDefinition } = await surveyModel();
  const json = await readJsonFile(deps, file);
  try {
    return parseDefinition(json);
  } catch (error) {
    if (error instanceof DefinitionError) throw new UserError(`Файл ${file}: ${error.problems.join(' ')}`, { hint: 'Формат файла вопросов — в руководстве docs/guide.md, раздел «Опросы».' });
    throw error;
  }
}

// ---- codes ----------------------------------------------------------------------------------------------------

function makeCodes(deps: Deps): Command {
  return new Command('codes')
    .description('выпустить одноразовые коды доступа и лист для разрезания (в базе — только их хеши)')
    .argument('<id>', 'номер опроса', idArgument)
    .requiredOption('--count <n>', 'сколько кодов', countOption)
    .option('--out <file>', 'лист с кодами: .html для печати или .txt (по умолчанию survey-<id>-codes.html)')
    .option('--address <url>', 'адрес okno survey serve для QR-кода на листочках (по умолчанию — первый сетевой адрес этого компьютера, порт 8080)', addressOption)
    .option('--no-qr', 'листочки без QR-кода')
    .option('--json', 'вывести коды в JSON')
    .action(async (id: number, opts: { count: number; out?: string; address?: string; qr: boolean; json?: boolean }, cmd: Command) => {
      const out = path.resolve(deps.cwd, opts.out ?? `survey-${id}-codes.html`);
      if (!/\.(html?|txt)$/i.test(out)) throw new UserError('--out: нужен файл .html или .txt.', { exitCode: ExitCode.usage });
      const html = !/\.txt$/i.test(out);
      const address = html && opts.qr ? (opts.address ?? defaultServeAddress()) : undefined;
      await withSurvey(deps, cmd, id, async (db, survey) => {
        const [{ renderCodeSheet }, { MAX_CODES, issueCodes, requireOpen, withdrawCodes }] = await Promise.all([import('../render/survey-codes.js'), surveyStore()]);
        requireOpen(survey, 'выпускать коды');
        if (opts.count < 1 || opts.count > MAX_CODES) throw new UserError(`--count — целое число от 1 до ${MAX_CODES}.`, { exitCode: ExitCode.usage });
        const link = address ? { address, qr: await (await import('../render/qr.js')).qrSvgMaker() } : undefined;
        // Never over an existing sheet: it may hold the only copy of codes not yet handed out.
        const taken = () =>
          new UserError(`Лист с кодами ${out} уже есть: в нём могут быть коды, которые ещё не розданы. Коды не выпущены.`, {
            hint: 'Укажите другой файл (--out) или переименуйте прежний лист.',
          });
        if (existsSync(out)) throw taken();
        try {
          await makeDir(path.dirname(out));
        } catch (error) {
          throw notIssued(error);
        }
        // The codes are stored first; the sheet is written only once the store has committed, so no sheet ever lists
        // codes that do not exist (a full disk fails the commit, and there is no sheet).
        const codes = await issueCodes(db, survey, opts.count);
        try {
          await saveNewFile(out, html ? renderCodeSheet(survey, codes, link) : `${codes.join('\n')}\n`);
        } catch (error) {
          // A sheet that cannot be written: its codes, which nobody can ever see, are taken back.
          const withdrawn = await withdrawCodes(db, survey, codes).then(() => true, () => false);
          const problem = (error as NodeJS.ErrnoException).code === 'EEXIST' ? taken() : notIssued(error);
          if (withdrawn) throw problem;
          throw new UserError(
            `${problem.message.replace(/ Коды не выпущены\.$/, '')} В базе остались коды без листа (${codes.length}): их никто не видел, и ответить по ним нельзя.`,
            { hint: problem.hint, cause: error },
          );
        }
        const shown = path.relative(deps.cwd, out) || out;
        if (opts.json) deps.output.json({ id, count: codes.length, file: shown, codes, address: address ?? null });
        else {
          const qr = !html || !opts.qr
            ? ''
            : address
              ? `На листочках — QR-код адреса ${address}${opts.address ? '' : ` (okno survey serve ${id} на этом компьютере, порт 8080; другой адрес — --address)`}.\n`
              : 'QR-кода на листочках нет: у компьютера нет сети. Адрес для него — --address http://<адрес>:8080/\n';
          deps.output.print(
            `Выпущено кодов: ${codes.length} (всего у опроса: ${survey.codesIssued + codes.length}). Лист: ${shown}\n` +
              qr +
              'Распечатайте, разрежьте и перемешайте листочки, прежде чем раздавать: никто не должен знать, какой код у кого.\n' +
              'В базе хранятся только хеши кодов; второй раз эти коды не показать — храните лист до раздачи.',
          );
        }
      }, { write: true });
    });
}

/** A sheet that could not be written, as the user's error, saying no code was issued. */
function notIssued(error: unknown): UserError {
  if (error instanceof UserError) return new UserError(`${error.message} Коды не выпущены.`, { hint: error.hint, cause: error });
  return new UserError(`Не удалось записать лист с кодами: ${writeReason(error) ?? errorMessage(error)}. Коды не выпущены.`, { cause: error });
}

/** An address for the slips' QR code: http(s)://host[:port]/path, without a query or fragment. */
function addressOption(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('нужен адрес вида http://192.168.10.24:8080/.');
  }
  if (!/^https?:$/.test(url.protocol) || url.search !== '' || url.hash !== '' || url.username !== '') {
    throw new InvalidArgumentError('нужен адрес вида http://192.168.10.24:8080/ — без ?, # и имени пользователя.');
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/** Where `okno survey serve` on this computer answers by default: its first network address, port 8080. */
function defaultServeAddress(): string | undefined {
  const ip = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal);
  return ip ? `http://${ip.address}:8080/` : undefined;
}

// ---- take -----------------------------------------------------------------------------------------------------

function makeTake(deps: Deps): Command {
  return new Command('take')
    .description('ответить на опрос: вопросы по очереди, или из файла с ответами (--code и --answers)')
    .argument('<id>', 'номер опроса', idArgument)
    .option('--kiosk', 'общий компьютер: опрос за опросом, экран очищается между людьми (выход — Ctrl+C)')
    .option('--idle <minutes>', `киоск: через сколько минут без нажатий клавиш недозаполненная анкета сбрасывается (по умолчанию ${KIOSK_IDLE_MINUTES})`, idleOption, KIOSK_IDLE_MINUTES)
    .option('--code <code>', 'код доступа (с --answers)')
    .option('--answers <file.json>', 'ответы: {"department": "…", "answers": {"<question-id>": …}}')
    .action(async (id: number, opts: { kiosk?: boolean; idle: number; code?: string; answers?: string }, cmd: Command) => {
      if ((opts.code === undefined) !== (opts.answers === undefined)) {
        throw new UserError('--code и --answers указываются вместе.', { exitCode: ExitCode.usage });
      }
      if (opts.answers !== undefined) {
        if (opts.kiosk) throw new UserError('--kiosk — для ответов на вопросы по очереди, не из файла.', { exitCode: ExitCode.usage });
        await takeFromFile(deps, cmd, id, opts.code!, opts.answers);
        return;
      }
      if (!(deps.interactive ?? process.stdin.isTTY === true)) {
        throw new UserError('Для ответов по очереди нужен терминал.', { hint: 'Без терминала: okno survey take <id> --code <код> --answers <файл.json>.', exitCode: ExitCode.usage });
      }
      await takeInteractive(deps, cmd, id, opts.kiosk === true, opts.idle);
    });
}

async function takeFromFile(deps: Deps, cmd: Command, id: number, code: string, file: string): Promise<void> {
  const [{ checkAnswers, readCode }, { matchDepartment, requireOpen }] = await Promise.all([surveyModel(), surveyStore()]);
  const json = ((await readJsonFile(deps, file)) ?? {}) as { department?: unknown; answers?: unknown };
  const read = readCode(code);
  if ('problem' in read) throw new UserError(`Ответ не записан: ${read.problem}`);
  const survey = await withSurvey(deps, cmd, id, async (_, s) => s, { waitIfBusy: true });
  requireOpen(survey, 'отвечать');
  const department = typeof json.department === 'string' ? matchDepartment(survey, json.department) : undefined;
  if (!department) throw new UserError(`Файл ${file}: «department» — один из отделов опроса: ${survey.departments.join(', ')}.`);
  if (typeof json.answers !== 'object' || json.answers === null || Array.isArray(json.answers)) {
    throw new UserError(`Файл ${file}: нужен объект «answers» {"<id вопроса>": ответ}.`);
  }
  const checked = checkAnswers(survey.questions, json.answers as Record<string, unknown>);
  if ('problems' in checked) throw new UserError(`Ответ не записан: ${checked.problems.join(' ')}`);
  await submit(deps, cmd, survey, { department, answers: checked.answers }, code);
  deps.output.print('Спасибо! Ответ записан.');
}

/** Spends the code and stores the answers in one transaction, waiting for another kiosk if it holds the base. */
async function submit(deps: Deps, cmd: Command, survey: Survey, sheet: { department: string; answers: Map<string, string[]> }, code: string) {
  const { submitAnswers, settleAnswers } = await surveyStore();
  await withDb(open(deps, cmd, { write: true, waitIfBusy: true }), async ({ db }) => {
    await submitAnswers(db, survey, [sheet], code);
    await settleAnswers(db);
  });
}

const CLEAR_SCREEN = '\x1b[2J\x1b[3J\x1b[H';

/** A kiosk drops a half-filled sheet after this many minutes without a key pressed (`--idle`). */
export const KIOSK_IDLE_MINUTES = 3;

async function takeInteractive(deps: Deps, cmd: Command, id: number, kiosk: boolean, idleMinutes: number): Promise<void> {
  if (!kiosk) return takeOnce(deps, cmd, id, false, idleMinutes, undefined);
  // A kiosk holds the sheets it takes in memory and writes them in batches (KioskBatch); Ctrl+C ends it, the
  // remainder written first.
  const batch = new KioskBatch(deps, cmd);
  try {
    await takeOnce(deps, cmd, id, true, idleMinutes, batch);
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ExitPromptError')) throw error;
    deps.output.print(CLEAR_SCREEN);
    try {
      await batch.flush(id);
    } catch (failure) {
      throw new UserError(`Не удалось записать ответы, ждавшие своей пачки (${batch.pending}): их коды не израсходованы, по ним можно ответить ещё раз.`, {
        cause: failure,
        hint: failure instanceof UserError ? failure.message : undefined,
      });
    }
    deps.output.print(batch.summary());
  }
}

/**
 * The sheets a kiosk has taken and not yet written. As `okno survey serve` does (README «Batching»), they wait
 * here until the survey's min-group are waiting, then go in one transaction — each code spent with its sheet, the
 * sheets in a random order, the free blocks overwritten (settleAnswers) — so a copy of the database taken after any
 * one person answered shows nothing that person added. A waiting code counts as used at this kiosk. A crash loses
 * the waiting sheets (their codes stay unspent); Ctrl+C writes them.
 */
class KioskBatch {
  private readonly waiting: (AnswerSheetRowLike & { code: string; digits: string })[] = [];
  private stored = 0;
  private refused = 0;

  constructor(
    private readonly deps: Deps,
    private readonly cmd: Command,
  ) {}

  get pending(): number {
    return this.waiting.length;
  }

  holds(digits: string): boolean {
    return this.waiting.some((w) => w.digits === digits);
  }

  /** Takes a sheet; writes the batch once min-group are waiting. */
  async add(survey: Survey, sheet: AnswerSheetRowLike, code: string, digits: string): Promise<void> {
    this.waiting.push({ ...sheet, code, digits });
    if (this.waiting.length >= survey.minGroup) await this.flush(survey.id);
  }

  /** Writes what waits (not stopped by Ctrl+C); a sheet whose code was spent meanwhile elsewhere is left out. */
  async flush(id: number): Promise<void> {
    if (this.waiting.length === 0) return;
    const [{ getSurvey, storeCodedSheets, settleAnswers }] = await Promise.all([surveyStore()]);
    const sheets = this.waiting.splice(0);
    let done: { stored: number; refused: number };
    try {
      done = await withDb(open(this.deps, this.cmd, { write: true, waitIfBusy: true, unstoppable: true }), async ({ db }) => {
        const result = await storeCodedSheets(db, await getSurvey(db, id), sheets);
        await settleAnswers(db);
        return result;
      });
    } catch (error) {
      // Nothing of the batch was written (one transaction): it waits for the next try.
      this.waiting.unshift(...sheets);
      throw error;
    }
    this.stored += done.stored;
    this.refused += done.refused;
  }

  summary(): string {
    return (
      `Киоск закрыт. Записано ответов: ${this.stored}.` +
      (this.refused > 0 ? ` Не записано: ${this.refused} — их коды за это время использовали другим способом (другой киоск, сеть, файл ответов).` : '')
    );
  }
}

type AnswerSheetRowLike = { department: string; answers: Map<string, string[]> };

async function takeOnce(deps: Deps, cmd: Command, id: number, kiosk: boolean, idleMinutes: number, batch: KioskBatch | undefined): Promise<void> {
  const [{ checkAnswers, readCode }, { requireOpen }] = await Promise.all([surveyModel(), surveyStore()]);
  const prompts = deps.surveyPrompts ?? (await (await import('./prompts.js')).surveyPrompts());
  // What the next person sees at the top of the fresh screen: that the previous sheet was taken, or dropped.
  let notice: string | undefined;
  for (;;) {
    if (kiosk) deps.output.print(CLEAR_SCREEN);
    if (notice !== undefined) deps.output.print(`${notice}\n`);
    notice = undefined;
    // Read what the questions need, then close: the base is not held while a person answers.
    const survey = await withSurvey(deps, cmd, id, async (_, s) => s, { waitIfBusy: true });
    requireOpen(survey, 'отвечать');
    deps.output.print(`«${survey.title}»\nАнонимный опрос: ответы хранятся без имени, без кода и без времени; итоги видны только по группам от ${countOf(survey.minGroup, nouns.personGen)}.\n`);
    const code = await askCode(deps, cmd, prompts, survey, batch);
    if (code === null) {
      if (!kiosk) throw new UserError('Ответ не записан: код не подошёл.');
      await prompts.input({ message: 'Нажмите Enter, чтобы начать сначала' });
      continue;
    }
    const idle = kiosk ? idleWatch(deps.timers ?? globalThis, idleMinutes * 60_000) : undefined;
    let answered: { department: string; sheet: AnswerSheet };
    try {
      answered = await askSheet(prompts, survey, (text) => deps.output.print(text), idle);
    } catch (error) {
      if (idle?.signal.aborted) {
        notice = `Предыдущая анкета сброшена: ${countOf(idleMinutes, nouns.minute)} без нажатий клавиш. Ничего не записано, код не израсходован.`;
        continue;
      }
      // Ctrl+C at a kiosk: the half-filled answers leave the screen with the kiosk.
      if (kiosk) deps.output.print(CLEAR_SCREEN);
      throw error;
    } finally {
      idle?.stop();
    }
    const checked = checkAnswers(survey.questions, answered.sheet);
    if ('problems' in checked) throw new Error(`prompted answers failed the check: ${checked.problems.join(' ')}`);
    try {
      if (batch) {
        // Still unused? (Another kiosk may have spent it while this person answered: they are told now, not never.)
        const { checkCode, codeMessage } = await surveyStore();
        const state = await withDb(open(deps, cmd, { waitIfBusy: true }), ({ db }) => checkCode(db, survey.id, code));
        if (state !== 'ok') throw new UserError(`Ответ не записан: ${typeof state === 'string' ? codeMessage(state) : state.problem}`);
        await batch.add(survey, { department: answered.department, answers: checked.answers }, code, (readCode(code) as { digits: string }).digits);
      } else await submit(deps, cmd, survey, { department: answered.department, answers: checked.answers }, code);
    } catch (error) {
      // Another kiosk spent the same code while this person answered (or the survey was closed meanwhile): this
      // person is told, and the kiosk goes on to the next (the loop's first check ends it if the survey is closed).
      if (!kiosk || !(error instanceof UserError)) throw error;
      deps.output.print(CLEAR_SCREEN);
      deps.output.error(error.message);
      await prompts.input({ message: 'Нажмите Enter, чтобы начать сначала' });
      continue;
    }
    if (!kiosk) {
      deps.output.print('\nСпасибо! Ответ записан.');
      return;
    }
    // Taken: the answers leave the screen at once, whether or not the person waits for anything.
    notice = `Спасибо! Ответ принят: он будет записан в базу вместе с другими, пачкой не меньше чем по ${survey.minGroup} (последняя, при остановке, может быть меньше).`;
  }
}

interface IdleWatch {
  signal: AbortSignal;
  /** A key was pressed: the wait starts again. */
  touch(): void;
  stop(): void;
}

/** Aborts `signal` once `ms` pass without a touch. */
function idleWatch(timers: Timers, ms: number): IdleWatch {
  const controller = new AbortController();
  const fire = () => controller.abort(new Error(`idle for ${ms} ms`));
  let handle = timers.setTimeout(fire, ms);
  return {
    signal: controller.signal,
    touch() {
      if (controller.signal.aborted) return;
      timers.clearTimeout(handle);
      handle = timers.setTimeout(fire, ms);
    },
    stop: () => timers.clearTimeout(handle),
  };
}

/**
 * The code, checked before the questions so nobody answers in vain; null when it cannot be used. A code whose sheet
 * waits in this kiosk's batch counts as used.
 */
async function askCode(deps: Deps, cmd: Command, prompts: Prompts, survey: Survey, batch?: KioskBatch): Promise<string | null> {
  const [{ readCode }, { checkCode, codeMessage }] = await Promise.all([surveyModel(), surveyStore()]);
  const code = await prompts.input({
    message: 'Код с листочка',
    validate: (v) => {
      const read = readCode(v);
      return 'problem' in read ? read.problem : true;
    },
  });
  const read = readCode(code);
  const waiting = 'digits' in read && batch?.holds(read.digits) === true;
  const state = waiting ? 'used' : await withDb(open(deps, cmd, { waitIfBusy: true }), ({ db }) => checkCode(db, survey.id, code));
  if (state === 'ok') return code;
  deps.output.error(`Код не подошёл: ${typeof state === 'string' ? codeMessage(state) : state.problem}`);
  return null;
}

const SKIP = '__skip__';
const SEND = '__send__';
const DEPARTMENT = '__department__';

/** «3. Текст» with the digit that picks it, for the first nine. */
const numbered = <T extends string>(i: number, name: string, value: T): Choice<T> => ({ name: `${i + 1}. ${name}`, value, ...(i < 9 && { key: String(i + 1) }) });
const shorten = (text: string, max = 70) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);

/**
 * The department and the questions one by one (conditional ones as the answers so far decide), Esc going back a
 * question, then a review of every answer from which any can be changed; returns once the person sends.
 */
async function askSheet(prompts: SurveyPrompts, survey: Survey, print: (text: string) => void, idle?: IdleWatch): Promise<{ department: string; sheet: AnswerSheet }> {
  const { TEXT_ANSWER_LIMIT, isAsked, textAnswer } = await surveyModel();
  const common = { signal: idle?.signal, onKey: idle?.touch };
  let department: string | undefined;
  const sheet: AnswerSheet = {};
  // Questions the person has been shown: after a change from the review, only new ones are asked before it again.
  const seen = new Set<string>();
  /** The questions asked, given the answers so far; an answer to one no longer asked is dropped (as the web form does). */
  const askedNow = () => {
    const kept: AnswerSheet = {};
    const asked: Question[] = [];
    for (const q of survey.questions) {
      if (!isAsked(q, kept)) continue;
      asked.push(q);
      if (sheet[q.id] !== undefined) kept[q.id] = sheet[q.id]!;
    }
    for (const id of Object.keys(sheet)) if (!(id in kept)) delete sheet[id];
    return asked;
  };
  let reviewing = false;
  const after = (questions: Question[], step: number) => {
    if (!reviewing) return step + 1;
    const next = questions.findIndex((q) => !seen.has(q.id));
    return next === -1 ? questions.length + 1 : next + 1;
  };
  let step = 0;
  for (;;) {
    const questions = askedNow();
    if (step === 0) {
      const choices = survey.departments.map((d, i) => numbered(i, d, d));
      department = (await prompts.choose({ message: 'Ваш отдел', choices, default: department, ...common })) as string;
      step = after(questions, 0);
      continue;
    }
    if (step <= questions.length) {
      const q = questions[step - 1]!;
      // A comment typed and left by Esc is kept as the answer, shown again on the way forward.
      const keepDraft = (draft: string) => {
        if (draft !== '' && textAnswer(draft).length <= TEXT_ANSWER_LIMIT) sheet[q.id] = draft;
      };
      const answer = await askOne(prompts, q, `Вопрос ${step} из ${questions.length}. `, seen.has(q.id) ? (sheet[q.id] ?? SKIP) : undefined, { ...common, onBack: keepDraft });
      seen.add(q.id);
      if (answer === BACK) {
        step--;
        continue;
      }
      if (answer === SKIP || answer === '' || (Array.isArray(answer) && answer.length === 0)) delete sheet[q.id];
      else sheet[q.id] = answer;
      step = after(askedNow(), step);
      continue;
    }
    reviewing = true;
    print(reviewText(department!, questions, sheet));
    const choice = await prompts.choose({
      message: 'Отправить ответы?',
      choices: [
        { name: '0. Отправить ответы', value: SEND, key: '0' },
        { name: 'Изменить отдел', value: DEPARTMENT },
        ...questions.map((q, i) => numbered(i, `Изменить ответ: ${shorten(q.text)}`, q.id)),
      ],
      problem: 'Выберите «Отправить ответы» (цифра 0) или ответ, который хотите изменить, потом Enter.',
      back: true,
      ...common,
    });
    if (choice === SEND) {
      // Every way here passes through each required question, but the sheet is what is sent: checked once more.
      const missing = questions.findIndex((q) => q.required && sheet[q.id] === undefined);
      if (missing === -1) return { department: department!, sheet };
      print(`Нет ответа на обязательный вопрос ${missing + 1}.`);
      step = missing + 1;
      continue;
    }
    step = choice === BACK ? questions.length : choice === DEPARTMENT ? 0 : questions.findIndex((q) => q.id === choice) + 1;
  }
}

/** Every answer before it is sent: the department, then each asked question with its answer. */
function reviewText(department: string, questions: Question[], sheet: AnswerSheet): string {
  const shown = (answer: string | string[] | undefined) =>
    answer === undefined || answer.length === 0 ? 'нет ответа' : Array.isArray(answer) ? answer.join('; ') : answer.replace(/\n/g, '\n     ');
  return ['', 'Проверьте ответы:', `   Отдел: ${department}`, ...questions.map((q, i) => `${i + 1}. ${q.text}\n   → ${shown(sheet[q.id])}`), ''].join('\n');
}

async function askOne(
  prompts: SurveyPrompts,
  q: Question,
  progress: string,
  previous: string | string[] | undefined,
  common: { signal?: AbortSignal; onKey?: () => void; onBack?: (draft: string) => void },
): Promise<string | string[] | Back> {
  const { SCALE_VALUES, TEXT_ANSWER_LIMIT, textAnswer } = await surveyModel();
  const { onBack, ...rest } = common;
  const options = { back: true, ...rest };
  const skip: Choice<string>[] = q.required ? [] : [{ name: '0. Пропустить вопрос', value: SKIP, key: '0' }];
  const single = typeof previous === 'string' ? previous : undefined;
  switch (q.kind) {
    case 'scale': {
      const label = (v: string) => (v === '1' && q.labels ? `1 — ${q.labels.low}` : v === '5' && q.labels ? `5 — ${q.labels.high}` : v);
      return prompts.choose({
        message: `${progress}${q.text}`,
        choices: [...SCALE_VALUES.map((v) => ({ name: label(v), value: v as string, key: v })), ...skip],
        default: single,
        problem: `Нажмите цифру от 1 до 5 (1 — худшая оценка, 5 — лучшая)${q.required ? '' : ' или 0, чтобы пропустить вопрос'}, потом Enter.`,
        ...options,
      });
    }
    case 'single':
      return prompts.choose({ message: `${progress}${q.text}`, choices: [...q.options!.map((o, i) => numbered(i, o, o)), ...skip], default: single, ...options });
    case 'multiple':
      return prompts.chooseMany({
        message: `${progress}${q.text}`,
        choices: q.options!.map((o, i) => numbered(i, o, o)),
        default: Array.isArray(previous) ? previous : undefined,
        required: q.required,
        ...options,
      });
    case 'text':
      return prompts.text({
        message: `${progress}${q.text}${q.required ? '' : ' (можно пропустить)'}`,
        default: single === SKIP ? undefined : single,
        onBack,
        validate: (v) => {
          if (q.required && v.trim() === '') return 'Нужен ответ: напишите хотя бы несколько слов.';
          const length = textAnswer(v).length;
          return length <= TEXT_ANSWER_LIMIT || `Не длиннее ${TEXT_ANSWER_LIMIT} знаков, а здесь ${length}: сократите ответ.`;
        },
        ...options,
      });
  }
}

// ---- load -----------------------------------------------------------------------------------------------------

function makeLoad(deps: Deps): Command {
  return new Command('load')
    .description('загрузить ответы, собранные в другом месте (Google Формы, Яндекс Формы): e-mail, имена и время отбрасываются')
    .argument('<id>', 'номер опроса', idArgument)
    .argument('<file>', 'выгрузка ответов, CSV или XLSX')
    .option('--json', 'вывести итог в JSON')
    .action(async (id: number, file: string, opts: { json?: boolean }, cmd: Command) => {
      const full = path.resolve(deps.cwd, file);
      if (!existsSync(full)) throw new UserError(`Файл ${file} не найден.`);
      const { importAnswers } = await import('../surveys/import.js');
      const report = await withSurvey(deps, cmd, id, async (db, survey) => {
        const r = await importAnswers(db, survey, full, file);
        await (await surveyStore()).settleAnswers(db);
        return r;
      }, { write: true });
      if (opts.json) deps.output.json(report);
      else {
        const { renderImport } = await import('../render/survey-text.js');
        deps.output.print(renderImport(report));
      }
    });
}

// ---- list, status, settings, close ----------------------------------------------------------------------------

function makeList(deps: Deps): Command {
  return new Command('list')
    .description('опросы: номер, название, открыт или закрыт')
    .option('--json', 'вывести в JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const { listSurveys } = await surveyStore();
      await withDb(open(deps, cmd), async ({ db }) => {
        const surveys = await listSurveys(db);
        if (opts.json) deps.output.json(surveys);
        else {
          const { renderSurveyList } = await import('../render/survey-text.js');
          deps.output.print(renderSurveyList(surveys));
        }
      });
    });
}

function makeStatus(deps: Deps): Command {
  return new Command('status')
    .description('открыт ли опрос, сколько кодов выпущено и использовано (только общие числа)')
    .argument('<id>', 'номер опроса', idArgument)
    .option('--json', 'вывести в JSON')
    .action(async (id: number, opts: { json?: boolean }, cmd: Command) => {
      const { surveyStatus, renderSurveyStatus } = await import('../render/survey-text.js');
      await withSurvey(deps, cmd, id, async (_, survey) => {
        if (opts.json) deps.output.json(surveyStatus(survey));
        else deps.output.print(renderSurveyStatus(survey));
      });
    });
}

function makeSettings(deps: Deps): Command {
  return new Command('settings')
    .description('изменить название, отделы или пороги — пороги и отделы только до первого ответа')
    .argument('<id>', 'номер опроса', idArgument)
    .option('--title <title>', 'название')
    .option('--departments <list>', 'отделы через запятую')
    .option('--min-group <n>', 'порог для цифр', countOption)
    .option('--min-comments <n>', 'порог для комментариев', countOption)
    .action(async (id: number, opts: { title?: string; departments?: string; minGroup?: number; minComments?: number }, cmd: Command) => {
      const { changeSettings, getSurvey, parseDepartments } = await surveyStore();
      await withSurvey(deps, cmd, id, async (db, survey) => {
        await changeSettings(db, survey, {
          title: opts.title ?? survey.title,
          departments: opts.departments === undefined ? survey.departments : parseDepartments(opts.departments),
          minGroup: opts.minGroup ?? survey.minGroup,
          minComments: opts.minComments ?? survey.minComments,
        });
        const s = await getSurvey(db, id);
        deps.output.print(`Опрос № ${id} «${s.title}»: отделы — ${s.departments.join(', ')}; цифры от ${s.minGroup} ответивших, комментарии от ${s.minComments}.`);
      }, { write: true });
    });
}

function makeClose(deps: Deps): Command {
  return new Command('close')
    .description('закрыть опрос: ответы больше не принимаются, становятся доступны итоги')
    .argument('<id>', 'номер опроса', idArgument)
    .action(async (id: number, _opts: unknown, cmd: Command) => {
      const { closeSurvey } = await surveyStore();
      const serving = servingProcess(path.resolve(deps.cwd, cmd.optsWithGlobals<GlobalOptions>().db), id);
      if (serving !== null) {
        throw new UserError(`Опрос № ${id} сейчас принимает ответы в сети (okno survey serve, процесс ${serving}): в памяти могут ждать ответы, которые ещё не записаны.`, {
          hint: 'Сначала остановите приём — Ctrl+C в его окне, ждущие ответы запишутся, — потом закройте опрос.',
        });
      }
      await withSurvey(deps, cmd, id, async (db, survey, today) => {
        await closeSurvey(db, survey, today);
        await (await surveyStore()).settleAnswers(db);
        deps.output.print(`Опрос № ${id} «${survey.title}» закрыт. Итоги: okno survey results ${id}`);
      }, { write: true });
    });
}

// ---- results --------------------------------------------------------------------------------------------------

function makeResults(deps: Deps): Command {
  return new Command('results')
    .description('итоги закрытого опроса: по вопросам и отделам, только для групп не меньше порога; книга Excel с диаграммами')
    .argument('<id>', 'номер опроса', idArgument)
    .option('--out <dir>', 'папка для книги Excel')
    .option('--json', 'вывести в JSON')
    .action(async (id: number, opts: { out?: string; json?: boolean }, cmd: Command) => {
      const { surveyResults } = await import('../surveys/results.js');
      const results = await withSurvey(deps, cmd, id, (db, survey) => surveyResults(db, survey));
      let workbook: string | undefined;
      if (opts.out) {
        const { writeSurveyWorkbook } = await import('../render/survey-workbook.js');
        workbook = path.relative(deps.cwd, await writeSurveyWorkbook(results, path.resolve(deps.cwd, opts.out)));
      }
      if (opts.json) deps.output.json(workbook ? { ...results, workbook } : results);
      else {
        const { renderResults } = await import('../render/survey-text.js');
        deps.output.print(renderResults(results, workbook));
      }
    });
}
