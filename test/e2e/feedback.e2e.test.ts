import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExcelJS } from '../../src/ingest/exceljs.js';
import { fixture, withTempDir } from '../helpers.js';
import { okno } from './cli.js';

const consultations = fixture('feedback/consultations-2026-10.csv');
const form = fixture('feedback/google-forms-ru-timestamps.csv');

describe('okno load feedback', () => {
  it('loads a form export, says how responses linked, and the note shows them', async () => {
    await withTempDir(async (cwd) => {
      expect((await okno(['load', 'consultations', consultations], { cwd })).code).toBe(0);
      const loaded = await okno(['load', 'feedback', form], { cwd });
      expect(loaded.code).toBe(0);
      expect(loaded.stdout).toContain('  Ответы: новых — 6, уже были в базе — 0\n');
      expect(loaded.stdout).toContain('  Связаны с консультациями: по ID сделки — 1, по организации и дате — 3, не связаны — 2');

      const again = await okno(['load', 'feedback', form, '--json'], { cwd });
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout).files[0]).toMatchObject({ status: 'already_loaded' });

      const json = await okno(['report', 'monthly', '--month', '2026-10', '--json'], { cwd });
      // October, first export only: 501, 503, 506, 502 linked; 22.10 unlinked.
      expect(JSON.parse(json.stdout).feedback.totals).toEqual({
        responses: 5, answeredYes: 4, answeredNo: 1, answeredShare: 0.8,
        satisfied: 2, partly: 1, dissatisfied: 2, unrated: 0, satisfiedShare: 0.4,
      });
      const text = await okno(['report', 'monthly', '--month', '2026-10'], { cwd });
      expect(text.stdout).toContain('Отзывы клиентов: 5 ответов; ответ на вопрос получили 80 %; удовлетворены 40 %.');
      expect(text.stdout).toMatch(/^Петров Олег\s+3\s+67 %\s+1\s+1\s+1\s+0$/m);
      expect(text.stdout).toContain('  Сидоров Андрей — 1 консультация: ID 505');

      const ExcelJS = await loadExcelJS();
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path.join(cwd, 'out/справка-2026-10.xlsx'));
      const rows: unknown[][] = [];
      wb.getWorksheet('Отзывы')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      expect(rows.find((r) => r[0] === 'Итого')).toEqual(['Итого', 5, 0.8, 2, 1, 2, 0, 0.4]);
      expect(rows.find((r) => r[1] === 506)?.slice(0, 6)).toEqual(['Фонд Бета', 506, '28.10.2026 14:00', 'Никитина Ирина', '29.10.2026 10:05', 'нет']);
    });
  });

  it('refuses a file that is not a form export with exit 1 and a Russian message', async () => {
    await withTempDir(async (cwd) => {
      const result = await okno(['load', 'feedback', consultations], { cwd });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('consultations-2026-10.csv — не загружен: в файле нет столбца «Отметка времени»');
      expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    });
  });
});
