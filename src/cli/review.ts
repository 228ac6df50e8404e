import { Command, InvalidArgumentError, Option } from 'commander';
import { makeDir } from '../files/atomic.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, UserError } from '../errors.js';
import {
  appliedAnswers, effectiveAnswers, parseAnswer, solvedAnswers, type ReviewKind,
} from '../model/reviews.js';
import { ruDate } from '../text/russian.js';
import type { DealContext, ReviewAnswers, ReviewSettings } from '../reviews/record.js';
import { dateOption, openForReport, withDb } from './common.js';
import { parseDay } from '../time/period.js';
import type { Deps, GlobalOptions, Prompts } from './deps.js';
import { inquirerPrompts } from './prompts.js';

export function makeReviewCommand(deps: Deps): Command {
  return new Command('review')
    .description('оценка эффективности консультаций: через месяц и через 3–4 месяца')
    .addCommand(makeDueCommand(deps))
    .addCommand(makeRecordCommand(deps))
    .addCommand(makeSheetCommand(deps))
    .addCommand(makeLoadCommand(deps));
}

const asOfOption = () => new Option('--as-of <YYYY-MM-DD>', 'считать сегодняшней эту дату').argParser(dateOption);
const mappingOption = () => new Option('--mapping <file>', 'файл настроек; по умолчанию ./okno.config.json, если он есть');

async function open(deps: Deps, cmd: Command, opts: { mapping?: string; asOf?: string }, write = false) {
  const opened = await openForReport(deps, cmd.optsWithGlobals<GlobalOptions>(), { write, mapping: opts.mapping });
  const today = opts.asOf ?? opened.today;
  const settings: ReviewSettings = { today, from: opened.config.reviews.from, linkDays: opened.config.feedback.linkDays };
  return { ...opened, today, settings };
}

function makeDueCommand(deps: Deps): Command {
  return new Command('due')
    .description('оценки к проведению: к сроку, после срока (допустимо) и просроченные')
    .addOption(asOfOption())
    .option('--consultant <name>', 'только консультации этого консультанта')
    .addOption(mappingOption())
    .option('--json', 'вывести в JSON')
    .action(async (opts: { asOf?: string; consultant?: string; mapping?: string; json?: boolean }, cmd: Command) => {
      const [{ buildReviewsDue }, { renderReviewsDue }] = await Promise.all([import('../reviews/due.js'), import('../render/review-text.js')]);
      await withDb(open(deps, cmd, opts), async ({ db, settings }) => {
        const due = await buildReviewsDue(db, { asOf: settings.today, from: settings.from, consultant: opts.consultant ?? null });
        if (opts.json) deps.output.json(due);
        else deps.output.print(renderReviewsDue(due));
      });
    });
}

interface RecordOptions {
  kind?: ReviewKind;
  effective?: boolean;
  minutes?: number;
  factors?: string;
  causes?: string;
  improvements?: string;
  applied?: ReviewAnswers['applied'];
  changes?: string;
  solved?: ReviewAnswers['solved'];
  reviewer?: string;
  date?: string;
  asOf?: string;
  mapping?: string;
}

function closedOption<T>(answers: Record<string, T>) {
  return (value: string): T => {
    const v = parseAnswer(answers, value);
    if (v === undefined) throw new InvalidArgumentError(`допустимо: ${Object.keys(answers).join(' / ')}.`);
    return v;
  };
}

function dealIdArgument(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('ID сделки — целое число.');
  return Number(value);
}

