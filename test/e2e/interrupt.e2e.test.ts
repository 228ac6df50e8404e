import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRows, writeCsv } from '../bench/generate.js';
import { scratchRoots } from '../../src/files/scratch.js';
import { amocrm, testNow } from '../helpers.js';
import { bin, okno } from './cli.js';

/**
 * A load stopped half-way — Ctrl+C, SIGTERM, kill -9 at any moment — leaves the database as it was: it opens,
 * `okno status --json` gives the figures it gave before, and the same file loads afterwards. Its scratch copy
 * (a Windows-1251 export is read through a UTF-8 copy in /dev/shm or the temporary folder) is removed: by the
 * process itself on Ctrl+C and SIGTERM, by the next load after a kill -9. Written against the CLI only.
 */

let cwd = '';
/** The database with the 6-deal fixture loaded, copied afresh for every stopped load. */
let base = '';
/** `okno status --json` of that database. */
let before = '';

/** The big export: 12,000 amoCRM-like deals in Windows-1251 (7 MB), a load of several seconds. */
const bigRows = 12_000;

beforeAll(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'okno-test-'));
  await copyFile(amocrm('cp1251-semicolon-crlf.csv'), path.join(cwd, 'октябрь.csv'));
  expect((await okno(['--db', 'base.duckdb', 'load', 'consultations', 'октябрь.csv'], { cwd })).code).toBe(0);
  base = path.join(cwd, 'base.duckdb');
  before = await figures('base.duckdb');
  await writeCsv(path.join(cwd, 'big.csv'), generateRows(bigRows, 17), { encoding: 'windows-1251', delimiter: ';', crlf: true });
}, 120_000);

afterAll(async () => {
  if (cwd) await rm(cwd, { recursive: true, force: true });
});

async function figures(db: string): Promise<string> {
  const status = await okno(['--db', db, 'status', '--json'], { cwd });
  expect(status.stderr).toBe('');
  expect(status.code).toBe(0);
  return status.stdout;
}

/** A copy of the base database for one stopped load. */
async function fresh(name: string): Promise<string> {
  const db = `${name}.duckdb`;
  await copyFile(base, path.join(cwd, db));
  return db;
}

