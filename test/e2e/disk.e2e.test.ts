import { spawnSync } from 'node:child_process';
import { chmod, copyFile, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRows, writeCsv } from '../bench/generate.js';
import { amocrm } from '../helpers.js';
import { okno, oknoBinary, type CliResult } from './cli.js';

/**
 * A disk that cannot take a load — full, a file size limit, a database or folder that may not be written — gets
 * a message that blames the disk (not «не удалось разобрать CSV»), exit 1, and the figures stay exactly as they
 * were: `okno status --json` before and after are equal, and the same file loads once the disk is fixed.
 * No root tricks: a full disk is the WAL pointing at /dev/full (every write: ENOSPC), a size limit is
 * `prlimit --fsize` on the child (EFBIG; node ignores SIGXFSZ), read-only is chmod — for a root user (who may
 * write anyway) the child runs as nobody through setpriv.
 */

const root = process.getuid?.() === 0;
const has = (tool: string) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;
const asUser = root ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];

/** The built CLI behind a wrapper command (prlimit, setpriv); HOME is the test's folder (nobody has none). */
function oknoVia(wrapper: string[], args: string[], cwd: string): Promise<CliResult> {
  return oknoBinary(args, { cwd, wrapper, env: { HOME: cwd } });
}

/** A database with the 6-deal fixture loaded and a 3,000-row UTF-8 export (2.5 MB) to load next. */
async function setUp(cwd: string): Promise<{ figures: string }> {
  await copyFile(amocrm('cp1251-semicolon-crlf.csv'), path.join(cwd, 'октябрь.csv'));
  expect((await okno(['load', 'consultations', 'октябрь.csv'], { cwd })).code).toBe(0);
  await writeCsv(path.join(cwd, 'ноябрь.csv'), generateRows(3000, 11), { encoding: 'utf-8', delimiter: ',', crlf: false });
  // The child may run as nobody: it must reach the folder (mkdtemp makes it 0700) and read the export.
  await chmod(cwd, 0o755);
  return { figures: await figures(cwd) };
}

async function figures(cwd: string): Promise<string> {
  const status = await okno(['status', '--json'], { cwd });
  expect(status.code).toBe(0);
  return status.stdout;
}

// Not the file's fault: the command stops (the other files would fail the same way), the message on stderr.
const failedLoad = (problem: string, hint: string): CliResult => ({
  code: 1,
  stdout: '',
  stderr: `Ошибка: ${problem}\n${hint}\n`,
});

// One database goes through every broken disk in turn (a load each is what costs time on a busy machine): each
// case compares the figures with the ones before it, and the last one loads the file once the disk is fixed.
describe('a disk that cannot take the load', () => {
  let cwd = '';
  let before = '';
  beforeAll(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'okno-test-'));
    before = (await setUp(cwd)).figures;
  }, 120_000);
  afterAll(async () => {
    if (cwd) await rm(cwd, { recursive: true, force: true });
  });

  const load = (wrapper: string[] = []) => oknoVia(wrapper, ['load', 'consultations', 'ноябрь.csv'], cwd);

  it('full (ENOSPC): blames the disk, exit 1, the figures as they were', async () => {
    await symlink('/dev/full', path.join(cwd, 'okno.duckdb.wal'));
    try {
      expect(await load()).toEqual(failedLoad(
        `На диске нет места (${cwd}): изменения не сохранены, в базе всё как было.`,
        'Освободите место на диске с базой и во временной папке и повторите команду.'));
    } finally {
      await rm(path.join(cwd, 'okno.duckdb.wal'));
    }
    expect(await figures(cwd)).toBe(before);
  }, 120_000);

  it.skipIf(!has('prlimit'))('a file size limit (EFBIG, ulimit -f): blames the limit, exit 1, the figures as they were', async () => {
    // 200 KB: the database file is larger, but DuckDB writes a load into the WAL first, from its start.
    expect(await load(['prlimit', '--fsize=200000'])).toEqual(failedLoad(
      `Файл ${path.join(cwd, 'okno.duckdb.wal')} достиг предельного размера, разрешённого системой: изменения не сохранены, в базе всё как было.`,
      'Снимите ограничение размера файлов (ulimit -f) или укажите базу на другом диске через --db.'));
    expect(await figures(cwd)).toBe(before);
    // DuckDB leaves the WAL it could not write, empty (the next open removes it): not in the next case's way.
    await rm(path.join(cwd, 'okno.duckdb.wal'), { force: true });
  }, 120_000);

  const readOnlyMessage = () =>
    `Базу ${path.join(cwd, 'okno.duckdb')} нельзя изменить: файл базы или её папка открыты только для чтения; изменения не сохранены, в базе всё как было.`;
  const readOnlyHint = () =>
    `Разрешите запись в файл базы и в его папку (${cwd}: рядом с базой DuckDB пишет файл .wal) или укажите другую базу через --db.`;

  it.skipIf(root && !has('setpriv'))('a read-only database file (chmod 444): refused before anything is read, exit 1', async () => {
    await chmod(path.join(cwd, 'okno.duckdb'), 0o444);
    try {
      expect(await load(asUser)).toEqual({ code: 1, stdout: '', stderr: `Ошибка: ${readOnlyMessage()}\n${readOnlyHint()}\n` });
      // Reports open the database read-only: they still work.
      expect(await figures(cwd)).toBe(before);
    } finally {
      await chmod(path.join(cwd, 'okno.duckdb'), 0o644);
    }
  }, 120_000);

  it.skipIf(root && !has('setpriv'))('a read-only folder (no room for the WAL): the load fails at its commit, exit 1, nothing stored', async () => {
    await chmod(path.join(cwd, 'okno.duckdb'), 0o666);
    await chmod(cwd, 0o555);
    try {
      expect(await load(asUser)).toEqual(failedLoad(readOnlyMessage(), readOnlyHint()));
    } finally {
      await chmod(cwd, 0o755);
      await chmod(path.join(cwd, 'okno.duckdb'), 0o644);
    }
    expect(await figures(cwd)).toBe(before);
  }, 120_000);

  it('once the disk is fixed, the same file loads: nothing of the failed loads was left half-stored', async () => {
    const again = await okno(['load', 'consultations', 'ноябрь.csv'], { cwd });
    expect(again).toEqual({
      code: 0,
      stdout:
        'ноябрь.csv — загружен (загрузка №2)\n' +
        '  CSV, кодировка UTF-8, разделитель «,»\n' +
        '  Строк прочитано: 3\u00a0000, принято: 3\u00a0000, отклонено: 0\n' +
        '  Сделки: новых — 3\u00a0000, обновлено — 0, без изменений — 0\n',
      stderr: '',
    });
    expect(await figures(cwd)).not.toBe(before);
  }, 120_000);
});