function makeRecordCommand(deps: Deps): Command {
  return new Command('record')
    .description('записать оценку консультации: вопросы по очереди или все ответы параметрами')
    .argument('<deal-id>', 'ID сделки', dealIdArgument)
    .addOption(new Option('--kind <kind>', 'month — за месяц, followup — через 3–4 месяца (по умолчанию — открытая)').choices(['month', 'followup']))
    .option('--effective <answer>', 'консультация эффективна: да / нет', closedOption(effectiveAnswers))
    .option('--minutes <n>', 'затрачено минут (по умолчанию — из карточки)', minutesOption)
    .option('--factors <text>', 'факторы успеха (если эффективна)')
    .option('--causes <text>', 'причины неэффективности')
    .option('--improvements <text>', 'шаги по улучшению')
    .option('--applied <answer>', "применил рекомендации: 'не применил' / частично / полностью", closedOption(appliedAnswers))
    .option('--changes <text>', 'изменения в работе клиента')
    .option('--solved <answer>', 'проблема решена: да / частично / нет', closedOption(solvedAnswers))
    .option('--reviewer <name>', 'кто оценил')
    .option('--date <YYYY-MM-DD>', 'дата оценки (по умолчанию — сегодня)', dateOption)
    .addOption(asOfOption())
    .addOption(mappingOption())
    .action(async (dealId: number, opts: RecordOptions, cmd: Command) => {
      const [
        { checkReview, dealContext, defaultKind, missingAnswers, noOpenReview, prepareReviews, recordReview },
        { renderDealContext, renderRecorded },
      ] = await Promise.all([import('../reviews/record.js'), import('../render/review-text.js')]);
      // Read what the reviewer must see, then close: the database is opened for writing only with every answer in hand.
      const { ctx, today } = await withDb(open(deps, cmd, opts), async ({ db, settings }) => {
        await prepareReviews(db, settings);
        return { ctx: await dealContext(db, dealId, settings), today: settings.today };
      });
      const kind = opts.kind ?? defaultKind(ctx, { effective: opts.effective, successFactors: opts.factors, causes: opts.causes, applied: opts.applied, solved: opts.solved, changes: opts.changes });
      if (!kind) {
        throw new UserError(`У консультации ${dealId} нет открытой оценки: ${noOpenReview(ctx.windows)}.`, {
          hint: 'Чтобы изменить проведённую оценку, укажите --kind month или --kind followup.',
        });
      }
      const answers: ReviewAnswers = {
        kind,
        effective: opts.effective,
        minutes: opts.minutes,
        successFactors: opts.factors,
        causes: opts.causes,
        improvements: opts.improvements,
        applied: opts.applied,
        changes: opts.changes,
        solved: opts.solved,
        reviewer: opts.reviewer,
        date: opts.date,
      };
      const missing = missingAnswers(kind, answers);
      let source: 'flags' | 'prompt' = 'flags';
      if (missing.length > 0) {
        const interactive = deps.interactive ?? process.stdin.isTTY === true;
        if (!interactive) {
          throw new UserError(`Не хватает ответов: ${missing.join(', ')}.`, {
            hint: 'Укажите их параметрами или запустите команду в терминале, чтобы ответить на вопросы.',
            exitCode: ExitCode.usage,
          });
        }
        deps.output.print(renderDealContext(ctx));
        await ask(deps.prompts ?? (await inquirerPrompts()), ctx, answers, today);
        source = 'prompt';
      }
      const review = checkReview(ctx, answers, today);
      if (Array.isArray(review)) throw new UserError(`Оценка не записана: ${review.join(' ')}`);
      await withDb(open(deps, cmd, opts, true), async (second) => {
        const result = await second.db.transaction(async () => {
          await prepareReviews(second.db, second.settings);
          await dealContext(second.db, dealId, second.settings);
          return recordReview(second.db, review, { today, source });
        });
        deps.output.print(renderRecorded(review, result.status, result.reviewedOn));
      });
    });
}

function minutesOption(value: string): number {
  const n = Number(value.replace(',', '.'));
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError('нужно неотрицательное число минут.');
  return n;
}

