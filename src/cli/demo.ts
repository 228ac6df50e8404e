import { Command } from 'commander';
import { readFile, readdir, rm } from 'node:fs/promises';
import { makeDir } from '../files/atomic.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/database.js';
import { withDb } from './common.js';
import { ExitCode, UserError } from '../errors.js';
import type { Deps } from './deps.js';
import type { ReviewAnswers } from '../reviews/record.js';
import { writeProjectWorkbooks } from './report.js';

/** The bundled sample exports: fixtures/demo/ at the package root. */
/** The month the samples cover (exports of 02.10 and 03.11.2026). */
export const demoMonth = '2026-10';

/** A sample export: CSV or XLSX, but not a rejects file that a load of the samples by hand left beside them. */
export const isSampleExport = (name: string): boolean => /\.(csv|xlsx)$/i.test(name) && !/\.rejects\.csv$/i.test(name);
/** The day the demo is shown as of, and the instant its loads, reviews and calendar are stamped with (12:00 Moscow). */
export const demoToday = '2026-11-03';
const demoClock = new Date(`${demoToday}T12:00:00+03:00`);

/** The week the demo checks: the last whole week before the samples' last export, its Friday closing included. */
export const demoCheckWeek = '2026-W44';

/** The sample calendar's initials (fixtures/demo/calendar/), as a settings file would give them. */
export const demoInitials: Record<string, string> = {
  АР: 'Ахметов Руслан',
  ИМ: 'Иванова Мария',
  КН: 'Кравец Наталья',
  НИ: 'Никитина Ирина',
  ПО: 'Петров Олег',
  ПС: 'Петрова Светлана',
  СА: 'Сидоров Андрей',
};

export const demoFixturesDir = fileURLToPath(new URL('../../fixtures/demo/', import.meta.url));

