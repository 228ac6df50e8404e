import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The folder a command runs in (the CLI's deps.cwd), for messages that name a path as the user would: relative to
 * it. Set by run() around a command, so the code below need not carry it; without one, the process's own folder.
 * A context rather than process.chdir: tests run commands in-process, several folders in one process.
 */
const folder = new AsyncLocalStorage<string>();

export function inWorkingFolder<T>(cwd: string, fn: () => T): T {
  return folder.run(cwd, fn);
}

export function workingFolder(): string {
  return folder.getStore() ?? process.cwd();
}
