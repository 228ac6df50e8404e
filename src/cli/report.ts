import { Command, InvalidArgumentError, Option } from 'commander';
import path from 'node:path';
import type { MonthlyReport, NoteOptions } from '../monthly/report.js';
import { makeDir } from '../files/atomic.js';
import { nominalLabel, reportPeriods, parseHalf, parseQuarter, parseYear, previousMonth, rangePeriod, shownTime, type Month, type NotePeriod } from '../time/period.js';
import { ExitCode, UserError } from '../errors.js';
import { formatNumber } from '../text/russian.js';
import { table } from '../text/table.js';
import { checkPeriodYear, monthOption, openForReport, withDb } from './common.js';
import { makeEffectivenessCommand } from './effectiveness.js';
import type { Db } from '../db/database.js';
import type { Config } from '../config.js';
import { noteFormats, type NoteFiles, type NoteFormat } from '../render/note-formats.js';
import type { DocumentLayout } from '../render/note-layout.js';
import type { Deps, GlobalOptions } from './deps.js';

// Domain and render modules are imported inside the actions: building the program (every run, `--help` too)
// loads only commander, the option parsers and small shared helpers.

export function makeReportCommand(deps: Deps): Command {
  return new Command('report')
    .description('отчёты: аналитическая справка за месяц (квартал, полугодие, год, диапазон месяцев), цифры по проектам, эффективность')
    .addCommand(makeMonthlyCommand(deps))
    .addCommand(makeProjectsCommand(deps))
    .addCommand(makeEffectivenessCommand(deps));
}

/** The options every note takes: which period, where the workbooks go, which settings file. */
function monthOptions(command: Command, outHelp: string): Command {
  // Each way of naming the period excludes the others (commander: exit 2, translated in program.ts).
  const others = (...names: string[]) => ['month', 'quarter', 'half', 'year', 'from', 'to'].filter((n) => !names.includes(n));
  const parsed = (parse: (text: string) => NotePeriod | null, expected: string) => (value: string) => {
    checkPeriodYear(value, expected);
    const period = parse(value);
    if (!period) throw new InvalidArgumentError(expected);
    return period;
  };
  return command
    .addOption(new Option('--month <YYYY-MM>', 'месяц (по умолчанию — прошлый)').argParser(monthOption).conflicts(others('month')))
    .addOption(
      new Option('--quarter <YYYY-Qn>', 'квартал, например 2026-Q3')
        .argParser(parsed(parseQuarter, 'нужен квартал в виде ГГГГ-Qn (n от 1 до 4), например 2026-Q3.'))
        .conflicts(others('quarter')),
    )
    .addOption(
      new Option('--half <YYYY-Hn>', 'полугодие, например 2026-H1')
        .argParser(parsed(parseHalf, 'нужно полугодие в виде ГГГГ-H1 или ГГГГ-H2, например 2026-H1.'))
        .conflicts(others('half')),
    )
    .addOption(
      new Option('--year <YYYY>', 'календарный год, например 2026')
        .argParser(parsed(parseYear, 'нужен год из четырёх цифр, например 2026.'))
        .conflicts(others('year')),
    )
    .addOption(new Option('--from <YYYY-MM>', 'первый месяц диапазона (без --to — до прошлого месяца)').argParser(monthOption).conflicts(others('from', 'to')))
    .addOption(new Option('--to <YYYY-MM>', 'последний месяц диапазона (без --from — один этот месяц)').argParser(monthOption).conflicts(others('from', 'to')))
    .option('--out <dir>', outHelp, 'out')
    .addOption(
      new Option('--format <list>', 'какие файлы записать, через запятую: xlsx (книга Excel), docx (Word), pdf')
        .argParser(formatsOption)
        .default(allFormats, 'xlsx,docx,pdf'),
    )
    .option('--mapping <file>', 'файл настроек (часовой пояс); по умолчанию ./okno.config.json, если он есть');
}

/** Every format: --format's default (the same object, so that a --format given adds to nothing but itself). */
const allFormats: ReadonlySet<NoteFormat> = new Set(noteFormats);

/** Commander option parser for --format: a comma-separated list of xlsx, docx, pdf; given twice, both lists count. */
export function formatsOption(value: string, previous?: ReadonlySet<NoteFormat>): Set<NoteFormat> {
  const names = value.split(',').map((f) => f.trim().toLowerCase()).filter((f) => f !== '');
  const unknown = names.filter((f) => !(noteFormats as readonly string[]).includes(f));
  if (names.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(`нужен список форматов через запятую из ${noteFormats.join(', ')}${unknown.length > 0 ? `; неизвестно: ${unknown.join(', ')}` : ''}.`);
  }
  return new Set([...(previous && previous !== allFormats ? previous : []), ...(names as NoteFormat[])]);
}

