import type { Output } from './output.js';

/** What commands take from the outside world; tests pass fakes. */
export interface Deps {
  output: Output;
  clock: () => Date;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Interactive prompts; default @inquirer/prompts, loaded when a command needs them. Tests pass fakes. */
  prompts?: Prompts;
  /** The prompts survey questions are answered with (`okno survey take`); default src/cli/survey-prompts.ts. */
  surveyPrompts?: SurveyPrompts;
  /** Timers for waits a person can outlast (the kiosk's idle timeout); default the platform's. Tests fire them by hand. */
  timers?: Timers;
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

/** What a survey question prompt returns when the person goes back a question (Esc). */
export const BACK: unique symbol = Symbol('back');
export type Back = typeof BACK;

/** A choice of a survey question; `key` is the key that picks it (the digit it is labelled with). */
export interface Choice<T extends string> {
  name: string;
  value: T;
  key?: string;
}

interface QuestionPromptOptions {
  message: string;
  /** Esc goes back (resolves BACK). */
  back?: boolean;
  /** Aborting it ends the prompt with an AbortPromptError (the kiosk's idle timeout). */
  signal?: AbortSignal;
  /** Called on every key press (the person is still there). */
  onKey?: () => void;
}

/**
 * The prompts of `okno survey take`: nothing is chosen until the person chooses (Enter alone answers nothing), a
 * digit picks the choice labelled with it, Esc goes back, text takes several lines. Cancelling throws an
 * ExitPromptError, an aborted `signal` an AbortPromptError.
 */
export interface SurveyPrompts extends Prompts {
  choose<T extends string>(options: QuestionPromptOptions & { choices: Choice<T>[]; default?: T; problem?: string }): Promise<T | Back>;
  chooseMany<T extends string>(options: QuestionPromptOptions & { choices: Choice<T>[]; default?: T[]; required: boolean }): Promise<T[] | Back>;
  /** `onBack` gets what was typed when Esc goes back, so that the text is there on the way forward again. */
  text(options: QuestionPromptOptions & { default?: string; validate?: (value: string) => true | string; onBack?: (draft: string) => void }): Promise<string | Back>;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Options every command sees (program-level). */
export interface GlobalOptions {
  db: string;
  debug?: boolean;
}
