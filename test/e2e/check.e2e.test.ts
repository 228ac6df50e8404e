import { existsSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, withTempDir } from '../helpers.js';
import { loadedIn, okno } from './cli.js';

const ics = fixture('calendar/google-export-recurring-exceptions-dst.ics');
const friday = fixture('check/friday-closing');
const fridayFiles = readdirSync(friday).sort().map((f) => path.join(friday, f));

describe('okno check and okno load calendar (the built CLI)', () => {
  it('loads a calendar, checks a week in JSON and writes the workbook the office manager works through', async () => {
    await withTempDir(async (cwd) => {
      await writeFile(path.join(cwd, 'okno.config.json'), JSON.stringify({ calendar: { initials: { 'М.И.': 'Иванова Мария', ОП: 'Петров Олег', АС: 'Смирнова Анна' } } }));
      await loadedIn(cwd, fridayFiles);
      const cal = await okno(['load', 'calendar', ics], { cwd });
      expect(cal.stderr).toBe('');
      expect(cal.code).toBe(0);
      expect(cal.stdout).toContain('  Календарь: Консультации; событий в файле 15 (повторяющихся 4, исключений 3)\n');
      expect(cal.stdout).toContain('  События-слоты: свободных 16, занятых 4;');
      expect(cal.stdout).toMatch(/^ {2}МИ\s+Иванова Мария\s+10\s+2$/m);
      expect(cal.stdout).toContain('  Неизвестные инициалы: ЗЗ — добавьте в okno.config.json');
      const again = await okno(['load', 'calendar', ics, '--json'], { cwd });
      expect(JSON.parse(again.stdout)).toMatchObject({
        status: 'already_loaded', slots: { free: 16, booked: 4 }, unknownInitials: ['ЗЗ'],
        alreadyLoaded: { fileName: 'google-export-recurring-exceptions-dst.ics', loadedAt: '2026-11-21T12:00:00+03:00' },
      });
      // A load the next day (OKNO_NOW) dry-run: which calendar it would replace, and when that one was loaded.
      const dry = await okno(['load', 'calendar', fixture('bad/event-without-start.ics'), '--dry-run', '--json'], { cwd, env: { OKNO_NOW: '2026-11-22T09:30:00+03:00' } });
      expect(JSON.parse(dry.stdout).replaced).toEqual({ fileName: 'google-export-recurring-exceptions-dst.ics', loadedAt: '2026-11-21T12:00:00+03:00' });

      const r = await okno(['check', '--week', '2026-W44', '--json', '--out', 'проверка.xlsx'], { cwd });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const json = JSON.parse(r.stdout);
      expect([json.week, json.asOf, json.problems, json.workbook]).toEqual(['2026-W44', '2026-11-01', 9, 'проверка.xlsx']);
      expect(json.rules.map((x: { id: number; count: number; ok: boolean }) => [x.id, x.count, x.ok])).toEqual([
        [1, 0, true], [2, 2, false], [3, 0, true], [4, 0, true], [5, 0, true], [6, 0, true], [7, 0, true], [8, 1, false], [9, 6, false],
      ]);
      // Every card of the fixture is one client's: 7204 (28.10) is its first consultation, a new client never asked.
      expect(json.rules[7].items.map((i: { dealId: number }) => i.dealId)).toEqual([7204]);
      expect(json.rules[1]).toMatchObject({ code: 'friday_closing', state: 'checked', source: expect.stringContaining('п. 4 «Закрытие консультации»') });
      expect(json.rules[1].items.map((i: { dealId: number }) => i.dealId)).toEqual([7204, 7202]);
      expect(json.rules[1].note).toContain('«Датой редактирования»');
      // The facts the query found, and the words render/check-detail.ts makes of them.
      const late = 'в пятницу в 18:00 ещё в этапе «Консультация проведена» (с 30.10.2026 15:10)';
      expect(json.rules[1].items[1]).toMatchObject({
        dealId: 7202,
        detail: late,
        facts: { rule: 'friday_closing', stage: 'Консультация проведена', enteredAt: '2026-10-30T15:10:00+03:00', undated: false },
      });

      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path.join(cwd, 'проверка.xlsx'));
      expect(wb.worksheets.map((w) => w.name)).toEqual([
        'Сводка', '1 Неполные закрытые', '2 Пятничное закрытие', '3 Обратная связь дольше срока', '4 Заявки и недозвоны',
        '5 Внешние консультанты', '6 Переносы больше 2 дней', '7 Меньше 2 консультаций', '8 Запрос обратной связи', '9 Слоты в календаре', 'Загрузка слотов',
      ]);
      const summary = wb.getWorksheet('Сводка')!;
      expect(summary.getRow(7).getCell(3).value).toBe('2 нарушения');
      const sheet = wb.getWorksheet('2 Пятничное закрытие')!;
      expect((sheet.getRow(3).values as unknown[]).slice(1)).toEqual(['ID сделки', 'Организация', 'Консультант', 'Когда', 'Что не так', 'Исправлено', 'Комментарий']);
      expect([sheet.getRow(4).getCell(1).value, sheet.getRow(5).getCell(1).value, sheet.getRow(6).getCell(1).value]).toEqual([7204, 7202, null]);
      expect(sheet.getRow(5).getCell(5).value).toBe(late);
      const terminal = await okno(['check', '--week', '2026-W44'], { cwd });
      expect(terminal.stdout).toMatch(new RegExp(`^ +7202 .* 30\\.10\\.2026 \\d\\d:\\d\\d +${late.replace(/[().]/g, '\\$&')}$`, 'm'));
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
      expect(sheet.getRow(4).getCell(6).dataValidation).toMatchObject({ type: 'list', formulae: ['"да,нет"'] });

      // The status line of the current week (as of Tuesday 03.11: W45, four rules wait for Friday).
      const status = await okno(['status', '--today', '2026-11-03'], { cwd });
      expect(status.stdout).toMatch(/^Процедура за неделю 2026-W45: нарушений \d+; ещё 4 правила проверяются с пятницы 18:00/m);
    });
  });

  it('refuses bad input with a Russian message and the README exit code, writing nothing', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, fridayFiles);
      const w60 = await okno(['check', '--week', '2026-W60'], { cwd });
      expect(w60.code).toBe(2);
      expect(w60.stderr).toMatch(/^Ошибка: у параметра '--week <YYYY-Www>' недопустимое значение '2026-W60': нужна неделя ISO/);
      // 2025 has 52 ISO weeks (2026 has 53: it begins on a Thursday).
      expect((await okno(['check', '--week', '2025-W53'], { cwd })).code).toBe(2);
      const both = await okno(['check', '--week', '2026-W44', '--as-of', '2026-10-30'], { cwd });
      expect(both.code).toBe(2);
      expect(both.stderr).toContain("Ошибка: параметр '--week <YYYY-Www>' нельзя указывать вместе с '--as-of <YYYY-MM-DD>'");
      const future = await okno(['check', '--week', '2099-W01'], { cwd });
      expect(future.code).toBe(1);
      expect(future.stderr).toMatch(/^Ошибка: Неделя 2099-W01 ещё не началась/);
      const xls = await okno(['check', '--week', '2026-W44', '--out', 'проверка.csv'], { cwd });
      expect(xls.code).toBe(2);
      await writeFile(path.join(cwd, 'нет'), 'файл, не папка');
      const noDir = await okno(['check', '--week', '2026-W44', '--out', 'нет/проверка.xlsx'], { cwd });
      expect(noDir.code).toBe(1);
      expect(noDir.stderr).toMatch(/^Ошибка: Не удалось записать нет: в пути есть файл там, где должна быть папка\.\n/);

      const notCal = await okno(['load', 'calendar', fixture('amocrm/sep-line.csv')], { cwd });
      expect(notCal.code).toBe(1);
      expect(notCal.stderr).toMatch(/sep-line\.csv: это не календарь в формате iCalendar \(\.ics\)\.\n/);
      const cut = await okno(['load', 'calendar', fixture('bad/truncated-calendar.ics')], { cwd });
      expect(cut.code).toBe(1);
      expect(cut.stderr).toContain('не удалось разобрать календарь: файл обрезан или повреждён');
      expect(cut.stderr).not.toMatch(/\n\s+at /);
      const r = JSON.parse((await okno(['check', '--week', '2026-W44', '--json'], { cwd })).stdout);
      expect(r.rules[8]).toMatchObject({ state: 'no_data', ok: false, count: 0 });
      expect(existsSync(path.join(cwd, 'проверка.csv'))).toBe(false);
    });
  });
});
