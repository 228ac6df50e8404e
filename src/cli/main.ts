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
  const deps: Deps = { output: processOutput(), clock: processClock(process.env), cwd: process.cwd(), env: process.env };
  process.exitCode = await run(process.argv, deps);
}

/**
 * The machine's clock, or the fixed instant in OKNO_NOW (ISO 8601 with an offset, e.g. 2026-12-01T10:00:00+03:00):
 * tests of the built CLI and reproducible runs pin «today» with it.
 */
export function processClock(env: NodeJS.ProcessEnv): () => Date {
  const fixed = env.OKNO_NOW;
  if (!fixed) return () => new Date();
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(fixed);
  const instant = new Date(iso ? fixed : NaN);
  return () => {
    // Thrown where the clock is first read, inside a command, so the one catch in run() reports it.
    if (Number.isNaN(instant.getTime())) {
      throw new UserError(`OKNO_NOW=${fixed}: нужен момент времени ISO 8601 со смещением, например 2026-12-01T10:00:00+03:00.`);
    }
    return new Date(instant);
  };
}
