import { type Command, CommanderError } from 'commander';
import { ExitCode, UserError, errorMessage } from '../errors.js';
import type { Deps } from './deps.js';
import { processOutput } from './output.js';
import { makeProgram, translateCommanderMessage } from './program.js';

/**
 * Runs okno with argv (as process.argv) and returns the exit code. The one place errors are caught: in words on
 * stderr, or — when the command asked for JSON — as `{"error": {message, hint, exitCode}}` on stdout (README
 * «Errors in JSON»), so a script reading stdout always gets JSON.
 */
export async function run(argv: string[], deps: Deps): Promise<number> {
  const debug = argv.includes('--debug');
  // Before the action runs (commander's own usage errors) only the command line can tell; once it runs, its options.
  const state = { json: jsonOnCommandLine(argv.slice(2)), command: 'okno' };
  process.exitCode = undefined;
  try {
    const program = makeProgram(deps, state);
    program.hook('preAction', (_program, action) => {
      state.json = action.opts<{ json?: boolean }>().json === true;
    });
    followSubcommands(program, state);
    await program.parseAsync(argv);
    return Number(process.exitCode ?? ExitCode.ok);
  } catch (error) {
    const failure = describeFailure(error, debug, state.command);
    if (failure === null) return ExitCode.ok;
    if (state.json) {
      deps.output.json({ error: { message: failure.message, hint: failure.hint, exitCode: failure.exitCode } });
    } else {
      for (const line of failure.text) deps.output.error(line);
    }
    if (failure.stack) deps.output.error(failure.stack);
    return failure.exitCode;
  }
}

/** Keeps `state.command` at the command being parsed («okno load calendar»), for the help hint of a usage error. */
function followSubcommands(cmd: Command, state: { command: string }): void {
  for (const sub of cmd.commands) followSubcommands(sub, state);
  if (cmd.commands.length > 0) {
    cmd.hook('preSubcommand', (_cmd, sub) => {
      state.command = `${state.command} ${sub.name()}`;
    });
  }
}

/** `--json` among the arguments (not after `--`, where it would be a file name). */
function jsonOnCommandLine(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes('--json');
}

interface Failure {
  message: string;
  hint: string | null;
  exitCode: ExitCode;
  /** The lines for stderr when the answer is in words (commander has printed its own message and help already). */
  text: string[];
  /** Printed on stderr with --debug. */
  stack: string | null;
}

/** What went wrong, in the user's words; null for help and version, which are no failure. */
function describeFailure(error: unknown, debug: boolean, command: string): Failure | null {
  const help = `Справка: ${command} --help`;
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return null;
    // Help shown because a subcommand is missing (`okno load`) is a usage error; help asked for is not.
    if (error.code === 'commander.help') {
      return error.exitCode === 0 ? null : { message: 'Не указана команда.', hint: help, exitCode: ExitCode.usage, text: [], stack: null };
    }
    const [first = '', ...rest] = translateCommanderMessage(error.message).split('\n');
    const suggestion = rest.join(' ').trim().replace(/^\((.*)\)$/, '$1');
    return { message: first.replace(/^Ошибка: /, ''), hint: suggestion || help, exitCode: ExitCode.usage, text: suggestion ? [] : [help], stack: null };
  }
  if (error instanceof UserError) {
    const text = [`Ошибка: ${error.message}`, ...(error.hint ? [error.hint] : [])];
    return { message: error.message, hint: error.hint ?? null, exitCode: error.exitCode, text, stack: debug ? String(error.stack) : null };
  }
  if (isPromptCancel(error)) return { message: 'Отменено.', hint: null, exitCode: ExitCode.cancelled, text: ['Отменено.'], stack: null };
  const message = `Непредвиденная ошибка: ${errorMessage(error).split('\n')[0]}`;
  const hint = debug ? null : 'Подробности — с параметром --debug.';
  return { message, hint, exitCode: ExitCode.unexpected, text: hint ? [message, hint] : [message], stack: debug ? stackWithCauses(error) : null };
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
