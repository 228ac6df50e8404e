import { type Command, CommanderError } from 'commander';
import { storageError } from '../db/storage-error.js';
import { Aborted, ExitCode, UserError, abortedBy, errorMessage, type StopSignal } from '../errors.js';
import { removeOwnScratchSync, removeStaleScratch } from '../files/scratch.js';
import { inWorkingFolder } from '../files/working-folder.js';
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
  const stop = new AbortController();
  const signal = deps.signal ? AbortSignal.any([deps.signal, stop.signal]) : stop.signal;
  let uninstall = () => {};
  try {
    const program = makeProgram({ ...deps, signal }, state);
    program.hook('preAction', async (_program, action) => {
      // With parents' options: `okno check load --json` sets the --json of `okno check`, which has one too.
      state.json = action.optsWithGlobals<{ json?: boolean }>().json === true;
      if (stoppable.has(commandPath(action))) uninstall = stopOnSignals(stop, deps);
      // Whatever the command: a scratch copy a killed load left (an export's e-mails, in memory) goes at the next run.
      await removeStaleScratch();
    });
    followSubcommands(program, state);
    await inWorkingFolder(deps.cwd, () => program.parseAsync(argv));
    return Number(process.exitCode ?? ExitCode.ok);
  } catch (error) {
    // Once stopped, whatever error the unwinding surfaced (an interrupted query, say) is the stop.
    const failure = describeFailure(signal.aborted ? abortedBy(signal, error) : error, debug, state.command);
    if (failure === null) return ExitCode.ok;
    if (state.json) {
      deps.output.json({ error: { message: failure.message, hint: failure.hint, exitCode: failure.exitCode } });
    } else {
      for (const line of failure.text) deps.output.error(line);
    }
    if (failure.stack) deps.output.error(failure.stack);
    return failure.exitCode;
  } finally {
    uninstall();
  }
}

/**
 * Commands that load files (long, and with scratch copies), and `export` (long on a big database; stopped, it removes
 * its half-written temporary folder): Ctrl+C or SIGTERM stops them cleanly, and they clear scratch folders killed okno
 * processes left. Other commands keep node's default (a signal ends them at once): they read,
 * or write in one short transaction, which a kill cannot leave half done either. `survey serve` runs until stopped:
 * the stop ends its listening and writes the answers waiting for their batch.
 */
const stoppable = new Set(['survey serve', 'load consultations', 'load feedback', 'load calendar', 'survey load', 'review load', 'check load', 'export']);

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * Until the returned function is called, SIGINT, SIGTERM and SIGHUP abort `stop` (the database interrupts its running
 * query, the loader unwinds through its cleanup, run() prints «Отменено.»). A second signal exits at once: the
 * load is published in one transaction at its end, so exiting mid-way loses nothing; scratch folders go on exit.
 */
function stopOnSignals(stop: AbortController, deps: Deps): () => void {
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((name) => {
    const handler = () => {
      const reason = new Aborted(name);
      if (!stop.signal.aborted) {
        stop.abort(reason);
        // At once, not when the command has unwound: a copy of an export (e-mails and all) must not outlive the stop
        // by the seconds a transcoding step may take to notice it. Its writer fails on the missing folder, as stopped.
        removeOwnScratchSync();
        return;
      }
      // A progress bar may be on the line: clear it, as its done() would have.
      if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
      deps.output.error('Отменено.');
      removeOwnScratchSync();
      process.exit(reason.exitCode);
    };
    process.on(name, handler);
    return [name, handler] as [StopSignal, () => void];
  });
  return () => {
    for (const [name, handler] of handlers) process.off(name, handler);
  };
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
  if (error instanceof Aborted) {
    return { message: error.message, hint: null, exitCode: error.exitCode, text: [error.message], stack: debug ? stackWithCauses(error) : null };
  }
  // A full disk met outside the database (a scratch copy, a rejects file) blames the disk too.
  const disk = storageError(error);
  if (disk) return describeFailure(disk, debug, command);
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
