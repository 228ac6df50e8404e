/** Exit codes are part of the CLI contract (README, «Коды выхода»). */
export const ExitCode = {
  ok: 0,
  badInput: 1,
  usage: 2,
  dbBusy: 3,
  dbIncompatible: 4,
  unexpected: 70,
  cancelled: 130,
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

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
