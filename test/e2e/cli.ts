import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { processClock, run } from '../../src/cli/main.js';
import { processOutput } from '../../src/cli/output.js';
import { root, testNow } from '../helpers.js';

export const bin = path.join(root, 'bin/okno.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  /** Added to the environment; a key set to undefined is removed (OKNO_DB is removed unless given). */
  env?: NodeJS.ProcessEnv;
  /** oknoBinary only: a command the binary runs behind (`prlimit --fsize=…`, `setpriv …`). */
  wrapper?: string[];
}

/** The environment a run sees: the test's own, without OKNO_DB, its clock pinned to `testNow` by OKNO_NOW. */
function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, OKNO_DB: undefined, OKNO_NOW: testNow, ...extra };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return env;
}

/**
 * Runs okno as a user would, in this process: `run(argv, deps)` with stdout and stderr captured, `cwd` and the
 * environment passed in deps (never process.chdir), no terminal, the clock pinned to `testNow` by OKNO_NOW (a test
 * that needs another day passes its own; the machine's date never matters). The same result as `oknoBinary`, in a
 * fraction of the time (no node and DuckDB start per call). What only a real process shows — signals, the exit code
 * node reports, the built `dist/` — goes through `oknoBinary`.
 */
export async function okno(args: string[], options: CliOptions): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const env = cliEnv(options.env);
  const output = processOutput({ write: (s: string) => ((stdout += s), true) }, { write: (s: string) => ((stderr += s), true), isTTY: false });
  // run() reports its exit code; process.exitCode is how commands hand theirs to it, and must not outlive the call
  // (vitest would report this process's exit code).
  const exitCode = process.exitCode;
  try {
    const code = await run([process.execPath, bin, ...args], { output, clock: processClock(env), cwd: options.cwd, env, interactive: false });
    return { code, stdout, stderr };
  } finally {
    process.exitCode = exitCode;
  }
}

const loadedDatabases = new Map<string, Promise<string>>();

/**
 * What `okno load consultations <file>…` leaves in a folder without a database, for tests that start from it and do
 * not look at that load's output: okno.duckdb copied from a folder where this command ran once per process (and
 * exited 0: checked there). `env` as for `okno`; the load's clock is OKNO_NOW's, so it is part of the key.
 */
export async function loadedIn(cwd: string, file: string | string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  const files = typeof file === 'string' ? [file] : file;
  const key = JSON.stringify([files, cliEnv(env).OKNO_NOW]);
  let made = loadedDatabases.get(key);
  if (!made) {
    made = (async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'okno-loaded-'));
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      const r = await okno(['load', 'consultations', ...files], { cwd: dir, env });
      if (r.code !== 0) throw new Error(`okno load consultations ${files.join(' ')}: exit ${r.code}\n${r.stderr}`);
      return path.join(dir, 'okno.duckdb');
    })();
    loadedDatabases.set(key, made);
  }
  await copyFile(await made, path.join(cwd, 'okno.duckdb'));
}

/**
 * Runs the built CLI (bin/okno.js, dist/) as a child process in `cwd`, no terminal, the environment as `okno` gives
 * it. For what only a real process shows: the quick start, signals, exit codes node reports, `--debug` stacks.
 */
export function oknoBinary(args: string[], options: CliOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const [command, ...rest] = [...(options.wrapper ?? []), process.execPath, bin, ...args];
    const child = spawn(command!, rest, {
      cwd: options.cwd,
      env: cliEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Another process holding the database open (as a running okno would), until `release()`. */
export async function holdDatabase(file: string): Promise<{ pid: number; release: () => Promise<void> }> {
  const script = `
    const { DuckDBInstance } = await import(${JSON.stringify(path.join(root, 'node_modules/@duckdb/node-api/lib/index.js'))});
    const instance = await DuckDBInstance.create(${JSON.stringify(file)});
    const connection = await instance.connect();
    await connection.run('select 1');
    // Referenced for as long as the process lives: a collected instance closes its file and lets go of the lock.
    globalThis.held = { instance, connection };
    process.stdout.write('ready\\n');
    setInterval(() => globalThis.held, 1000);`;
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
  return {
    pid: child.pid!,
    release: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit');
        child.on('exit', () => resolve());
        child.kill();
      }),
  };
}
