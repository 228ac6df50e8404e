import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withTempDir } from '../helpers.js';
import { workbookProblems } from '../workbook-structure.js';
import { okno, oknoBinary } from './cli.js';

// The README's quick start, `okno demo`, first from the built CLI as a user starts it; apart from the other e2e
// files, so that its two runs overlap with them on another worker. (A demo costs some 15 s of CPU: OKNO_DB's
// warning is checked on the second run of the full demo, not on a third.)
describe('okno demo', () => {
  it('okno demo refuses --db (it replaces the database it writes) and says OKNO_DB is not used', async () => {
    await withTempDir(async (cwd) => {
      const r = await okno(['demo', '--db', 'okno.duckdb', '--out', 'пример'], { cwd });
      expect(r).toEqual({
        code: 2,
        stdout: '',
        stderr: 'Ошибка: Демо создаёт свою базу в папке --out; --db не используется.\nБаза демо: пример/okno.duckdb; другая папка — okno demo --out <папка>.\n',
      });
      expect(existsSync(path.join(cwd, 'пример'))).toBe(false);
      // OKNO_DB: see the second run of the next test.
    });
  });

  it('okno demo builds a fresh database from the bundled samples', { timeout: 180_000 }, async () => {
    await withTempDir(async (cwd) => {
      const r = await oknoBinary(['demo'], { cwd });
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
      // The sample survey: 24 answers by code + 5 from Google Forms = 29 (надзор 9 + 3, лицензии 7 + 1, общий 5 + 1,
      // правовой 3 + 0). Two ways in, so each is counted on its own: the export brought no department 5, and the codes
      // brought «Правовой отдел» 3 — those 8 are not counted. Counted: надзор 9, лицензии 7, общий 5 = 21; «Правовой
      // отдел» (0) is hidden, and «Общий отдел», the smallest of the rest, with it (0 + 5 = 5).
      // «В целом», counted: общий 4×3 + 5×2 = 22, лицензии 3×2 + 4×4 + 5 = 27, надзор 3×5 + 4×4 = 31; 80 / 21 = 3.81
      // (3 — 7/21 = 33 %, 4 — 11/21 = 52 %, 5 — 3/21 = 14 %); in June (one way, all 26 counted) 88 / 26 = 3.38.
      const survey = r.stdout.replace(/\u00a0/g, ' ');
      expect(survey).toContain('Коды: выпущено 28, использовано 24.\nОтветов всего: 29 (из них загружено из выгрузок: 5).');
      expect(survey).toContain('Не учтены ответы части сотрудников: тем же способом (по кодам или той же выгрузкой) из их отдела ответили меньше 5 человек.');
      expect(survey).toContain('Отделы: Отдел регионального надзора — 9; Отдел лицензионного контроля — 7.\nСкрыты отделы: Правовой отдел, Общий отдел.');
      expect(survey).toContain('Скрытые отделы вместе: 5 человек.');
      expect(survey).toContain('   Все (21): среднее 3,81; 1 — 0 %, 2 — 0 %, 3 — 33 %, 4 — 52 %, 5 — 14 %; к прошлой волне +0,43');
      expect(survey).toContain('Отброшены, в базу не попали: «Отметка времени», «Адрес электронной почты».');
      // The serve step, started and stopped: on this computer only, its page opened once, nothing sent through it.
      expect(survey).toMatch(
        /Опрос № 2 «Удовлетворенность внутренним взаимодействием» принимает ответы в сети\.\nАдрес \(только с этого компьютера\):\n  http:\/\/127\.0\.0\.1:\d+\/\n/,
      );
      expect(survey).toContain('(Демо: страница опроса открылась; приём сразу останавливается — ответы примера уже введены по кодам.)\nПриём ответов остановлен. Записано в базу через сеть: 0.\n');
      expect(existsSync(path.join(cwd, 'okno-demo/опрос-2-итоги.xlsx'))).toBe(true);
      // Every workbook the demo writes opens cleanly: fonts named, no overlapping validations, no formula.
      const books = (await readdir(path.join(cwd, 'okno-demo'), { recursive: true })).filter((f) => f.endsWith('.xlsx'));
      expect(books.length).toBeGreaterThanOrEqual(7);
      for (const book of books) expect(await workbookProblems(path.join(cwd, 'okno-demo', book)), book).toEqual([]);
      expect(existsSync(path.join(cwd, 'okno-demo/survey-2-codes.html'))).toBe(true);
      // Run twice: still a fresh database, same output. With OKNO_DB set, which the demo says it does not use: its
      // database is still okno-demo/okno.duckdb (the output says so), and none is made where OKNO_DB points.
      const again = await okno(['demo'], { cwd, env: { OKNO_DB: 'real.duckdb' } });
      expect(again.stderr.split('\n')[0]).toBe('OKNO_DB не используется: демо создаёт свою базу в папке --out.');
      expect(existsSync(path.join(cwd, 'real.duckdb'))).toBe(false);
      // The same but for load times and the serving port (a free one, each run).
      const steady = (out: string) => out.replace(/\d\d\.\d\d\.\d{4} \d\d:\d\d/g, '').replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<порт>');
      expect(steady(again.stdout)).toBe(steady(r.stdout));
    });
  });
});
