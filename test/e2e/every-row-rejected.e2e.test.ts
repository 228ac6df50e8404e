import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../src/db/database.js';
import { amocrm, fixture, testClock, withTempDir } from '../helpers.js';
import { okno } from './cli.js';

// README «Exit codes»: a file every row of which is rejected is not a successful load, whichever the loader.
async function count(cwd: string, sql: string): Promise<number> {
  const db = await Db.open(path.join(cwd, 'okno.duckdb'), { clock: testClock, readOnly: true });
  try {
    return (await db.query<{ n: number }>(sql))[0]!.n;
  } finally {
    db.close();
  }
}

describe('every row rejected: exit 1, nothing recorded', () => {
  it('load consultations', async () => {
    await withTempDir(async (cwd) => {
      const r = await okno(['load', 'consultations', amocrm('every-row-rejected-us-dates.csv')], { cwd });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(
        'every-row-rejected-us-dates.csv — не загружен: ни одна из 3\u00a0строк не принята: не распознана дата в «Дата создания сделки» (например «10/01/2026 09:00:00», строка 2).',
      );
      const json = await okno(['load', 'consultations', amocrm('every-row-rejected-us-dates.csv'), '--json'], { cwd });
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout).files[0]).toMatchObject({ status: 'failed', rowsRead: 3, rowsRejected: 3 });
      expect(await count(cwd, 'select count(*)::integer as n from loads')).toBe(0);
    });
  });

  it('survey load', async () => {
    await withTempDir(async (cwd) => {
      await okno(['survey', 'create', '--from', fixture('surveys/custom-legal-department.json'), '--departments', 'Отдел надзора,Общий отдел'], { cwd });
      // google-forms-bad-rows.csv against these departments: Бухгалтерия (line 2) and Отдел тарифов (line 6) are not
      // the survey's, lines 3 and 4 have answers that do not fit, line 5 an unreadable time — 2, 2, 1: the department,
      // met first, is named.
      const r = await okno(['survey', 'load', '1', fixture('surveys/google-forms-bad-rows.csv')], { cwd });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        'google-forms-bad-rows.csv: ни один ответ не сохранён: отклонены все 5\u00a0строк, чаще всего — отдела нет в опросе (2\u00a0строки; например строка 2: отдела «Бухгалтерия» нет в опросе).',
      );
      expect(r.stderr).toContain('Отделы опроса: Отдел надзора, Общий отдел.');
      expect(await count(cwd, 'select (select count(*) from survey_answers) + (select count(*) from survey_imports) as n')).toBe(0);
    });
  });

  it('review load', async () => {
    await withTempDir(async (cwd) => {
      expect((await okno(['load', 'consultations', fixture('reviews/effectiveness.csv')], { cwd })).code).toBe(0);
      expect((await okno(['review', 'sheet', '--as-of', '2026-12-20', '--out', 'оценки.xlsx'], { cwd })).code).toBe(0);
      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path.join(cwd, 'оценки.xlsx'));
      const month = wb.getWorksheet('Оценка за месяц')!;
      const headers = (month.getRow(1).values as unknown[]).slice(1);
      const col = (h: string) => headers.indexOf(h) + 1;
      const rows: number[] = [];
      for (let r = 2; r <= month.rowCount; r++) {
        const id = month.getRow(r).getCell(1).value;
        if (id === 4001 || id === 4002 || id === 4003) rows.push(r);
      }
      // 4001 and 4002: «скорее да»; 4003: «да» without the success factors.
      for (const [i, r] of rows.entries()) {
        month.getRow(r).getCell(col('Эффективна')).value = i < 2 ? 'скорее да' : 'да';
        month.getRow(r).getCell(col('Кто оценил')).value = 'Смирнова Анна';
      }
      await wb.xlsx.writeFile(path.join(cwd, 'оценки.xlsx'));
      const r = await okno(['review', 'load', 'оценки.xlsx', '--as-of', '2026-12-20'], { cwd });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `оценки.xlsx: ни одна оценка не записана: все заполненные строки (3) отклонены; чаще всего (2\u00a0строки) — «Эффективна»: «скорее да» — допустимо да / нет (первая — лист «Оценка за месяц», строка ${rows[0]}).`,
      );
      expect(await count(cwd, 'select count(*)::integer as n from review_versions')).toBe(0);
    });
  });
});
