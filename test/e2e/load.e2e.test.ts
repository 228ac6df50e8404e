import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../src/db/database.js';
import { amocrm, copyFixture, fixture, root, snapshot, withTempDir, testClock } from '../helpers.js';
import { holdDatabase, okno } from './cli.js';

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

describe('okno CLI', () => {
  it('prints its version and a Russian help', async () => {
    await withTempDir(async (cwd) => {
      expect(await okno(['--version'], { cwd })).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
      const help = await okno(['--help'], { cwd });
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Использование: okno [параметры] [команда]');
      expect(help.stdout).toContain('--db <file>');
    });
  });

  it('answers a usage error with exit 2 in Russian', async () => {
    await withTempDir(async (cwd) => {
      const r = await okno(['lod'], { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe("Ошибка: неизвестная команда 'lod'\n(Возможно, имелось в виду load?)\n");
      const missing = await okno(['load', 'consultations'], { cwd });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toBe("Ошибка: не указан обязательный аргумент 'file'\nСправка: okno load consultations --help\n");
    });
  });

  it('loads an export, then says a second load of it changes nothing', async () => {
    await withTempDir(async (cwd) => {
      const file = await copyFixture('amocrm/cp1251-semicolon-crlf.csv', cwd, 'октябрь.csv');
      const first = await okno(['load', 'consultations', 'октябрь.csv'], { cwd });
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
    ['bad/damaged-part.xlsx', 'не удалось прочитать XLSX: файл повреждён или обрезан (сжатые данные испорчены: invalid distance too far back).'],
    ['bad/no-id-column.csv', 'в выгрузке нет столбца «ID» (номер сделки).'],
    ['bad/unclosed-quote.csv', 'файл обрывается внутри кавычек'],
    ['bad/nothing-here.csv', 'файл не найден или недоступен.'],
  ])('%s: exit 1, a Russian message, the database as it was', async (bad, message) => {
    await withTempDir(async (cwd) => {
      await okno(['load', 'consultations', amocrm('cp1251-semicolon-crlf.csv')], { cwd });
      const before = await dbSnapshot(path.join(cwd, 'okno.duckdb'));
      const r = await okno(['load', 'consultations', fixture(bad)], { cwd });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`${path.basename(bad)} — не загружен: ${message}`);
      noStack(r.stdout + r.stderr);
      expect(await dbSnapshot(path.join(cwd, 'okno.duckdb'))).toEqual(before);
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

  it('okno demo refuses --db (it replaces the database it writes) and says OKNO_DB is not used', async () => {
    await withTempDir(async (cwd) => {
      const r = await okno(['demo', '--db', 'okno.duckdb', '--out', 'пример'], { cwd });
      expect(r).toEqual({
        code: 2,
        stdout: '',
        stderr: 'Ошибка: Демо создаёт свою базу в папке --out; --db не используется.\nБаза демо: пример/okno.duckdb; другая папка — okno demo --out <папка>.\n',
      });
      expect(existsSync(path.join(cwd, 'пример'))).toBe(false);
      const fromEnv = await okno(['demo', '--out', 'пример'], { cwd, env: { OKNO_DB: 'real.duckdb' } });
      // (Whether the whole demo then succeeds is the next test's.)
      expect(fromEnv.stderr.split('\n')[0]).toBe('OKNO_DB не используется: демо создаёт свою базу в папке --out.');
      expect([existsSync(path.join(cwd, 'пример/okno.duckdb')), existsSync(path.join(cwd, 'real.duckdb'))]).toEqual([true, false]);
    });
  }, 180_000);

  it('okno demo builds a fresh database from the bundled samples', { timeout: 180_000 }, async () => {
    await withTempDir(async (cwd) => {
      const r = await okno(['demo'], { cwd });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('База примера: okno-demo/okno.duckdb');
      expect(r.stdout).toContain('Что в базе');
      expect(r.stdout).toContain('Аналитическая справка за октябрь 2026 года\n');
      expect(r.stdout).toContain('Аналитическая справка за октябрь 2026: не выпущена — срок 05.11.2026, осталось 2 дня');
      expect(existsSync(path.join(cwd, 'okno-demo/okno.duckdb'))).toBe(true);
      expect(existsSync(path.join(cwd, 'okno-demo/справка-2026-10.xlsx'))).toBe(true);
      expect(existsSync(path.join(cwd, 'okno-demo/проект-не-распределено-2026-10.xlsx'))).toBe(true);
      // The sample feedback form: 12 answers; «нет» twice (10/12), rated 8 удовлетворен, 2 частично, 2 не.
      expect(r.stdout).toContain('  Ответы: новых — 12, уже были в базе — 0\n');
      expect(r.stdout).toContain('Отзывы клиентов: 12 ответов; ответ на вопрос получили 83 %; удовлетворены 67 %.');
      // The 12 sample reviews: 9 effective, 3 not (24280, 24173, 24214).
      expect(r.stdout).toMatch(/^Всего\s+39\s+12\s+31 %\s+9\s+75 %\s+900\s+100,0$/m);
      expect(existsSync(path.join(cwd, 'okno-demo/оценка-2026-11-03.xlsx'))).toBe(true);
      // The PR kit of October: «Привлечение ресурсов» and «Социальное проектирование» tie with 5 each.
      expect(r.stdout).toContain('Самые частые темы — «Привлечение ресурсов» и «Социальное проектирование».');
      expect(existsSync(path.join(cwd, 'okno-demo/pr-2026-10/headline-square.png'))).toBe(true);
      expect(existsSync(path.join(cwd, 'okno-demo/эффективность-2026-09_2026-10.xlsx'))).toBe(true);
      // The procedure checks of 2026-W44 (26.10–01.11) as of its Sunday, with the sample calendar.
      // Other events: the Monday meeting from 05.10.2026 over the calendar's window (loaded 03.11.2026: weeks
      // 03.11.2025–07.11.2027), to 01.11.2027: 57 Mondays.
      expect(r.stdout).toContain('  События-слоты: свободных 97, занятых 6; других событий 57\n');
      expect(r.stdout).toContain('Проверка процедуры: неделя 2026-W44 (26.10.2026–01.11.2026), по данным на 02.11.2026 00:00; часовой пояс Europe/Moscow\nНарушений: 30\n');
      const results = [...r.stdout.matchAll(/^(\d)\. .+ — (нарушений нет|\d+ нарушени(?:е|я|й))$/gm)].map((m) => `${m[1]}: ${m[2]}`);
      expect(results).toEqual([
        // Rule 2 counts 24131 too since 0f0f0fd (a held card without «Дата консультации», judged by its entry into the stage).
        '1: 2 нарушения', '2: 5 нарушений', '3: 7 нарушений', '4: 5 нарушений', '5: 1 нарушение', '6: нарушений нет',
        '7: 4 нарушения', '8: 2 нарушения', '9: 4 нарушения',
      ]);
      // Slots: Кравец has two a week; Петрова's Wednesday 04.11 is cancelled; Ахметов's Friday 13.11 is an EXDATE.
      expect(r.stdout).toMatch(/^\s+Ахметов Руслан\s+09\.11\.2026 00:00\s+неделя с 09\.11\.2026: слотов 2 \(свободных 2, занятых 0\)$/m);
      expect(r.stdout).toMatch(/^\s+Сидоров Андрей\s+3\s+3\s+100 %$/m);
      expect(existsSync(path.join(cwd, 'okno-demo/проверка-2026-W44.xlsx'))).toBe(true);
      // 9 since 77717cf: rule 4's 24 hours and 7 days must also have passed by the clock (03.11.2026 12:00).
      expect(r.stdout).toContain('Процедура за неделю 2026-W45: нарушений 9; ещё 4 правила проверяются с пятницы 18:00 (список — okno check)');
      // The sample survey: 24 answers by code + 5 from Google Forms = 29 (надзор 12, лицензии 8, общий 6, правовой 3):
      // «Правовой отдел» (3 < 5) is hidden, and «Общий отдел», the smallest of the rest, with it (3 + 6 = 9).
      // «В целом»: 110 / 29 = 3.79 now, 88 / 26 = 3.38 in June.
      const survey = r.stdout.replace(/\u00a0/g, ' ');
      expect(survey).toContain('Коды: выпущено 28, использовано 24.\nОтветов всего: 29 (из них загружено из выгрузок: 5).');
      expect(survey).toContain('Отделы: Отдел регионального надзора — 12; Отдел лицензионного контроля — 8; Правовой отдел — скрыт; Общий отдел — скрыт.');
      expect(survey).toContain('Скрытые отделы вместе: 9 человек.');
      expect(survey).toContain('   Все (29): среднее 3,79; 1 — 0 %, 2 — 3 %, 3 — 31 %, 4 — 48 %, 5 — 17 %; к прошлой волне +0,41');
      expect(survey).toContain('Отброшены, в базу не попали: «Отметка времени», «Адрес электронной почты».');
      expect(existsSync(path.join(cwd, 'okno-demo/опрос-2-итоги.xlsx'))).toBe(true);
      expect(existsSync(path.join(cwd, 'okno-demo/survey-2-codes.html'))).toBe(true);
      // Run twice: still a fresh database, same output.
      const again = await okno(['demo'], { cwd });
      expect(again.stdout.replace(/\d\d\.\d\d\.\d{4} \d\d:\d\d/g, '')).toBe(r.stdout.replace(/\d\d\.\d\d\.\d{4} \d\d:\d\d/g, ''));
    });
  });
});
