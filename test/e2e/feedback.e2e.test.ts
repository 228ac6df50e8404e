import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../src/db/database.js';
import { fixture, testClock, withTempDir } from '../helpers.js';
import { loadedIn, okno } from './cli.js';

const consultations = fixture('feedback/consultations-2026-10.csv');
const form = fixture('feedback/google-forms-ru-timestamps.csv');

describe('okno load feedback', () => {
  it('loads a form export, says how responses linked, and the note shows them', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, consultations);
      const loaded = await okno(['load', 'feedback', form], { cwd });
      expect(loaded.code).toBe(0);
      expect(loaded.stdout).toContain('  Ответы: новых — 6, уже были в базе — 0\n');
      expect(loaded.stdout).toContain('  Связаны с консультациями: по ID сделки — 1, по организации и дате — 3, не связаны — 2');

      const again = await okno(['load', 'feedback', form, '--json'], { cwd });
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout).files[0]).toMatchObject({ status: 'already_loaded' });

      const json = await okno(['report', 'monthly', '--format', 'xlsx', '--month', '2026-10', '--json'], { cwd });
      // October, first export only: 501, 503, 506, 502 linked; 22.10 unlinked.
      expect(JSON.parse(json.stdout).feedback.totals).toEqual({
        responses: 5, answeredYes: 4, answeredNo: 1, answeredShare: 0.8,
        satisfied: 2, partly: 1, dissatisfied: 2, unrated: 0, satisfiedShare: 0.4,
      });
      const text = await okno(['report', 'monthly', '--format', 'xlsx', '--month', '2026-10'], { cwd });
      expect(text.stdout).toContain('Отзывы клиентов: 5 ответов; ответ на вопрос получили 80 %; удовлетворены 40 %.');
      expect(text.stdout).toMatch(/^Петров Олег\s+3\s+67 %\s+1\s+1\s+1\s+0$/m);
      expect(text.stdout).toContain('  Сидоров Андрей — 1 консультация: ID 505');

      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path.join(cwd, 'out/справка-2026-10.xlsx'));
      const sheet = (name: string) => {
        const rows: unknown[][] = [];
        wb.getWorksheet(name)!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
        return rows;
      };
      // One table per sheet: the figures per consultant, then every response on «Все отзывы».
      expect(sheet('Отзывы').find((r) => r[0] === 'Итого')).toEqual(['Итого', 5, 0.8, 2, 1, 2, 0, 0.4]);
      // 506: dissatisfied, no further consultation («нет»); the answer to its question was received («Да» in the form).
      expect(sheet('Неудовлетворённые').find((r) => r[1] === 506)?.slice(0, 6)).toEqual(['Фонд Бета', 506, '28.10.2026 14:00', 'Никитина Ирина', '29.10.2026 10:05', 'нет']);
      expect(sheet('Все отзывы').find((r) => r[1] === 506)?.slice(0, 7)).toEqual(['Фонд Бета', 506, '28.10.2026 14:00', 'Никитина Ирина', '29.10.2026 10:05', 'да', 'не удовлетворен']);
      // «80 %», as on the terminal: the file says 0\ % (exceljs reads the escape back without its backslash).
      expect(wb.getWorksheet('Отзывы')!.getCell('C4').numFmt).toMatch(/^0\\? %$/);
    });
  });

  it('says which timestamp format it found; a file none of whose timestamps can be read is refused with exit 1', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, consultations);
      const us = await okno(['load', 'feedback', fixture('feedback/google-forms-en-us-timestamps.csv')], { cwd });
      expect(us.code).toBe(0);
      expect(us.stdout).toContain('  Формат отметки времени: M/d/yyyy H:mm:ss (английская локаль Google Форм)\n');
      const offset = await okno(['load', 'feedback', fixture('feedback/google-forms-gmt-offset.csv'), '--json'], { cwd });
      expect(offset.code).toBe(0);
      expect(JSON.parse(offset.stdout).files[0]).toMatchObject({ timestampFormat: 'M/d/yyyy H:mm:ss GMT±H', links: { byId: 1, byOrganisation: 2, unlinked: 1 } });
      const script = await okno(['load', 'feedback', fixture('feedback/apps-script-dates.csv')], { cwd });
      expect(script.stdout).toContain(
        '  Форматы отметки времени: EEE MMM dd yyyy HH:mm:ss GMT+HHMM (дата Apps Script (JavaScript)) — 2 строки; ' +
          'yyyy-MM-ddTHH:mm:ss.SSSZ (ISO 8601 с часовым поясом (Apps Script)) — 1 строка\n',
      );

      const bad = await okno(['load', 'feedback', fixture('feedback/google-forms-every-row-bad.csv')], { cwd });
      expect(bad.code).toBe(1);
      expect(bad.stdout).toContain(
        'google-forms-every-row-bad.csv — не загружен: ни одна строка не принята, отметка времени не прочитана: okno читает dd.MM.yyyy H:mm:ss',
      );
      expect(bad.stdout).toContain('в файле — «2026. 10. 6 오후 1:15:02» (строка 2).');
      const json = await okno(['load', 'feedback', fixture('feedback/google-forms-every-row-bad.csv'), '--json'], { cwd });
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout).files[0]).toMatchObject({ status: 'failed', rowsRead: 3, rowsRejected: 3, timestampFormat: null });
      // 6 + 4 + 3 responses stored by the three good files (their timestamps differ as text), none by the bad one.
      const db = await Db.open(path.join(cwd, 'okno.duckdb'), { clock: testClock, readOnly: true });
      try {
        expect(await db.query("select count(*)::integer as n, count(*) filter (where file_name like '%every-row-bad%')::integer as bad from feedback_responses join loads using (load_id)")).toEqual([{ n: 13, bad: 0 }]);
      } finally {
        db.close();
      }
      expect(existsSync(fixture('feedback/google-forms-every-row-bad.rejects.csv'))).toBe(false);
    });
  });

  it('refuses a file that is not a form export with exit 1 and a Russian message', async () => {
    await withTempDir(async (cwd) => {
      const result = await okno(['load', 'feedback', consultations], { cwd });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('consultations-2026-10.csv — не загружен: это выгрузка сделок amoCRM (есть столбцы «Название сделки», «Дата создания сделки», «Кем создана сделка»), а не ответы формы обратной связи.');
      expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    });
  });
});
