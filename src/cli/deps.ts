import type { Output } from './output.js';

/** What commands take from the outside world; tests pass fakes. */
export interface Deps {
  output: Output;
  clock: () => Date;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Interactive prompts; default @inquirer/prompts, loaded when a command needs them. Tests pass fakes. */
  prompts?: Prompts;
  /** Whether a person can answer prompts (stdin is a terminal); default process.stdin.isTTY. */
  interactive?: boolean;
  /** Fires on Ctrl+C / SIGTERM during a command that writes (src/cli/main.ts); pass to Db.open and loaders. */
  signal?: AbortSignal;
}

/** The prompts okno asks (a subset of @inquirer/prompts). Cancelling (Ctrl+C) throws an ExitPromptError. */
export interface Prompts {
  select<T extends string>(options: { message: string; choices: { name: string; value: T }[]; default?: T }): Promise<T>;
  input(options: { message: string; default?: string; required?: boolean; validate?: (value: string) => boolean | string }): Promise<string>;
  /** Several choices; `validate` gets the ticked values. */
  checkbox<T extends string>(options: { message: string; choices: { name: string; value: T }[]; validate?: (values: readonly { value: T }[]) => boolean | string }): Promise<T[]>;
}

/** Options every command sees (program-level). */
export interface GlobalOptions {
  db: string;
  debug?: boolean;
}
