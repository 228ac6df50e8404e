/**
 * The references `npm run bench` compares okno with, each run as a child process of its own (so it pays node's
 * start-up and its imports, as `okno` does):
 *
 *   node dist-bench/references.js read-csv <db file> <csv file>   DuckDB alone: every column of the file as text
 *   node dist-bench/references.js exceljs <xlsx file>             exceljs's streaming reader, every row's values
 *   node dist-bench/references.js select-1 <db file>              the least a DuckDB CLI does: open a file, select 1
 *   node dist-bench/references.js commander-help                  a commander program shaped like okno's, --help
 *
 * Modules are imported inside each case, so a case loads only what it uses.
 */
import { createRequire } from 'node:module';
import type { DuckDBConnection } from '@duckdb/node-api';

async function withConnection(dbFile: string, fn: (connection: DuckDBConnection) => Promise<unknown>): Promise<void> {
  // Required, as okno loads it (src/db/duckdb.ts): node 20's `import()` of this CommonJS package lexes its ~190
  // modules first and took two to three times as long, which made the reference slower than the least it can be.
  const { DuckDBInstance } = createRequire(import.meta.url)('@duckdb/node-api') as typeof import('@duckdb/node-api');
  // As okno opens it: nothing is installed or loaded behind our back.
  const instance = await DuckDBInstance.create(dbFile, { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const connection = await instance.connect();
  try {
    await fn(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** DuckDB's own read of the export into a table of a file database: its sniffer, its parallel reader. */
async function readCsv(dbFile: string, csv: string): Promise<void> {
  await withConnection(dbFile, (c) => c.run('create table t as select * from read_csv($path, all_varchar = true)', { path: csv }));
}

/** exceljs's streaming WorkbookReader with its defaults, touching every row's values. */
async function exceljsRead(file: string): Promise<void> {
  const ExcelJS = (await import('exceljs')).default;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {});
  let rows = 0;
  for await (const sheet of reader) {
    for await (const row of sheet) if (row.values) rows++;
  }
  if (rows === 0) throw new Error(`exceljs read no rows of ${file}`);
}

async function selectOne(dbFile: string): Promise<void> {
  await withConnection(dbFile, (c) => c.run('select 1'));
}

/** okno's top level as commander builds it: the same options and commands, Russian texts, help printed. */
async function commanderHelp(): Promise<void> {
  const { Command, Option } = await import('commander');
  const program = new Command('okno')
    .description('okno — цифры консультаций, оценка эффективности и анонимные опросы для ресурсного центра')
    .version('0.1.0', '-V, --version', 'показать версию')
    .helpOption('-h, --help', 'показать справку')
    .helpCommand('help [command]', 'справка по команде')
    .addOption(new Option('--db <file>', 'файл базы').env('OKNO_DB').default('okno.duckdb'))
    .option('--debug', 'при ошибке показать подробности (стек вызовов)');
  const commands: [string, string][] = [
    ['load', 'загрузить выгрузки в базу'],
    ['report', 'отчёты: аналитическая справка за месяц (квартал, полугодие, год, диапазон месяцев), цифры по проектам, эффективность'],
    ['pr', 'материалы для сайта и соцсетей за месяц: картинки трёх размеров и готовые тексты'],
    ['review', 'оценка эффективности консультаций: через месяц и через 3–4 месяца'],
    ['check', 'проверка процедуры за неделю: заполнение и закрытие карточек, сроки, переносы, обратная связь, календарь'],
    ['status', 'сроки: выпущена ли справка за прошлый месяц, срок цифр для PR, свежесть данных, проблемы в данных'],
    ['survey', 'анонимные опросы сотрудников (внутренних клиентов): коды, ответы, итоги без раскрытия отвечавших'],
    ['demo', 'показать работу okno на примере: новая база, загрузка примеров выгрузок и отзывов, справка за октябрь 2026'],
  ];
  for (const [name, description] of commands) program.command(name).description(description).option('--json', 'в JSON');
  // okno's help speaks Russian: the same titles, translated the same way (a lookup per title).
  const titles: Record<string, string> = { 'Usage:': 'Использование:', 'Options:': 'Параметры:', 'Commands:': 'Команды:' };
  program.configureHelp({ styleTitle: (title: string) => titles[title] ?? title, showGlobalOptions: true });
  program.parse(['node', 'okno', '--help']);
}

async function main(): Promise<void> {
  const [mode, a, b] = process.argv.slice(2);
  if (mode === 'read-csv' && a && b) return readCsv(a, b);
  if (mode === 'exceljs' && a) return exceljsRead(a);
  if (mode === 'select-1' && a) return selectOne(a);
  if (mode === 'commander-help') return commanderHelp();
  throw new Error(`usage: references.js read-csv <db> <csv> | exceljs <xlsx> | select-1 <db> | commander-help (got ${process.argv.slice(2).join(' ')})`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
