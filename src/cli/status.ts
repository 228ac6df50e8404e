import { Command } from 'commander';
import { dateOption, openForReport, withDb } from './common.js';
import type { Deps, GlobalOptions } from './deps.js';

export function makeStatusCommand(deps: Deps): Command {
  return new Command('status')
    .description('сроки: выпущена ли справка за прошлый месяц, срок цифр для PR, свежесть данных, проблемы в данных')
    .option('--today <YYYY-MM-DD>', 'считать сегодняшней эту дату', dateOption)
    .option('--mapping <file>', 'файл настроек (часовой пояс, reviews.from, calendar.initials, feedback.linkDays); по умолчанию ./okno.config.json, если он есть')
    .option('--json', 'вывести в JSON')
    .action(async (opts: { today?: string; mapping?: string; json?: boolean }, cmd: Command) => {
      const [{ buildStatus }, { renderStatus }] = await Promise.all([import('../monthly/status.js'), import('../render/status-text.js')]);
      await withDb(openForReport(deps, cmd.optsWithGlobals<GlobalOptions>(), { mapping: opts.mapping }), async ({ db, config, timeZone, today }) => {
        const status = await buildStatus(db, {
          today: opts.today ?? today,
          timeZone,
          reviewsFrom: config.reviews.from,
          linkDays: config.feedback.linkDays,
          initials: config.calendar.initials,
        });
        if (opts.json) deps.output.json(status);
        else deps.output.print(renderStatus(status));
      });
    });
}
