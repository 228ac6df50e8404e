import { Command } from 'commander';
import { makeDir } from '../render/save.js';
import path from 'node:path';
import { buildMonthlyReport, issueMonthlyNote, projectsOfMonth } from '../monthly/report.js';
import { monthLabel, previousMonth, type Month } from '../monthly/period.js';
import { formatNumber, table } from './output.js';
import { renderMonthlyReport } from '../render/monthly-text.js';
import { monthOption, openForReport } from './common.js';
import { makeEffectivenessCommand } from './effectiveness.js';
import type { Db } from '../db/database.js';
import type { Deps, GlobalOptions } from './deps.js';

export function makeReportCommand(deps: Deps): Command {
  return new Command('report')
    .description('отчёты: аналитическая справка за месяц, цифры по проектам')
    .addCommand(makeMonthlyCommand(deps))
    .addCommand(makeProjectsCommand(deps))
    .addCommand(makeEffectivenessCommand(deps));
}

/** The options every monthly report takes: which month, where the workbooks go, which settings file. */
function monthOptions(command: Command, outHelp: string): Command {
  return command
    .option('--month <YYYY-MM>', 'месяц (по умолчанию — прошлый)', monthOption)
    .option('--out <dir>', outHelp, 'out')
    .option('--mapping <file>', 'файл настроек (часовой пояс); по умолчанию ./okno.config.json, если он есть');
}

/** One workbook per project with consultations in the month (also written by okno demo). */
export async function writeProjectWorkbooks(
  db: Db,
  options: { month: Month; today: string; timeZone: string; linkDays?: number },
  outDir: string,
  cwd: string,
) {
  const { writeMonthlyWorkbook } = await import('../render/monthly-workbook.js');
  const projects = [];
  for (const project of await projectsOfMonth(db, options)) {
    const report = await buildMonthlyReport(db, { ...options, project });
    const workbook = path.relative(cwd, await writeMonthlyWorkbook(report, outDir));
    const { consultations, minutes, clients, newClients, change } = report.totals;
    projects.push({ name: project, consultations, minutes, clients, newClients, change, workbook });
  }
  return projects;
}

function makeProjectsCommand(deps: Deps): Command {
  return monthOptions(new Command('projects'), 'папка для книг')
    .description('книга Excel для менеджера каждого проекта; «не распределено» — список для директора')
    .option('--json', 'вывести цифры проектов в JSON')
    .action(async (opts: Omit<MonthlyOptions, 'issue'>, cmd: Command) => {
      const { db, config, timeZone, today } = await openForReport(deps, cmd.optsWithGlobals<GlobalOptions>(), { mapping: opts.mapping });
      try {
        const month = opts.month ?? previousMonth(today);
        const outDir = path.resolve(deps.cwd, opts.out);
        await makeDir(outDir);
        const projects = await writeProjectWorkbooks(db, { month, today, timeZone, linkDays: config.feedback.linkDays }, outDir, deps.cwd);
        if (opts.json) deps.output.json({ month, projects });
        else deps.output.print(renderProjects(month, projects));
      } finally {
        db.close();
      }
    });
}

function renderProjects(month: Month, projects: { name: string; consultations: number; minutes: number; clients: number; workbook: string }[]): string {
  if (projects.length === 0) return `За ${monthLabel(month)} проведённых консультаций нет — книги не созданы.`;
  const rows = projects.map((p) => [p.name, p.consultations, formatNumber(p.minutes / 60, 1), p.clients, p.workbook]);
  return `Книги проектов за ${monthLabel(month)}:\n` + table(rows, ['Проект', 'Консультаций', 'Часов', 'Клиентов', 'Файл']);
}

interface MonthlyOptions {
  month?: Month;
  out: string;
  json?: boolean;
  issue?: boolean;
  mapping?: string;
}

function makeMonthlyCommand(deps: Deps): Command {
  return monthOptions(new Command('monthly'), 'папка для книги Excel')
    .description('аналитическая справка за месяц: консультации и часы по проектам, консультантам, темам; качество данных')
    .option('--issue', 'отметить справку за месяц как выпущенную (запомнить её цифры)')
    .option('--json', 'вывести цифры в JSON')
    .action(async (opts: MonthlyOptions, cmd: Command) => {
      const global = cmd.optsWithGlobals<GlobalOptions>();
      const { db, config, timeZone, today } = await openForReport(deps, global, { write: opts.issue, mapping: opts.mapping });
      try {
        const month = opts.month ?? previousMonth(today);
        const linkDays = config.feedback.linkDays;
        const outDir = path.resolve(deps.cwd, opts.out);
        await makeDir(outDir);
        let report = await buildMonthlyReport(db, { month, today, timeZone, linkDays });
        const { writeMonthlyWorkbook } = await import('../render/monthly-workbook.js');
        let workbook: string;
        if (opts.issue) {
          // The note is recorded only with its workbook in place: a workbook that cannot be written (open in Excel)
          // rolls the record back.
          workbook = await db.transaction(async () => {
            await issueMonthlyNote(db, report);
            report = await buildMonthlyReport(db, { month, today, timeZone, linkDays });
            return writeMonthlyWorkbook(report, outDir);
          });
        } else workbook = await writeMonthlyWorkbook(report, outDir);
        const shown = path.relative(deps.cwd, workbook) || workbook;
        if (opts.json) deps.output.json({ ...report, workbook: shown });
        else {
          deps.output.print(renderMonthlyReport(report, shown));
          if (opts.issue) deps.output.print(`\nСправка за ${report.monthLabel} отмечена как выпущенная (${report.issue.issued!.issuedAt}).`);
        }
      } finally {
        db.close();
      }
    });
}
