import { Command, InvalidArgumentError, Option } from 'commander';
import path from 'node:path';
import { makeDir } from '../files/atomic.js';
import { openForReport, withDb } from './common.js';
import type { Deps, GlobalOptions } from './deps.js';

interface ExportOptions {
  format: 'parquet' | 'csv';
  out: string;
  mapping?: string;
  json?: boolean;
}

function formatOption(value: string): 'parquet' | 'csv' {
  const v = value.trim().toLowerCase();
  if (v !== 'parquet' && v !== 'csv') throw new InvalidArgumentError('нужен формат parquet или csv.');
  return v;
}

export function makeExportCommand(deps: Deps): Command {
  return new Command('export')
    .description('выгрузить таблицы базы (консультации и их версии, отзывы, оценки эффективности, загрузки, календарь, итоги опросов) для аналитика')
    .addOption(new Option('--format <parquet|csv>', 'формат файлов').argParser(formatOption).default('parquet'))
    .requiredOption('--out <dir>', 'папка выгрузки (новая, пустая или прошлая выгрузка — она будет заменена)')
    .option('--mapping <file>', 'файл настроек (часовой пояс, feedback.linkDays); по умолчанию ./okno.config.json, если он есть')
    .option('--json', 'вывести в JSON, что записано')
    .action(async (opts: ExportOptions, cmd: Command) => {
      const dir = path.resolve(deps.cwd, opts.out);
      const result = await withDb(openForReport(deps, cmd.optsWithGlobals<GlobalOptions>(), { mapping: opts.mapping }), async ({ db, config, timeZone }) => {
        const { exportDatabase } = await import('../store/export.js');
        await makeDir(path.dirname(dir));
        return exportDatabase(db, { dir, format: opts.format, timeZone, linkDays: config.feedback.linkDays, now: deps.clock() });
      });
      const shown = path.relative(deps.cwd, dir) || '.';
      if (opts.json) deps.output.json({ ...result, dir: shown });
      else deps.output.print((await import('../render/export-text.js')).renderExport(result, shown));
    });
}
