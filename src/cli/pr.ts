import { Command } from 'commander';
import path from 'node:path';
import { previousMonth, type Month } from '../time/period.js';
import { monthOption, openForReport, withDb } from './common.js';
import type { Deps, GlobalOptions } from './deps.js';

interface PrOptions {
  month?: Month;
  out: string;
  mapping?: string;
  force?: boolean;
  json?: boolean;
}

export function makePrCommand(deps: Deps): Command {
  return new Command('pr')
    .description('материалы для сайта и соцсетей за месяц: картинки трёх размеров и готовые тексты')
    .option('--month <YYYY-MM>', 'месяц (по умолчанию — прошлый)', monthOption)
    .option('--out <dir>', 'куда положить папку pr-ГГГГ-ММ', 'out')
    .option('--force', 'сделать материалы, даже если данные за месяц явно неполные (с предупреждением в тексте)')
    .option('--mapping <file>', 'файл настроек (организация, логотип, цвета); по умолчанию ./okno.config.json, если он есть')
    .option('--json', 'вывести цифры, тексты и список картинок в JSON')
    .action(async (opts: PrOptions, cmd: Command) => {
      // Written to: the kit is recorded (okno status reads it).
      await withDb(openForReport(deps, cmd.optsWithGlobals<GlobalOptions>(), { write: true, mapping: opts.mapping }), async ({ db, config, timeZone, today }) => {
        const month = opts.month ?? previousMonth(today);
        const { writePrKit } = await import('../pr/write.js');
        const kit = await writePrKit(
          db,
          { month, today, timeZone, linkDays: config.feedback.linkDays, config, force: opts.force },
          path.resolve(deps.cwd, opts.out),
        );
        if (opts.json) {
          const rel = (file: string) => path.relative(deps.cwd, file) || file;
          deps.output.json({
            month: kit.month,
            partial: kit.partial,
            period: kit.figures.period,
            incomplete: kit.warning !== null,
            warning: kit.warning,
            forced: kit.forced,
            recorded: kit.recorded,
            dir: rel(kit.dir),
            markdown: rel(kit.markdown),
            figures: kit.figures,
            texts: { site: kit.texts.site, social: kit.texts.social },
            images: kit.images.map((i) => ({ ...i, file: rel(i.file) })),
          });
        } else {
          const { renderPrKit } = await import('../render/pr-text.js');
          deps.output.print(renderPrKit(kit, deps.cwd));
        }
      });
    });
}
