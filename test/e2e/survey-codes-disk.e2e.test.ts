// `okno survey codes` on a disk that fails: the codes are stored first and the sheet written only after the store
// committed, so a sheet never lists codes that do not exist, and codes whose sheet could not be written are taken
// back. A full disk is the WAL pointing at /dev/full (as in disk.e2e.test.ts); a sheet too big to write is
// `prlimit --fsize` on the child.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, rm, stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, withTempDir } from '../helpers.js';
import { okno, oknoBinary } from './cli.js';

const has = (tool: string) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;

async function created(cwd: string) {
  expect((await okno(['survey', 'create', '--from', fixture('surveys/custom-legal-department.json'), '--departments', 'Отдел А,Отдел Б'], { cwd })).code).toBe(0);
  expect((await okno(['survey', 'codes', '1', '--count', '3', '--out', 'первый.html'], { cwd })).code).toBe(0);
}

const issued = async (cwd: string) => (JSON.parse((await okno(['survey', 'status', '1', '--json'], { cwd })).stdout) as { codesIssued: number }).codesIssued;

describe('okno survey codes on a failing disk', () => {
  it('a full disk fails the store before any sheet is written: no sheet, no partial file, no code', async () => {
    await withTempDir(async (cwd) => {
      await created(cwd);
      const before = await readdir(cwd);
      await symlink('/dev/full', path.join(cwd, 'okno.duckdb.wal'));
      let r;
      try {
        r = await okno(['survey', 'codes', '1', '--count', '300', '--out', 'коды.html'], { cwd });
      } finally {
        await rm(path.join(cwd, 'okno.duckdb.wal'));
      }
      expect([r.code, r.stderr.split('\n')[0]]).toEqual([1, `Ошибка: На диске нет места (${cwd}): изменения не сохранены, в базе всё как было.`]);
      expect((await readdir(cwd)).sort()).toEqual(before.sort());
      expect(await issued(cwd)).toBe(3);
    });
  });

  it.skipIf(!has('prlimit'))('a sheet that cannot be written takes its codes back: exit 1, no sheet, the codes issued as before', async () => {
    await withTempDir(async (cwd) => {
      await created(cwd);
      const before = await readdir(cwd);
      // The database (a few MB) stays under the limit; 2,500 slips with QR codes (about 10 MB) do not.
      const limit = (await stat(path.join(cwd, 'okno.duckdb'))).size + 2_000_000;
      const r = await oknoBinary(['survey', 'codes', '1', '--count', '2500', '--out', 'коды.html', '--address', 'http://10.0.0.1:8080/'], { cwd, wrapper: ['prlimit', `--fsize=${limit}`] });
      expect([r.code, r.stderr]).toEqual([
        1,
        'Ошибка: Не удалось записать коды.html: файл больше предельного размера, разрешённого системой (ulimit -f). Коды не выпущены.\n' +
          'Снимите ограничение размера файлов (ulimit -f) или укажите другую папку (--out) и повторите.\n',
      ]);
      expect((await readdir(cwd)).filter((f) => !f.startsWith('okno.duckdb')).sort()).toEqual(before.filter((f) => !f.startsWith('okno.duckdb')).sort());
      expect(await issued(cwd)).toBe(3);
    });
  }, 60_000);

  it('an existing sheet is refused before any code is stored, and the same name taken meanwhile is never overwritten', async () => {
    await withTempDir(async (cwd) => {
      await created(cwd);
      const r = await okno(['survey', 'codes', '1', '--count', '2', '--out', 'первый.html'], { cwd });
      expect([r.code, r.stderr.split('\n')[0]]).toEqual([1, `Ошибка: Лист с кодами ${path.join(cwd, 'первый.html')} уже есть: в нём могут быть коды, которые ещё не розданы. Коды не выпущены.`]);
      expect(await issued(cwd)).toBe(3);
      expect(existsSync(path.join(cwd, 'первый.html'))).toBe(true);
    });
  });
});
