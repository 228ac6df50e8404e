import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { load, rows, withDb, withTempDir } from '../helpers.js';

/** A one-sheet XLSX of an amoCRM-like header and the given rows, written by exceljs's streaming writer. */
async function writeSheet(file: string, rows: (string | number)[][]): Promise<void> {
  const ExcelJS = (await import('exceljs')).default;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Сделки');
  sheet.addRow(['ID', 'Название сделки', 'Этап сделки', 'Примечание', 'Дата редактирования']).commit();
  for (const row of rows) sheet.addRow(row).commit();
  await sheet.commit();
  await workbook.commit();
}

describe('XLSX streaming', () => {
  it('keeps Cyrillic letters whole where the sheet XML is cut into chunks', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'long-sheet.xlsx');
      // ~300 KB of two-byte letters: the unzip stream hands the XML over in many chunks, and some cut a letter.
      const note = 'Разобрали устав, отчётность и привлечение ресурсов. '.repeat(3);
      await writeSheet(file, Array.from({ length: 2000 }, (_, k) => {
        const id = k + 1;
        return [id, `Консультация №${id}`, 'Консультация проведена', `${note}${id}`, '05.10.2026 10:00:00'];
      }));
      await withDb(async (db) => {
        const [f] = (await load(db, [file])).files;
        expect(f).toMatchObject({ rowsRead: 2000, rowsRejected: 0, deals: { new: 2000 } });
        const [check] = await rows(
          db,
          `select count(*) filter (where comments = '${note}' || deal_id::varchar)::integer as intact,
                  count(*) filter (where contains(comments, '\uFFFD') or contains(name, '\uFFFD'))::integer as broken
           from deals`,
        );
        expect(check).toEqual({ intact: 2000, broken: 0 });
      });
    });
  });

  it('keeps a 400,000-letter cell whole, and the rows around it in order', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'long-row.xlsx');
      // 400,000 two-byte letters: 800 KB of UTF-8 in one cell.
      const long = 'Ж'.repeat(400_000);
      // 3,000 rows of ~1.1 KB each before the long row and after it: several writes on each side.
      const note = 'Протокол консультации, '.repeat(20);
      await writeSheet(file, Array.from({ length: 6001 }, (_, k) => {
        const id = k + 1;
        return [id, `Консультация №${id}`, 'Консультация проведена', id === 3001 ? long : `${note}${id}`, '05.10.2026 10:00:00'];
      }));
      await withDb(async (db) => {
        const [f] = (await load(db, [file])).files;
        expect(f).toMatchObject({ rowsRead: 6001, rowsRejected: 0, deals: { new: 6001 } });
        const [check] = await rows(
          db,
          `select count(*) filter (where deal_id <> 3001 and comments = '${note}' || deal_id::varchar)::integer as intact,
                  max(length(comments)) filter (where deal_id = 3001)::integer as long_letters,
                  count(*) filter (where deal_id = 3001 and comments = repeat('Ж', 400000))::integer as long_intact,
                  count(*) filter (where line_no <> deal_id + 1)::integer as out_of_line
           from deal_versions`,
        );
        expect(check).toEqual({ intact: 6000, long_letters: 400_000, long_intact: 1, out_of_line: 0 });
      });
    });
  });
});
