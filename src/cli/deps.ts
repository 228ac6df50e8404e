import type { Output } from './output.js';

/** What commands take from the outside world; tests pass fakes. */
export interface Deps {
  output: Output;
  clock: () => Date;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Options every command sees (program-level). */
export interface GlobalOptions {
  db: string;
  debug?: boolean;
}
