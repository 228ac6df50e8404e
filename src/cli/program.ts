import { Command, Help, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { makeCheckCommand } from './check.js';
import { makeDemoCommand } from './demo.js';
import { makeExportCommand } from './export.js';
import type { Deps } from './deps.js';
import { makeLoadCommand } from './load.js';
import { makePrCommand } from './pr.js';
import { makeReportCommand } from './report.js';
import { makeReviewCommand } from './review.js';
import { makeStatusCommand } from './status.js';
import { makeSurveyCommand } from './survey.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const titles: Record<string, string> = {
  'Usage:': 'Использование:',
  'Options:': 'Параметры:',
  'Global Options:': 'Общие параметры:',
  'Commands:': 'Команды:',
  'Arguments:': 'Аргументы:',
};

/** Commander's own messages, in Russian. */
export function translateCommanderMessage(text: string): string {
  return text
    .replace(/^error: unknown option '(.+?)'/m, "Ошибка: неизвестный параметр '$1'")
    .replace(/^error: unknown command '(.+?)'/m, "Ошибка: неизвестная команда '$1'")
    .replace(/^error: missing required argument '(.+?)'/m, "Ошибка: не указан обязательный аргумент '$1'")
    .replace(/^error: option '(.+?)' argument '(.*?)' is invalid\. /m, "Ошибка: у параметра '$1' недопустимое значение '$2': ")
    .replace(/^error: option '(.+?)' argument missing/m, "Ошибка: у параметра '$1' не указано значение")
    .replace(/^error: required option '(.+?)' not specified/m, "Ошибка: не указан обязательный параметр '$1'")
    .replace(/^error: too many arguments(?: for '(.+?)')?\. Expected (\d+) arguments? but got (\d+)\./m, 'Ошибка: лишние аргументы (ожидалось $2, получено $3).')
    .replace(/^error: option '(.+?)' cannot be used with option '(.+?)'/m, "Ошибка: параметр '$1' нельзя указывать вместе с '$2'")
    .replace(/^error: (.*)$/m, 'Ошибка: $1')
    .replace(/\(Did you mean (.+?)\?\)/, '(Возможно, имелось в виду $1?)');
}

const dbEnvVar = 'OKNO_DB';

/** `errors.json`: the command asked for JSON, so commander's own error text stays off stderr (run() prints it as JSON). */
export function makeProgram(deps: Deps, errors: { json: boolean } = { json: false }): Command {
  const program = new Command('okno')
    .description('okno — цифры консультаций, оценка эффективности и анонимные опросы для ресурсного центра')
    .version(pkg.version, '-V, --version', 'показать версию')
    .helpOption('-h, --help', 'показать справку')
    .helpCommand('help [command]', 'справка по команде')
    .addOption(new Option('--db <file>', 'файл базы').default('okno.duckdb'))
    .option('--debug', 'при ошибке показать подробности (стек вызовов)')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => deps.output.print(s.replace(/\n$/, '')),
      writeErr: (s) => deps.output.error(translateCommanderMessage(s).replace(/\n$/, '')),
      outputError: (s, write) => {
        if (!errors.json) write(translateCommanderMessage(s));
      },
    });
  // OKNO_DB from deps.env, not process.env (commander's Option.env() reads the latter): an env value beats the
  // default and --db beats both, as with Option.env(); `demo` asks the source.
  const dbFromEnv = deps.env[dbEnvVar];
  if (dbFromEnv !== undefined) program.setOptionValueWithSource('db', dbFromEnv, 'env');
  program.addCommand(makeLoadCommand(deps));
  program.addCommand(makeReportCommand(deps));
  program.addCommand(makePrCommand(deps));
  program.addCommand(makeReviewCommand(deps));
  program.addCommand(makeCheckCommand(deps));
  program.addCommand(makeStatusCommand(deps));
  program.addCommand(makeSurveyCommand(deps));
  program.addCommand(makeExportCommand(deps));
  program.addCommand(makeDemoCommand(deps));
  russify(program);
  return program;
}

/** Help in Russian for every command: titles, help option, exit override, output. */
function russify(cmd: Command): void {
  for (const sub of cmd.commands) {
    sub.helpOption('-h, --help', 'показать справку').exitOverride().copyInheritedSettings(cmd);
    russify(sub);
  }
  cmd.configureHelp({
    styleTitle: (title: string) => titles[title] ?? title,
    showGlobalOptions: true,
    // Placeholders stay as commander writes them, [options] and [command], like every <file>, <dir> and <YYYY-MM>:
    // one language for placeholders (issue 18); the words around them are Russian.
    optionDescription: (option: Option) => {
      const extra: string[] = [];
      if (option.defaultValue !== undefined) extra.push(`по умолчанию: ${option.defaultValueDescription ?? JSON.stringify(option.defaultValue)}`);
      const envVar = option.envVar ?? (option.attributeName() === 'db' ? dbEnvVar : undefined);
      if (envVar) extra.push(`переменная окружения: ${envVar}`);
      return extra.length > 0 ? `${option.description} (${extra.join(', ')})` : option.description;
    },
  } as Partial<Help>);
  if (cmd.commands.length > 0) cmd.helpCommand('help [command]', 'справка по команде');
}