interface PeriodOptions {
  month?: Month;
  quarter?: NotePeriod;
  half?: NotePeriod;
  year?: NotePeriod;
  from?: Month;
  to?: Month;
}

/**
 * The period the options name (README «Периоды справки»); by default the previous month. `--from` alone runs to the
 * previous month (or is one month, when it is later); `--to` alone is one month.
 */
export function chosenPeriod(opts: PeriodOptions, today: string): NotePeriod {
  const period = opts.quarter ?? opts.half ?? opts.year;
  if (period) return period;
  if (opts.from === undefined && opts.to === undefined) return rangePeriod(opts.month ?? previousMonth(today), opts.month ?? previousMonth(today));
  const last = previousMonth(today);
  const from = opts.from ?? opts.to!;
  const to = opts.to ?? (from > last ? from : last);
  if (from > to) {
    throw new UserError(`Диапазон месяцев задан наоборот: --from ${from} позже --to ${to}.`, {
      hint: 'Укажите первый месяц в --from, последний — в --to.',
      exitCode: ExitCode.usage,
    });
  }
  return rangePeriod(from, to);
}

/** The JSON of a note's period: its kind, key, label and title; `month` only for a month's note. */
function periodJson(kind: NotePeriod['kind'], key: string, month: Month, label: string, title: string) {
  return { periodKind: kind, periodKey: key, month: kind === 'month' ? month : undefined, monthLabel: label, title };
}

/** The note's files for each project with consultations in the period (also written by okno demo). */
export async function writeProjectWorkbooks(
  db: Db,
  options: NoteOptions & { linkDays?: number },
  outDir: string,
  cwd: string,
  files: { formats: ReadonlySet<NoteFormat>; config: Pick<Config, 'note'>; layout?: DocumentLayout },
) {
  // One layout for every letter (the caller's, when it has one): its workers load while the first project's figures
  // are counted.
  const layout = files.layout ?? (await import('../render/note-layout.js')).startDocumentLayout(files.formats);
  try {
    const [{ buildMonthlyReport, projectsOfPeriod }, { writeNoteFiles }] = await Promise.all([
      import('../monthly/report.js'),
      import('../render/note-files.js'),
    ]);
    const projects = [];
    for (const project of await projectsOfPeriod(db, options)) {
      const report = await buildMonthlyReport(db, { ...options, project });
      const written = shownFiles(await writeNoteFiles(report, outDir, { formats: files.formats, made: options.today, signer: files.config.note, layout }), cwd);
      const { consultations, minutes, clients, newClients, change } = report.totals;
      projects.push({ name: project, consultations, minutes, clients, newClients, change, workbook: written.xlsx, files: written });
    }
    return projects;
  } finally {
    if (!files.layout) await layout.close();
  }
}

/** The files as the user is shown them: relative to the working folder. */
function shownFiles(files: NoteFiles, cwd: string): NoteFiles {
  const shown = (file: string | null) => (file === null ? null : path.relative(cwd, file) || file);
  return { xlsx: shown(files.xlsx), docx: shown(files.docx), pdf: shown(files.pdf) };
}

function makeProjectsCommand(deps: Deps): Command {
  return monthOptions(new Command('projects'), 'папка для книг и писем')
    .description('книга Excel и письмо (Word, PDF) для менеджера каждого проекта за месяц (или квартал, полугодие, год, диапазон месяцев); «не распределено» — список для директора')
    .option('--json', 'вывести цифры проектов в JSON')
    .action(async (opts: Omit<MonthlyOptions, 'issue'>, cmd: Command) => {
      const [{ noteFreshness }, { freshnessBanner }] = await Promise.all([import('../monthly/report.js'), import('../render/monthly-text.js')]);
      await withDb(openForReport(deps, cmd.optsWithGlobals<GlobalOptions>(), { mapping: opts.mapping }), async ({ db, config, timeZone, today }) => {
        const period = chosenPeriod(opts, today);
        // Refuses a period not begun before any file is written.
        const periods = reportPeriods(period, today);
        const outDir = path.resolve(deps.cwd, opts.out);
        await makeDir(outDir);
        const projects = await writeProjectWorkbooks(db, { period, today, timeZone, linkDays: config.feedback.linkDays }, outDir, deps.cwd, {
          formats: opts.format,
          config,
        });
        const freshness = await noteFreshness(db, { period, today, timeZone });
        const head = periodJson(periods.kind, periods.key, period.last, nominalLabel(period), periods.title);
        if (opts.json) deps.output.json({ ...head, freshness, projects });
        else deps.output.print([...freshnessBanner(freshness), renderProjects(nominalLabel(period), projects)].join('\n'));
      });
    });
}

