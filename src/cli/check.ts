import { Command, InvalidArgumentError, Option } from 'commander';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { weekMonday } from '../checks/week.js';
import { ExitCode, UserError } from '../errors.js';
import { makeDir } from '../files/atomic.js';
import { dateOption, openForReport, withDb } from './common.js';
import type { Deps, GlobalOptions } from './deps.js';

/** Commander option parser for an ISO week YYYY-Www. */
export function weekOption(value: string): string {
  if (!weekMonday(value)) throw new InvalidArgumentError('нужна неделя ISO в виде ГГГГ-Wнн, например 2026-W44 (недели 01–52, в некоторых годах до 53).');
  return value;
}

interface CheckOptions {
  week?: string;
  asOf?: string;
  out?: string;
  mapping?: string;
  json?: boolean;
}

export function makeCheckCommand(deps: Deps): Command {
  return new Command('check')
    .addCommand(makeCheckLoadCommand(deps))
    .description('проверка процедуры за неделю: заполнение и закрытие карточек, сроки, переносы, обратная связь, календарь')
    .addOption(new Option('--week <YYYY-Www>', 'неделя ISO (по умолчанию — текущая)').argParser(weekOption).conflicts('asOf'))
    .addOption(new Option('--as-of <YYYY-MM-DD>', 'неделя, в которую входит дата, по данным на конец этого дня').argParser(dateOption))
    .option('--out <file.xlsx>', 'записать книгу для офис-менеджера: сводка и лист на каждое правило')
    .option('--mapping <file>', 'файл настроек; по умолчанию ./okno.config.json, если он есть')
    .option('--json', 'вывести в JSON')
    .action(async (opts: CheckOptions, cmd: Command) => {
      const out = opts.out && path.resolve(deps.cwd, opts.out);
      if (out && !/\.xlsx$/i.test(out)) throw new UserError(`Книга должна быть файлом .xlsx: ${opts.out}.`, { exitCode: ExitCode.usage });
      const report = await withDb(openForReport(deps, cmd.optsWithGlobals<GlobalOptions>(), { mapping: opts.mapping }), async ({ db, config, timeZone, today }) => {
        const { buildChecks } = await import('../checks/procedure.js');
        return buildChecks(db, {
          week: opts.week,
          asOf: opts.asOf,
          today,
          timeZone,
          linkDays: config.feedback.linkDays,
          initials: config.calendar.initials,
        });
      });
      if (out) {
        const { writeCheckWorkbook } = await import('../render/check-workbook.js');
        await makeDir(path.dirname(out));
        await writeCheckWorkbook(report, out);
      }
      const workbook = out ? path.relative(deps.cwd, out) : undefined;
      if (opts.json) deps.output.json({ ...(await import('../render/check-detail.js')).wordChecks(report), workbook: workbook ?? null });
      else deps.output.print((await import('../render/check-text.js')).renderChecks(report, workbook));
    });
}

/** `okno check load <file.xlsx>`: the office manager's «Исправлено» and «Комментарий» from the check workbook. */
function makeCheckLoadCommand(deps: Deps): Command {
  return new Command('load')
    .description('загрузить книгу проверки (okno check --out) с заполненными «Исправлено» и «Комментарий»')
    .argument('<file.xlsx>', 'заполненная книга проверки')
    .option('--json', 'вывести итог в JSON')
    .action(async (file: string, opts: { json?: boolean }, cmd: Command) => {
      // `okno check`'s own options stand in this command's help too (commander lists a parent's options): the
      // settings file applies, the week and the workbook to write do not — the week is the workbook's.
      const parent = cmd.optsWithGlobals<CheckOptions & GlobalOptions>();
      const stray = (['week', 'asOf', 'out'] as const).filter((o) => parent[o] !== undefined);
      if (stray.length > 0) {
        throw new UserError(`okno check load не принимает ${stray.map((o) => (o === 'asOf' ? '--as-of' : `--${o}`)).join(', ')}: неделя — та, что указана в книге.`, {
          exitCode: ExitCode.usage,
          hint: 'Справка: okno check load --help',
        });
      }
      const full = path.resolve(deps.cwd, file);
      if (!existsSync(full)) throw new UserError(`Файл ${file} не найден.`);
      const [{ loadCheckMarks }, { rules }, { renderCheckLoad }] = await Promise.all([
        import('../checks/marks.js'), import('../checks/procedure.js'), import('../render/check-text.js'),
      ]);
      await withDb(openForReport(deps, parent, { write: true, mapping: parent.mapping }), async ({ db }) => {
        const report = await loadCheckMarks(db, full, file, rules.map((r) => ({ code: r.code, sheet: r.sheet })));
        // `okno check` has a --json of its own, which takes the flag wherever it stands on the command line.
        if (opts.json || parent.json) deps.output.json(report);
        else deps.output.print(renderCheckLoad(report));
      });
    });
}