interface Running {
  pid: number;
  kill(signal: NodeJS.Signals): void;
  /** Exit code (null when a signal ended it), the signal, the output. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** `okno load consultations big.csv` on `db`, started and left running. */
function startLoad(db: string): Running {
  const child = spawn(process.execPath, [bin, '--db', db, 'load', 'consultations', 'big.csv'], {
    cwd,
    env: { ...process.env, OKNO_DB: undefined, OKNO_NOW: testNow },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return {
    pid: child.pid!,
    kill: (signal) => child.kill(signal),
    done: new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    }),
  };
}

/** The scratch folders process `pid` has (okno-scratch-<pid>-…, src/files/scratch.ts). */
async function scratchOf(pid: number): Promise<string[]> {
  const found: string[] = [];
  for (const root of scratchRoots()) {
    const names = await readdir(root).catch(() => [] as string[]);
    found.push(...names.filter((n) => n.startsWith(`okno-scratch-${pid}-`)).map((n) => path.join(root, n)));
  }
  return found;
}

/** Waits until the load has its scratch copy: it is then well into its work (reading, parsing). */
async function untilScratch(load: Running): Promise<void> {
  const deadline = Date.now() + 90_000;
  let exited = false;
  void load.done.then(() => (exited = true));
  while ((await scratchOf(load.pid)).length === 0) {
    if (exited || Date.now() > deadline) throw new Error('the load never made its scratch copy');
    await sleep(20);
  }
}

async function loadsAgain(db: string): Promise<void> {
  const again = await okno(['--db', db, 'load', 'consultations', 'big.csv'], { cwd });
  expect(again.stderr).toBe('');
  expect(again.stdout).toMatch(/^big\.csv — загружен \(загрузка №2\)\n/);
  expect(again.code).toBe(0);
}

describe('a load stopped half-way', () => {
  it('by Ctrl+C (SIGINT): «Отменено.», exit 130, the figures as they were, the scratch copy removed', async () => {
    const db = await fresh('sigint');
    const load = startLoad(db);
    await untilScratch(load);
    load.kill('SIGINT');
    expect(await load.done).toEqual({ code: 130, signal: null, stdout: '', stderr: 'Отменено.\n' });
    expect(await scratchOf(load.pid)).toEqual([]);
    expect(await figures(db)).toBe(before);
    await loadsAgain(db);
  }, 120_000);

  it('by SIGTERM, a moment later: «Отменено.», exit 143, the figures as they were, the scratch copy removed', async () => {
    const db = await fresh('sigterm');
    const load = startLoad(db);
    await untilScratch(load);
    await sleep(1500);
    load.kill('SIGTERM');
    const result = await load.done;
    // On a fast machine the load may be done by then: it is loaded, whole.
    if (result.code === 0) {
      expect(result.stdout).toMatch(/^big\.csv — загружен \(загрузка №2\)\n/);
      return;
    }
    // The signal came once the command was done and had said so, as node was exiting (okno's handlers are gone
    // then): node's default ends it, by the signal; the load is there whole.
    if (result.signal === 'SIGTERM') {
      expect(result).toMatchObject({ code: null, stderr: '' });
      expect(result.stdout).toMatch(/^big\.csv — загружен \(загрузка №2\)\n/);
      const again = await okno(['--db', db, 'load', 'consultations', 'big.csv'], { cwd });
      expect(again.stdout).toMatch(/^big\.csv — уже загружен/);
      return;
    }
    // Stopped just after its commit: the load is there whole, and okno says so rather than «Отменено».
    if (result.stdout !== '') {
      expect(result.stdout).toMatch(/^big\.csv — загружен \(загрузка №2\)\n/);
      expect(result.stderr).toBe('Остановлено: загруженные файлы сохранены целиком, остальные не загружены.\n');
      expect(result.code).toBe(143);
      const again = await okno(['--db', db, 'load', 'consultations', 'big.csv'], { cwd });
      expect(again.stdout).toMatch(/^big\.csv — уже загружен/);
      return;
    }
    expect(result).toEqual({ code: 143, signal: null, stdout: '', stderr: 'Отменено.\n' });
    expect(await scratchOf(load.pid)).toEqual([]);
    expect(await figures(db)).toBe(before);
  }, 120_000);

  it('by kill -9 at five moments: the database opens with the figures it had (or, killed after the commit, with the whole load) and takes the same file again', async () => {
    // How long a whole load takes here, to kill at fractions of it.
    const timing = await fresh('timing');
    const started = Date.now();
    await loadsAgain(timing);
    const whole = Date.now() - started;
    const loaded = await figures(timing);

    /** A load killed `fraction` of a whole load after its start; true when the kill found it mid-way. */
    const killAt = async (fraction: number, name: string): Promise<boolean> => {
      const db = await fresh(name);
      const load = startLoad(db);
      await sleep(fraction * whole);
      load.kill('SIGKILL');
      const result = await load.done;
      if (result.signal !== 'SIGKILL') {
        // It finished before the kill (faster than the timing run): loaded, whole.
        expect(result.code).toBe(0);
        return false;
      }
      // Killed after its commit (closing the database, writing the summary): the load is there, whole.
      const now = await figures(db);
      if (now === loaded) {
        const again = await okno(['--db', db, 'load', 'consultations', 'big.csv'], { cwd });
        expect(again.stdout).toMatch(/^big\.csv — уже загружен/);
        return false;
      }
      expect(now).toBe(before);
      // The next load takes the file, and clears the scratch copy the killed one may have left.
      await loadsAgain(db);
      expect(await scratchOf(load.pid)).toEqual([]);
      return true;
    };

    let killedMidway = 0;
    for (const fraction of [0.1, 0.3, 0.5, 0.7, 0.9]) if (await killAt(fraction, `kill-${fraction}`)) killedMidway++;
    // On a busy machine the timing run may have been slower than these: moments that found the load done (or
    // committed) are tried again earlier, at most five more, so that at least three kills land mid-way.
    for (const fraction of [0.05, 0.2, 0.4, 0.6, 0.8]) {
      if (killedMidway >= 3) break;
      if (await killAt(fraction, `kill-again-${fraction}`)) killedMidway++;
    }
    expect(killedMidway).toBeGreaterThanOrEqual(3);
  }, 300_000);
});