export function makeDemoCommand(deps: Deps): Command {
  return new Command('demo')
    .description('показать работу okno на примере: новая база, загрузка примеров выгрузок и отзывов, справка за октябрь 2026, PR, оценки, проверка процедуры, анонимный опрос сотрудников, сроки')
    .option('--out <dir>', 'папка для базы и результатов', 'okno-demo')
    .action(async (opts: { out: string }, cmd: Command) => {
      // The demo replaces the database it writes: never one named by --db, which may be the real one.
      const dbSource = cmd.parent?.getOptionValueSource('db');
      if (dbSource === 'cli') {
        throw new UserError('Демо создаёт свою базу в папке --out; --db не используется.', {
          hint: `База демо: ${path.join(opts.out, 'okno.duckdb')}; другая папка — okno demo --out <папка>.`,
          exitCode: ExitCode.usage,
        });
      }
      if (dbSource === 'env') deps.output.error('OKNO_DB не используется: демо создаёт свою базу в папке --out.');
      const [
        { defaultConfig }, { Db }, { loadConsultations }, { loadFeedback }, { renderLoadReport }, { renderOverview }, { storeOverview },
        { buildMonthlyReport }, { buildStatus }, { renderMonthlyReport }, { renderStatus },
      ] = await Promise.all([
        import('../config.js'), import('../db/database.js'), import('../ingest/consultations.js'), import('../ingest/feedback.js'),
        import('../render/load-summary.js'), import('../render/overview.js'), import('../store/overview.js'),
        import('../monthly/report.js'), import('../monthly/status.js'), import('../render/monthly-text.js'), import('../render/status-text.js'),
      ]);
      const out = path.resolve(deps.cwd, opts.out);
      await makeDir(out);
      const dbFile = path.join(out, 'okno.duckdb');
      await rm(dbFile, { force: true });
      await rm(`${dbFile}.wal`, { force: true });
      const files = (await readdir(demoFixturesDir)).filter(isSampleExport).sort();
      const config = defaultConfig();
      config.calendar.initials = demoInitials;
      // The samples are shown as of 03.11.2026 (demoToday): loads, issues and reviews are stamped then, whatever today is.
      await withDb(Db.open(dbFile, { timeZone: config.timeZone, clock: () => demoClock }), async (db) => {
        const { output } = deps;
        output.print(`База примера: ${path.relative(deps.cwd, dbFile) || dbFile}\n`);
        const report = await loadConsultations(db, {
          files: files.map((f) => path.join(demoFixturesDir, f)),
          config,
          dryRun: false,
          rejectsFile: path.join(out, 'rejects.csv'),
        });
        for (const f of report.files) f.file = path.basename(f.file);
        for (const f of report.files) if (f.rejectsFile) f.rejectsFile = path.relative(deps.cwd, f.rejectsFile);
        output.print(renderLoadReport(report));
        output.print('');
        // Clients' answers to the feedback form (Google Forms export).
        const feedbackDir = path.join(demoFixturesDir, 'feedback');
        const feedback = await loadFeedback(db, {
          files: (await readdir(feedbackDir)).filter(isSampleExport).sort().map((f) => path.join(feedbackDir, f)),
          config,
          dryRun: false,
          rejectsFile: path.join(out, 'feedback-rejects.csv'),
        });
        for (const f of feedback.files) f.file = path.basename(f.file);
        output.print(renderLoadReport(feedback));
        output.print('');
        output.print(renderOverview(await storeOverview(db)));

        // The sample month: the note, the project managers' workbooks, the deadlines as of the samples' last export.
        const month = demoMonth;
        const today = demoToday;
        const { writeNoteFiles } = await import('../render/note-files.js');
        const { noteFormats } = await import('../render/note-formats.js');
        const formats = new Set(noteFormats);
        const monthly = await buildMonthlyReport(db, { month, today, timeZone: config.timeZone, linkDays: config.feedback.linkDays });
        const note = await writeNoteFiles(monthly, out, { formats, made: today, signer: config.note });
        const shown = (file: string | null) => (file === null ? null : path.relative(deps.cwd, file));
        output.print(`\n${'─'.repeat(60)}\n`);
        output.print(renderMonthlyReport(monthly, { xlsx: shown(note.xlsx), docx: shown(note.docx), pdf: shown(note.pdf) }));
        const books = await writeProjectWorkbooks(db, { month, today, timeZone: config.timeZone }, out, deps.cwd, { formats, config });
        output.print(`\nФайлы для менеджеров проектов (книга и письмо): ${books.flatMap((b) => [b.files.xlsx, b.files.docx, b.files.pdf]).filter(Boolean).join(', ')}`);

        // The PR manager's kit for the same month: images for each place they post and text to paste.
        output.print(`\n${'─'.repeat(60)}\n`);
        const { writePrKit } = await import('../pr/write.js');
        const { renderPrKit } = await import('../render/pr-text.js');
        const kit = await writePrKit(db, { month, today, timeZone: config.timeZone, linkDays: config.feedback.linkDays, config }, out);
        output.print(renderPrKit(kit, deps.cwd));

        // Effectiveness reviews: the team's sample reviews, what is due now, the sheet to fill, the report.
        output.print(`\n${'─'.repeat(60)}\n`);
        await recordSampleReviews(db, { today, from: config.reviews.from, linkDays: config.feedback.linkDays });
        const { buildReviewsDue } = await import('../reviews/due.js');
        const { renderReviewsDue } = await import('../render/review-text.js');
        output.print(renderReviewsDue(await buildReviewsDue(db, { asOf: today, from: config.reviews.from })));
        const { reviewSheetRows } = await import('../reviews/sheet.js');
        const { writeReviewSheet } = await import('../render/review-sheet.js');
        const sheet = path.join(out, `оценка-${today}.xlsx`);
        await writeReviewSheet(await reviewSheetRows(db, { today, from: config.reviews.from, linkDays: config.feedback.linkDays }), today, sheet);
        output.print(`\nЛист для оценки (заполнить и загрузить: okno review load): ${path.relative(deps.cwd, sheet)}`);
        output.print(`\n${'─'.repeat(60)}\n`);
        const { buildEffectivenessReport } = await import('../reviews/effectiveness.js');
        const { writeEffectivenessWorkbook } = await import('../render/effectiveness-workbook.js');
        const { renderEffectiveness } = await import('../render/effectiveness-text.js');
        const effectiveness = await buildEffectivenessReport(db, {
          from: '2026-09',
          to: demoMonth,
          today,
          timeZone: config.timeZone,
          trackedFrom: config.reviews.from,
        });
        const effectivenessBook = path.relative(deps.cwd, await writeEffectivenessWorkbook(effectiveness, out));
        output.print(renderEffectiveness(effectiveness, effectivenessBook));
        // The procedure checks: the consultants' calendar, then the week before the last export, as of its Sunday.
        output.print(`\n${'─'.repeat(60)}\n`);
        const { loadCalendar } = await import('../ingest/calendar.js');
        const { buildChecks } = await import('../checks/procedure.js');
        const { renderCalendarLoad, renderChecks } = await import('../render/check-text.js');
        const { writeCheckWorkbook } = await import('../render/check-workbook.js');
        const calendarDir = path.join(demoFixturesDir, 'calendar');
        for (const f of (await readdir(calendarDir)).filter((x) => x.endsWith('.ics')).sort()) {
          const loaded = await loadCalendar(db, { file: path.join(calendarDir, f), config, dryRun: false, now: demoClock });
          loaded.file = f;
          output.print(renderCalendarLoad(loaded));
        }
        output.print('');
        const checks = await buildChecks(db, {
          week: demoCheckWeek,
          today,
          timeZone: config.timeZone,
          linkDays: config.feedback.linkDays,
          initials: config.calendar.initials,
        });
        const checkBook = path.join(out, `проверка-${demoCheckWeek}.xlsx`);
        await writeCheckWorkbook(checks, checkBook);
        output.print(renderChecks(checks, path.relative(deps.cwd, checkBook)));
        // A department head's anonymous survey of the staff: two waves, the second compared with the first.
        output.print(`\n${'─'.repeat(60)}\n`);
        const { runSampleSurveys } = await import('./demo-surveys.js');
        await runSampleSurveys(db, demoFixturesDir, out, deps.cwd, output, deps.clock);
        output.print(`\n${'─'.repeat(60)}\n`);
        output.print(
          renderStatus(
            await buildStatus(db, {
              today,
              timeZone: config.timeZone,
              reviewsFrom: config.reviews.from,
              linkDays: config.feedback.linkDays,
              initials: config.calendar.initials,
            }),
          ),
        );
      });
    });
}

/** The sample reviews (fixtures/demo/reviews/), recorded as `okno review record … --flags` would. */
async function recordSampleReviews(db: Db, settings: { today: string; from: string | null; linkDays: number }) {
  const { prepareReviews, dealContext, checkReview, recordReview } = await import('../reviews/record.js');
  const dir = path.join(demoFixturesDir, 'reviews');
  await db.transaction(async () => {
    await prepareReviews(db, settings);
    for (const file of (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()) {
      const { reviews } = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as { reviews: (ReviewAnswers & { dealId: number })[] };
      for (const { dealId, ...answers } of reviews) {
        const review = checkReview(await dealContext(db, dealId, settings), answers, settings.today);
        if (Array.isArray(review)) throw new Error(`sample review of ${dealId} in ${file}: ${review.join(' ')}`);
        await recordReview(db, review, { today: settings.today, source: 'flags' });
      }
    }
  });
}
