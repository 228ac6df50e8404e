import { Command } from 'commander';
import { makeDir } from '../files/atomic.js';
import path from 'node:path';
import { previousMonth, type Month } from '../time/period.js';
import { dateOption, monthOption, openForReport, withDb } from './common.js';
import type { Deps, GlobalOptions } from './deps.js';

/** `okno report effectiveness` (registered in report.ts). */
export function makeEffectivenessCommand(deps: Deps): Command {
  return new Command('effectiveness')
    .description('эффективность консультаций: оценки за месяц и через 3–4 месяца, факторы и причины, просроченные, темы по группам клиентов')
    .option('--from <YYYY-MM>', 'первый месяц (по умолчанию — прошлый)', monthOption)
    .option('--to <YYYY-MM>', 'последний месяц (по умолчанию — прошлый)', monthOption)
    .option('--out <dir>', 'папка для книги Excel', 'out')
    .option('--today <YYYY-MM-DD>', 'считать сегодняшней эту дату', dateOption)
    .option('--mapping <file>', 'файл настроек; по умолчанию ./okno.config.json, если он есть')
    .option('--json', 'вывести цифры в JSON')
    .action(async (opts: { from?: Month; to?: Month; today?: string; out: string; mapping?: string; json?: boolean }, cmd: Command) => {
      const [{ buildEffectivenessReport }, { renderEffectiveness }] = await Promise.all([
        import('../reviews/effectiveness.js'),
        import('../render/effectiveness-text.js'),
      ]);
      await withDb(openForReport(deps, cmd.optsWithGlobals<GlobalOptions>(), { mapping: opts.mapping }), async ({ db, config, timeZone, today: clockToday }) => {
        const today = opts.today ?? clockToday;
        // Defaults: the previous month; --from alone runs to the previous month (or to itself, when later); --to alone is one month.
        const last = previousMonth(today);
        const from = opts.from ?? (opts.to && opts.to < last ? opts.to : last);
        const to = opts.to ?? (from > last ? from : last);
        const report = await buildEffectivenessReport(db, { from, to, today, timeZone, trackedFrom: config.reviews.from });
        const outDir = path.resolve(deps.cwd, opts.out);
        await makeDir(outDir);
        const { writeEffectivenessWorkbook } = await import('../render/effectiveness-workbook.js');
        const file = await writeEffectivenessWorkbook(report, outDir);
        const shown = path.relative(deps.cwd, file) || file;
        if (opts.json) deps.output.json({ ...report, workbook: shown });
        else deps.output.print(renderEffectiveness(report, shown));
      });
    });
}
