import { CommanderError } from 'commander';
import { ExitCode, UserError, errorMessage } from '../errors.js';
import type { Deps } from './deps.js';
import { processOutput } from './output.js';
import { makeProgram } from './program.js';

/** Runs okno with argv (as process.argv) and returns the exit code. The one place errors are caught. */
export async function run(argv: string[], deps: Deps): Promise<number> {
  const debug = argv.includes('--debug');
  process.exitCode = undefined;
  try {
    await makeProgram(deps).parseAsync(argv);
    return Number(process.exitCode ?? ExitCode.ok);
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help'
        ? ExitCode.ok
        : ExitCode.usage;
    }
    if (error instanceof UserError) {
      deps.output.error(`Ошибка: ${error.message}`);
      if (error.hint) deps.output.error(error.hint);
      if (debug) deps.output.error(String(error.stack));
      return error.exitCode;
    }
    if (isPromptCancel(error)) {
      deps.output.error('Отменено.');
      return ExitCode.cancelled;
    }
    deps.output.error(`Непредвиденная ошибка: ${errorMessage(error).split('\n')[0]}`);
    if (debug) deps.output.error(stackWithCauses(error));
    else deps.output.error('Подробности — с параметром --debug.');
    return ExitCode.unexpected;
  }
}

function isPromptCancel(error: unknown): boolean {
  return error instanceof Error && error.name === 'ExitPromptError';
}

function stackWithCauses(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current instanceof Error) {
    parts.push(current.stack ?? current.message);
    current = current.cause;
  }
  return parts.join('\nВызвано:\n');
}

/** The process entry point (bin/okno.js). */
export async function main(): Promise<void> {
  const deps: Deps = { output: processOutput(), clock: () => new Date(), cwd: process.cwd(), env: process.env };
  process.exitCode = await run(process.argv, deps);
}
