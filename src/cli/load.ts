import { Command } from 'commander';
import path from 'node:path';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { withDb } from './common.js';
import { ExitCode, abortedBy } from '../errors.js';
import type { LoadReport } from '../ingest/consultations.js';
import type { FeedbackLoadReport } from '../ingest/feedback.js';
import type { Deps, GlobalOptions } from './deps.js';

export function makeLoadCommand(deps: Deps): Command {
  return new Command('load')
    .description('загрузить выгрузки в базу')
    .addCommand(
      fileLoadCommand(deps, {
        name: 'consultations',
        description: 'загрузить выгрузку сделок воронки «Консультация» из amoCRM (CSV или XLSX)',
        filesHelp: 'файлы выгрузки',
        load: async (db, request) => (await import('../ingest/consultations.js')).loadConsultations(db, request),
      }),
    )
    .addCommand(
      fileLoadCommand(deps, {
        name: 'feedback',
        description: 'загрузить ответы клиентов из Google Форм или Яндекс Форм (CSV или XLSX)',
        filesHelp: 'файлы выгрузки ответов',
        load: async (db, request) => (await import('../ingest/feedback.js')).loadFeedback(db, request),
      }),
    )
    .addCommand(calendarLoadCommand(deps));
}

/**
 * `okno load calendar <file.ics>`: the consultants' shared Google calendar. One file: a calendar export holds the
 * whole calendar, and it replaces the one loaded before.
 */
function calendarLoadCommand(deps: Deps): Command {
  return new Command('calendar')
    .description('загрузить календарь консультаций из Google Календаря (.ics); заменяет загруженный раньше')
    .argument('<file>', 'файл .ics (экспорт календаря «Консультации»)')
    .option('--mapping <file>', 'файл настроек (инициалы консультантов: calendar.initials; по умолчанию ./okno.config.json, если он есть)')
    .option('--dry-run', 'только показать, что будет загружено, ничего не записывая')
    .option('--force', 'загрузить и файл без событий (заменит загруженный календарь пустым)')
    .option('--json', 'вывести итог в JSON')
    .action(async (file: string, opts: Omit<LoadOptions, 'rejects'> & { force?: boolean }, cmd: Command) => {
      await withDb(openForLoad(deps, cmd, opts), async ({ config, db, dryRun }) => {
        const { loadCalendar } = await import('../ingest/calendar.js');
        const { renderCalendarLoad } = await import('../render/check-text.js');
        const report = await loadCalendar(db, { file: path.resolve(deps.cwd, file), config, dryRun, now: deps.clock(), force: opts.force === true });
        report.file = path.relative(deps.cwd, report.file) || report.file;
        if (opts.json) deps.output.json(report);
        else deps.output.print(renderCalendarLoad(report));
      });
    });
}

/** The settings and the database of a load; a dry run never creates or changes the database (read-only). */
async function openForLoad(deps: Deps, cmd: Command, opts: { mapping?: string; dryRun?: boolean }): Promise<{ config: Config; db: Db; dryRun: boolean }> {
  const global = cmd.optsWithGlobals<GlobalOptions>();
  const [{ loadConfig }, { Db, databaseExists }] = await Promise.all([import('../config.js'), import('../db/database.js')]);
  const config = await loadConfig(opts.mapping && path.resolve(deps.cwd, opts.mapping), deps.cwd);
  const dbFile = path.resolve(deps.cwd, global.db);
  const dryRun = opts.dryRun === true;
  const db = await Db.open(dryRun && !databaseExists(dbFile) ? ':memory:' : dbFile, {
    readOnly: dryRun && databaseExists(dbFile),
    timeZone: config.timeZone,
    clock: deps.clock,
    signal: deps.signal,
  });
  return { config, db, dryRun };
}

interface LoadOptions {
  mapping?: string;
  dryRun?: boolean;
  json?: boolean;
  rejects?: string;
}

interface FileLoadRequest {
  files: string[];
  config: Config;
  dryRun: boolean;
  rejectsFile?: string;
  onProgress: (file: string, fraction: number) => void;
  signal?: AbortSignal;
}

/** `okno load <kind> <file...>`: the options, database handling, summary and exit code every loader shares. */
function fileLoadCommand(
  deps: Deps,
  spec: { name: string; description: string; filesHelp: string; load: (db: Db, request: FileLoadRequest) => Promise<LoadReport | FeedbackLoadReport> },
): Command {
  return new Command(spec.name)
    .description(spec.description)
    .argument('<file...>', spec.filesHelp)
    .option('--mapping <file>', 'файл настроек (по умолчанию ./okno.config.json, если он есть)')
    .option('--dry-run', 'только показать, что будет загружено, ничего не записывая')
    .option('--rejects <file>', 'куда записать отклонённые строки (по умолчанию — рядом с выгрузкой, её имя с окончанием .rejects.csv)')
    .option('--json', 'вывести итог в JSON')
    .action(async (files: string[], opts: LoadOptions, cmd: Command) => {
      await withDb(openForLoad(deps, cmd, opts), async ({ config, db, dryRun }) => {
        const bars = new Map<string, ReturnType<typeof deps.output.progress>>();
        try {
          const report = await spec.load(db, {
            files: files.map((f) => path.resolve(deps.cwd, f)),
            config,
            dryRun,
            rejectsFile: opts.rejects && path.resolve(deps.cwd, opts.rejects),
            signal: deps.signal,
            onProgress: (file, fraction) => {
              let bar = bars.get(file);
              if (!bar) bars.set(file, (bar = deps.output.progress(path.basename(file))));
              bar.update(fraction);
              if (fraction >= 1) bar.done();
            },
          });
          for (const bar of bars.values()) bar.done();
          for (const f of report.files) {
            f.file = path.relative(deps.cwd, f.file) || f.file;
            if (f.rejectsFile) f.rejectsFile = path.relative(deps.cwd, f.rejectsFile);
          }
          if (opts.json) deps.output.json(report);
          else deps.output.print((await import('../render/load-summary.js')).renderLoadReport(report));
          if (report.files.some((f) => f.status === 'failed')) process.exitCode = ExitCode.badInput;
          if (deps.signal?.aborted) {
            // Stopped once a file was stored: that file is loaded whole (the summary says so), the later ones are not.
            deps.output.error('Остановлено: загруженные файлы сохранены целиком, остальные не загружены.');
            process.exitCode = abortedBy(deps.signal).exitCode;
          }
        } finally {
          for (const bar of bars.values()) bar.done();
        }
      });
    });
}
