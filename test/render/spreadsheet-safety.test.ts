// Text from users' data never reaches a spreadsheet as a formula, and okno's workbooks have what every office
// needs to open them cleanly: named fonts, validations that do not overlap (test/workbook-structure.ts).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeReviewSheet } from '../../src/render/review-sheet.js';
import type { SheetRow } from '../../src/reviews/sheet.js';
import { spreadsheetText } from '../../src/text/spreadsheet.js';
import { amocrm, load, rows, withDb, withTempDir } from '../helpers.js';
import { workbookProblems, zipParts } from '../workbook-structure.js';

describe('spreadsheetText', () => {
  it('marks as text a cell a spreadsheet would read as a formula, and only such a cell', () => {
    expect(['=1+1 bad id', '+7 (383) 000-00-00', '-2+3', '@SUM(1)', '\t=1', '\r=1'].map(spreadsheetText)).toEqual([
      "'=1+1 bad id", "'+7 (383) 000-00-00", "'-2+3", "'@SUM(1)", "'\t=1", "'\r=1",
    ]);
    expect(['', 'ООО «Ромашка»', ' =1', "'=1", '1=1', '7001'].map(spreadsheetText)).toEqual(['', 'ООО «Ромашка»', ' =1', "'=1", '1=1', '7001']);
  });
});

describe('the rejects CSV', () => {
  it('writes an export cell that looks like a formula as text (a leading apostrophe), the database keeps it as read', async () => {
    await withTempDir(async (dir) => {
      const rejectsFile = path.join(dir, 'formula-looking-cells.rejects.csv');
      await withDb(async (db) => {
        const report = await load(db, [amocrm('formula-looking-cells.csv')], { rejectsFile });
        expect(report.files[0]!.rejects).toEqual([{ reason: 'не целое число', column: 'ID', count: 1, lines: [3], dealIds: ['=1+1 bad id'] }]);
        expect(await rows(db, 'select deal_id, name from deal_versions order by deal_id')).toEqual([
          { deal_id: 7001, name: '+7 (383) 000-00-00 Хорошая' },
          { deal_id: 7003, name: 'Тоже хорошая' },
        ]);
      });
      const [header, row] = (await readFile(rejectsFile, 'utf8')).split('\r\n');
      expect(header!.split(';').slice(0, 8)).toEqual(['\uFEFFФайл', 'Строка', 'ID сделки', 'Причина', 'Столбец', 'Значение', 'ID', 'Название сделки']);
      const cells = row!.split(';');
      expect(cells.slice(0, 8)).toEqual(['formula-looking-cells.csv', '3', "'=1+1 bad id", 'не целое число', 'ID', "'=1+1 bad id", "'=1+1 bad id", "'@SUM(1+1) Без номера"]);
      expect(cells[6 + 10]).toBe("'-2+3 не формула");
    });
  });
});

describe('the review sheet', () => {
  const row = (dealId: number, client: string): SheetRow => ({
    kind: 'month', dealId, consultedOn: '2026-10-05', client, consultant: 'Смирнова Анна', topic: '=HYPERLINK("http://example.org")',
    project: 'Проект', durationMin: 60, deadline: '2026-11-05', allowedUntil: '2026-11-20', state: 'due', satisfaction: null,
  });

  it('stores formula-looking text as text, names every font, and sets one validation range per column', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'оценка.xlsx');
      await writeReviewSheet([row(7001, '=1+1'), row(7002, '@Организация'), ...Array.from({ length: 10 }, (_, i) => row(7010 + i, `Клиент ${i}`))], '2026-11-03', file);
      expect(await workbookProblems(file)).toEqual([]);
      const parts = await zipParts(await readFile(file));
      const strings = parts.find((p) => p.name === 'xl/sharedStrings.xml')!.data.toString('utf8');
      expect(strings).toContain('<t>=1+1</t>');
      expect(strings).toContain('<t>=HYPERLINK("http://example.org")</t>'.replace(/"/g, '&quot;'));
      const sheet = parts.find((p) => p.name === 'xl/worksheets/sheet2.xml')!.data.toString('utf8');
      // The month sheet's 12 rows (2–13): each fill-in column validated over exactly that range, once.
      const ranges = [...sheet.matchAll(/<dataValidation [^>]*sqref="([^"]+)"/g)].map((m) => m[1]);
      expect(ranges.length).toBe(4);
      for (const r of ranges) expect(r).toMatch(/^([A-Z]+)2:\1(13)$/);
    });
  });
});