function renderProjects(label: string, projects: { name: string; consultations: number; minutes: number; clients: number; files: NoteFiles }[]): string {
  if (projects.length === 0) return `За ${label} проведённых консультаций нет — файлы не созданы.`;
  const files = (f: NoteFiles) => [f.xlsx, f.docx, f.pdf].filter((x) => x !== null).join(', ');
  const rows = projects.map((p) => [p.name, p.consultations, formatNumber(p.minutes / 60, 1, { fixed: true }), p.clients, files(p.files)]);
  return `Файлы проектов за ${label}:\n` + table(rows, ['Проект', 'Консультаций', 'Часов', 'Клиентов', 'Файлы']);
}

interface MonthlyOptions extends PeriodOptions {
  out: string;
  format: Set<NoteFormat>;
  json?: boolean;
  issue?: boolean;
  mapping?: string;
}

function makeMonthlyCommand(deps: Deps): Command {
  return monthOptions(new Command('monthly'), 'папка для справки (книга Excel, Word, PDF)')
    .description(
      'аналитическая справка за месяц, а также за квартал, полугодие, год или диапазон месяцев: консультации и часы ' +
        'по проектам, консультантам, темам; сравнение с прошлым периодом и с годом раньше; качество данных — книга Excel, документ Word и PDF',
    )
    .option('--issue', 'отметить справку за период как выпущенную (запомнить её цифры)')
    .option('--json', 'вывести цифры в JSON')
    .action(async (opts: MonthlyOptions, cmd: Command) => {
      const global = cmd.optsWithGlobals<GlobalOptions>();
      const opening = openForReport(deps, global, { write: opts.issue, mapping: opts.mapping });
      // Awaited by withDb below, after an import: a database that fails to open at once (none there) must not be
      // reported meanwhile as an unhandled rejection (it was, once, on a fast machine).
      opening.catch(() => {});
      // Work is overlapped where DuckDB's threads do theirs: exceljs loads while the database opens, chart.js and
      // the canvas while the note's queries run.
      const loading = noteModules();
      loading.catch(() => {}); // a failure to load is reported where it is awaited, not as an unhandled rejection
      // The DOCX and PDF workers load their libraries meanwhile too.
      const layout = (await import('../render/note-layout.js')).startDocumentLayout(opts.format);
      try {
        // The note's figures are read, and the database closed, before its files are written: the documents take
        // seconds, and meanwhile the database's memory is given back and its file left to other okno commands. An
        // issue keeps it open: the note is recorded only with its files in place (a file that cannot be written —
        // open in Excel or Word — rolls the record back).
        const noted = await withDb(opening, async ({ db, config, timeZone, today }) => {
          const period = chosenPeriod(opts, today);
          const linkDays = config.feedback.linkDays;
          reportPeriods(period, today); // a period not begun is refused before the out folder is made
          const outDir = path.resolve(deps.cwd, opts.out);
          await makeDir(outDir);
          const { buildMonthlyReport, issueMonthlyNote, writeNoteFiles, loadChartLibraries } = await loading;
          const [report] = await Promise.all([buildMonthlyReport(db, { period, today, timeZone, linkDays }), loadChartLibraries()]);
          const write = (r: MonthlyReport) => writeNoteFiles(r, outDir, { formats: opts.format, made: today, signer: config.note, layout });
          if (!opts.issue) return { report, write, files: null };
          return db.transaction(async () => {
            await issueMonthlyNote(db, report);
            const issued = await buildMonthlyReport(db, { period, today, timeZone, linkDays });
            return { report: issued, write, files: await write(issued) };
          });
        });
        const { report } = noted;
        const files = noted.files ?? (await noted.write(report));
        const shown = shownFiles(files, deps.cwd);
        const head = periodJson(report.periodKind, report.periodKey, report.month, report.monthLabel, report.title);
        if (opts.json) deps.output.json({ ...report, ...head, workbook: shown.xlsx, files: shown });
        else {
          deps.output.print((await loading).renderMonthlyReport(report, shown));
          if (opts.issue) deps.output.print(`\nСправка ${report.title} отмечена как выпущенная (${shownTime(report.issue.issued!.issuedAt)}).`);
        }
      } finally {
        layout.close();
      }
    });
}

/** The modules `report monthly` runs once the database is open: its figures, text and workbook, exceljs loaded. */
async function noteModules() {
  const [monthly, text, files, workbook] = await Promise.all([
    import('../monthly/report.js'),
    import('../render/monthly-text.js'),
    import('../render/note-files.js'),
    import('../render/monthly-workbook.js'),
  ]);
  workbook.loadWorkbookLibrary();
  return {
    buildMonthlyReport: monthly.buildMonthlyReport,
    issueMonthlyNote: monthly.issueMonthlyNote,
    renderMonthlyReport: text.renderMonthlyReport,
    writeNoteFiles: files.writeNoteFiles,
    loadChartLibraries: workbook.loadChartLibraries,
  };
}
