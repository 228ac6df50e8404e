import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../src/db/database.js';
import { amocrm, copyFixture, fixture, root, snapshot, withTempDir, testClock } from '../helpers.js';
import { holdDatabase, loadedIn, okno, oknoBinary } from './cli.js';

const pkg = (await import(path.join(root, 'package.json'), { with: { type: 'json' } })).default as { version: string };

async function dbSnapshot(file: string) {
  const db = await Db.open(file, { clock: testClock, readOnly: true });
  try {
    return await snapshot(db);
  } finally {
    db.close();
  }
}

const noStack = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

// The built CLI (oknoBinary) where only a real process shows it: the version and help, usage errors' exit codes,
// --debug's stack, one load; the rest in-process (okno), as every other e2e file.
describe('okno CLI', () => {
  it('prints its version and a Russian help', async () => {
    await withTempDir(async (cwd) => {
      expect(await oknoBinary(['--version'], { cwd })).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
      const help = await oknoBinary(['--help'], { cwd });
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Использование: okno [options] [command]');
      expect(help.stdout).toContain('--db <file>');
    });
  });

  it('answers a usage error with exit 2 in Russian', async () => {
    await withTempDir(async (cwd) => {
      const r = await oknoBinary(['lod'], { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe("Ошибка: неизвестная команда 'lod'\n(Возможно, имелось в виду load?)\n");
      const missing = await oknoBinary(['load', 'consultations'], { cwd });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toBe("Ошибка: не указан обязательный аргумент 'file'\nСправка: okno load consultations --help\n");
    });
  });

  it('--debug adds the stack of the built code to the message', async () => {
    await withTempDir(async (cwd) => {
      const plain = await oknoBinary(['status', '--db', 'нет.duckdb'], { cwd });
      const debug = await oknoBinary(['status', '--db', 'нет.duckdb', '--debug'], { cwd });
      const message = `Ошибка: База ${path.join(cwd, 'нет.duckdb')} не найдена.\nСначала загрузите выгрузку: okno load consultations <файл>; или укажите базу через --db.\n`;
      expect([plain.code, plain.stdout, plain.stderr]).toEqual([1, '', message]);
      expect([debug.code, debug.stdout, debug.stderr.slice(0, message.length)]).toEqual([1, '', message]);
      expect(debug.stderr.slice(message.length)).toMatch(/^UserError: База .+ не найдена\.\n\s+at .+\/dist\/.+\.js:\d+:\d+\)?$/m);
    });
  });

  it('loads an export, then says a second load of it changes nothing', async () => {
    await withTempDir(async (cwd) => {
      const file = await copyFixture('amocrm/cp1251-semicolon-crlf.csv', cwd, 'октябрь.csv');
      const first = await oknoBinary(['load', 'consultations', 'октябрь.csv'], { cwd });
      expect(first).toEqual({
        code: 0,
        stdout:
          'октябрь.csv — загружен (загрузка №1)\n' +
          '  CSV, кодировка Windows-1251, разделитель «;»\n' +
          '  Строк прочитано: 6, принято: 6, отклонено: 0\n' +
          '  Сделки: новых — 6, обновлено — 0, без изменений — 0\n',
        stderr: '',
      });
      expect(existsSync(path.join(cwd, 'okno.duckdb'))).toBe(true);
      // The same file again, in-process: what a second load says does not depend on the process.
      const again = await okno(['load', 'consultations', file], { cwd });
      expect(again.code).toBe(0);
      // Loaded at the CLI's clock (OKNO_NOW, 21.11.2026 12:00 Moscow): «21.11.2026 12:00» for people, ISO with the offset in JSON.
      expect(again.stdout).toBe('октябрь.csv — уже загружен 21.11.2026 12:00 (загрузка №1, файл октябрь.csv): ничего не изменилось.\n');
      const againJson = JSON.parse((await okno(['load', 'consultations', file, '--json'], { cwd })).stdout);
      expect(againJson.files[0]).toMatchObject({ status: 'already_loaded', earlierLoad: { loadId: 1, fileName: 'октябрь.csv', loadedAt: '2026-11-21T12:00:00+03:00' } });
    });
  });

  it('--json gives the same summary as data; --db and OKNO_DB choose the database', async () => {
    await withTempDir(async (cwd) => {
      const r = await okno(['--db', 'a.duckdb', 'load', 'consultations', amocrm('empty-id-row.csv'), '--json', '--rejects', 'rej.csv'], { cwd });
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report).toMatchObject({ dryRun: false, timeZone: 'Europe/Moscow' });
      expect(report.files[0]).toMatchObject({
        status: 'loaded',
        loadId: 1,
        rowsRead: 3,
        rowsRejected: 1,
        deals: { new: 2, updated: 0, unchanged: 0, older: 0 },
        rejects: [{ reason: 'пустой ID сделки', column: null, count: 1, lines: [3], dealIds: [] }],
      });
      expect(existsSync(path.join(cwd, 'a.duckdb'))).toBe(true);
      expect(existsSync(path.join(cwd, 'rej.csv'))).toBe(true);
      const viaEnv = await okno(['load', 'consultations', amocrm('sep-line.csv'), '--json'], { cwd, env: { OKNO_DB: 'b.duckdb' } });
      expect(JSON.parse(viaEnv.stdout).files[0].loadId).toBe(1);
      expect(existsSync(path.join(cwd, 'b.duckdb'))).toBe(true);
      expect(existsSync(path.join(cwd, 'okno.duckdb'))).toBe(false);
    });
  });

  it('--dry-run shows the mapping and creates no database', async () => {
    await withTempDir(async (cwd) => {
      const r = await okno(['load', 'consultations', amocrm('header-variants.csv'), '--dry-run'], { cwd });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('header-variants.csv — проверен (пробный прогон)');
      expect(r.stdout).toContain('«Продолжительность, мин» (№34)');
      expect(r.stdout).toContain('Пробный прогон (--dry-run): в базу ничего не записано.');
      expect(existsSync(path.join(cwd, 'okno.duckdb'))).toBe(false);
    });
  });

  it.each([
    ['bad/empty.csv', 'файл пуст.'],
    ['bad/random-bytes.csv', 'это не таблица (двоичный файл)'],
    ['bad/truncated.xlsx', 'не удалось прочитать XLSX: файл повреждён или обрезан'],
    // The sheet's compressed bytes damaged, the zip's directory whole: the unzipper's error used to leave exceljs
    // waiting, and node exited with code 13, saying nothing.
    ['bad/damaged-part.xlsx', 'не удалось прочитать XLSX: файл повреждён или обрезан (сжатые данные испорчены, часть xl/worksheets/sheet1.xml).'],
    // Small files that would take the machine (README «XLSX»): refused before they do.
    ['bad/zip-bomb.xlsx', 'не удалось прочитать XLSX: часть xl/worksheets/sheet1.xml распаковывается больше чем в 20 МБ'],
    ['bad/entity-expansion.xlsx', 'не удалось прочитать XLSX: в части xl/worksheets/sheet1.xml есть объявление DOCTYPE'],
    ['bad/row-2147483647.xlsx', 'не удалось прочитать XLSX: файл повреждён (лист объявляет строку 2\u00a0147\u00a0483\u00a0647'],
    ['bad/far-row-in-small-file.xlsx', 'не удалось прочитать XLSX: файл повреждён (лист объявляет строку 1\u00a0048\u00a0576'],
    ['bad/no-id-column.csv', 'в выгрузке нет столбца «ID» (номер сделки).'],
    ['bad/nothing-here.csv', 'файл не найден или недоступен.'],
  ])('%s: exit 1, a Russian message, the database as it was', async (bad, message) => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, amocrm('cp1251-semicolon-crlf.csv'));
      const before = await dbSnapshot(path.join(cwd, 'okno.duckdb'));
      const r = await okno(['load', 'consultations', fixture(bad)], { cwd });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`${path.basename(bad)} — не загружен: ${message}`);
      noStack(r.stdout + r.stderr);
      expect(await dbSnapshot(path.join(cwd, 'okno.duckdb'))).toEqual(before);
    });
  });

  it('a file cut short loads but its cut last row, exit 0, and the summary says it looks truncated', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, amocrm('cp1251-semicolon-crlf.csv'));
      const r = await okno(['load', 'consultations', fixture('bad/cut-mid-row.csv')], { cwd });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('  Строк прочитано: 6, принято: 5, отклонено: 1\n');
      expect(r.stdout).toContain(
        '  Файл, похоже, обрезан (скачивание прервалось?): последняя строка (7) не полная и отклонена; остальные прочитаны. Скачайте выгрузку заново.\n',
      );
      expect(r.stdout).toContain('    строка обрезана — 1 строка: строка 7\n');
      const json = await okno(['load', 'consultations', fixture('bad/cut-mid-row.csv'), '--dry-run', '--json'], { cwd });
      expect(JSON.parse(json.stdout).files[0]).toMatchObject({ status: 'checked', truncated: true, rowsRejected: 1 });
    });
  });

  it('refuses a broken settings file with exit 1', async () => {
    await withTempDir(async (cwd) => {
      await writeFile(path.join(cwd, 'okno.config.json'), '{ "timeZone": ');
      const r = await okno(['load', 'consultations', amocrm('sep-line.csv')], { cwd });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^Ошибка: Файл настроек .*okno\.config\.json — не JSON/);
      noStack(r.stderr);
    });
  });

  it('a second process on the same database gets «база занята» and exit 3', async () => {
    await withTempDir(async (cwd) => {
      const file = path.join(cwd, 'okno.duckdb');
      await okno(['load', 'consultations', amocrm('sep-line.csv')], { cwd });
      const holder = await holdDatabase(file);
      try {
        const r = await okno(['load', 'consultations', amocrm('tab-delimited.csv')], { cwd });
        expect(r.code).toBe(3);
        expect(r.stderr).toBe(
          `Ошибка: База ${file} занята другим процессом okno (PID ${holder.pid}).\nДождитесь, пока он закончит, и повторите команду.\n`,
        );
      } finally {
        await holder.release();
      }
      const after = await okno(['load', 'consultations', amocrm('tab-delimited.csv')], { cwd });
      expect(after.code).toBe(0);
      expect(after.stdout).toContain('tab-delimited.csv — загружен (загрузка №2)');
    });
  });

  it('refuses a database made by a newer okno with exit 4', async () => {
    await withTempDir(async (cwd) => {
      const file = path.join(cwd, 'okno.duckdb');
      const db = await Db.open(file, { clock: testClock });
      await db.exec("insert into schema_version values (999, 'future', now())");
      db.close();
      const r = await okno(['load', 'consultations', amocrm('sep-line.csv')], { cwd });
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(/^Ошибка: База .* создана более новой версией okno \(схема 999, эта версия знает схемы до \d+\)\.\nОбновите okno; базу менять не нужно\.\n$/);
    });
  });
});
