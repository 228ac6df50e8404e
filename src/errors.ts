/** Exit codes are part of the CLI contract (README, «Коды выхода»). */
export const ExitCode = {
  ok: 0,
  badInput: 1,
  usage: 2,
  dbBusy: 3,
  dbIncompatible: 4,
  unexpected: 70,
  /** Ctrl+C: in a prompt, or during a command that writes (SIGINT, 128 + 2). */
  cancelled: 130,
  /** SIGTERM during a command that writes (128 + 15), as a shell reports a process the signal ended. */
  terminated: 143,
  /** SIGHUP (the terminal window closed, an SSH session dropped) during a command that writes (128 + 1). */
  hangup: 129,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Something the user can fix: printed as is (Russian), never with a stack unless --debug. */
export class UserError extends Error {
  readonly hint?: string;
  readonly exitCode: ExitCode;
  constructor(message: string, options: { hint?: string; exitCode?: ExitCode; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'UserError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? ExitCode.badInput;
  }
}

/** A problem with one input file: the message names the file. */
export class FileError extends UserError {
  readonly file: string;
  /** The message without the file name, for reports that already name the file. */
  readonly problem: string;
  constructor(file: string, problem: string, options: { hint?: string; cause?: unknown } = {}) {
    super(`${file}: ${problem}`, options);
    this.name = 'FileError';
    this.file = file;
    this.problem = problem;
  }
}

/** The signals that stop a command that writes (src/cli/main.ts installs their handlers). */
export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

/**
 * A command stopped by Ctrl+C or SIGTERM. Deliberately not a UserError: loaders turn a UserError into one file's
 * `failed` report and go on with the next file; an Aborted must unwind the whole command (its cleanup runs in
 * `finally` blocks, the load's transaction rolls back), and src/cli/main.ts prints «Отменено.».
 */
export class Aborted extends Error {
  readonly signal: StopSignal;
  constructor(signal: StopSignal = 'SIGINT', options: { cause?: unknown } = {}) {
    super('Отменено.', options);
    this.name = 'Aborted';
    this.signal = signal;
  }

  get exitCode(): ExitCode {
    return this.signal === 'SIGTERM' ? ExitCode.terminated : this.signal === 'SIGHUP' ? ExitCode.hangup : ExitCode.cancelled;
  }
}

/**
 * Throws Aborted when `signal` has fired: loaders call it between steps (and in long JS loops), so a stop request
 * ends the work at the next step instead of after it. A fresh error each time, so `--debug` shows where it stopped.
 */
export function throwIfAborted(signal: AbortSignal | undefined, cause?: unknown): void {
  if (signal?.aborted) throw abortedBy(signal, cause);
}

/** The Aborted for a fired signal (its reason names SIGINT or SIGTERM when src/cli/main.ts fired it). */
export function abortedBy(signal: AbortSignal, cause?: unknown): Aborted {
  const reason: unknown = signal.reason;
  return new Aborted(reason instanceof Aborted ? reason.signal : 'SIGINT', { cause: cause ?? reason });
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