/** Asks for every answer not given as a flag; the optional ones with their defaults. Ctrl+C throws (exit 130). */
async function ask(prompts: Prompts, ctx: DealContext, a: ReviewAnswers, today: string): Promise<void> {
  const required = (v: string) => v.trim() !== '' || 'Нужен ответ.';
  if (a.kind === 'month') {
    if (a.effective === undefined) a.effective = (await prompts.select({ message: 'Консультация была эффективной?', choices: [{ name: 'да', value: 'да' }, { name: 'нет', value: 'нет' }] })) === 'да';
    if (a.minutes === undefined) {
      const m = await prompts.input({
        message: 'Затрачено минут',
        default: ctx.durationMin == null ? undefined : String(ctx.durationMin),
        validate: (v) => v.trim() === '' || (Number.isFinite(Number(v.replace(',', '.'))) && Number(v.replace(',', '.')) >= 0) || 'Нужно неотрицательное число.',
      });
      if (m.trim() !== '') a.minutes = Number(m.replace(',', '.'));
    }
    if (a.effective) {
      if (!a.successFactors) a.successFactors = await prompts.input({ message: 'Факторы успеха', validate: required });
    } else {
      if (!a.causes) a.causes = await prompts.input({ message: 'Причины неэффективности', validate: required });
      if (a.improvements === undefined) a.improvements = await prompts.input({ message: 'Шаги по улучшению (можно пропустить)' });
    }
  } else {
    if (a.applied == null) {
      a.applied = appliedAnswers[await prompts.select({ message: 'Применил ли клиент рекомендации?', choices: Object.keys(appliedAnswers).map((k) => ({ name: k, value: k })) })];
    }
    if (a.changes === undefined) a.changes = await prompts.input({ message: 'Изменения в работе клиента (можно пропустить)' });
    if (a.solved == null) {
      a.solved = solvedAnswers[await prompts.select({ message: 'Решена ли проблема?', choices: Object.keys(solvedAnswers).map((k) => ({ name: k, value: k })) })];
    }
  }
  if (!a.reviewer?.trim()) a.reviewer = await prompts.input({ message: 'Кто оценил', validate: required });
  if (a.date === undefined) {
    const d = await prompts.input({
      message: 'Дата оценки (ДД.ММ.ГГГГ)',
      default: ruDate(today),
      validate: (v) => isoFromRu(v) !== null || 'Нужна дата ДД.ММ.ГГГГ.',
    });
    a.date = isoFromRu(d);
  }
}

/** The prompt's «ДД.ММ.ГГГГ». */
function isoFromRu(v: string): string | null {
  return /^\d{1,2}\.\d{1,2}\.\d{4}$/.test(v.trim()) ? parseDay(v) : null;
}

function makeSheetCommand(deps: Deps): Command {
  return new Command('sheet')
    .description('книга Excel для заполнения: оценки к проведению с фактами и выпадающими списками')
    .requiredOption('--out <file.xlsx>', 'куда записать книгу')
    .addOption(asOfOption())
    .addOption(mappingOption())
    .action(async (opts: { out: string; asOf?: string; mapping?: string }, cmd: Command) => {
      if (!/\.xlsx$/i.test(opts.out)) throw new UserError(`Файл ${opts.out}: нужно имя с расширением .xlsx.`, { exitCode: ExitCode.usage });
      await withDb(open(deps, cmd, opts), async ({ db, settings }) => {
        const { reviewSheetRows } = await import('../reviews/sheet.js');
        const rows = await reviewSheetRows(db, settings);
        const file = path.resolve(deps.cwd, opts.out);
        await makeDir(path.dirname(file));
        const { writeReviewSheet } = await import('../render/review-sheet.js');
        await writeReviewSheet(rows, settings.today, file);
        const month = rows.filter((r) => r.kind === 'month').length;
        deps.output.print(`Лист оценок на ${ruDate(settings.today)}: за месяц — ${month}, через 3–4 месяца — ${rows.length - month}. Файл: ${path.relative(deps.cwd, file) || file}`);
      });
    });
}

function makeLoadCommand(deps: Deps): Command {
  return new Command('load')
    .description('загрузить заполненный лист оценок (okno review sheet)')
    .argument('<file.xlsx>', 'заполненная книга')
    .addOption(asOfOption())
    .addOption(mappingOption())
    .option('--json', 'вывести итог в JSON')
    .action(async (file: string, opts: { asOf?: string; mapping?: string; json?: boolean }, cmd: Command) => {
      const full = path.resolve(deps.cwd, file);
      if (!existsSync(full)) throw new UserError(`Файл ${file} не найден.`);
      const [{ readReviewSheet, loadReviewRows }, { renderSheetLoad }] = await Promise.all([import('../reviews/sheet.js'), import('../render/review-text.js')]);
      await withDb(open(deps, cmd, opts, true), async ({ db, settings }) => {
        const read = await readReviewSheet(db, full, file);
        const report = await loadReviewRows(db, read, settings, file);
        if (opts.json) deps.output.json(report);
        else deps.output.print(renderSheetLoad(report));
      });
    });
}
