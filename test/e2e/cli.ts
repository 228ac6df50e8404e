import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { root, testNow } from '../helpers.js';

export const bin = path.join(root, 'bin/okno.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI as a user would: a child process in `cwd`, no terminal, its clock pinned to `testNow` by
 * OKNO_NOW (a test that needs another day passes its own; the machine's date never matters).
 */
export function okno(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd,
      env: { ...process.env, OKNO_DB: undefined, OKNO_NOW: testNow, ...options.env },
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
    await (await instance.connect()).run('select 1');
    process.stdout.write('ready\\n');
    setInterval(() => {}, 1000);`;
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
