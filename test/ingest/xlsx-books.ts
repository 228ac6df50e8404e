// Books for the XLSX reader's acceptance tests, written by exceljs's streaming writer as an export would look.
// Their CSV as okno's previous reader (exceljs's WorkbookReader, parts read by worker threads) wrote it is kept as
// hashes in xlsx-equivalence.test.ts: the new reader must write the same bytes.
import { generateRows, writeXlsx } from '../bench/generate.js';

/** An amoCRM-like sheet with shared strings, real dates, numbers, rich text, missing rows and a multi-line note. */
export async function writeSheet(file: string, count: number, useSharedStrings = true): Promise<void> {
  const ExcelJS = (await import('exceljs')).default;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings, useStyles: true });
  const sheet = workbook.addWorksheet('Сделки');
  // «Следующий звонок» is no date field: only its cells' date format makes its numbers dates.
  sheet.addRow(['ID', 'Название сделки', 'Дата консультации', 'Продолжительность, мин', 'Примечание', 'Следующий звонок']).commit();
  for (let id = 1; id <= count; id++) {
    if (id % 97 === 0) continue; // a missing sheet row: an empty line keeps the line numbers
    const r = sheet.getRow(id + 1);
    r.values = [
      id,
      id % 5 === 0 ? { richText: [{ text: 'Жирное ', font: { bold: true } }, { text: `№${id}` }] } : `Консультация №${id}`,
      new Date(Date.UTC(2026, 9, 1 + (id % 28), 10, 30)),
      id % 7 === 0 ? null : id % 13 === 0 ? 15.25 + (id % 90) : 15 + (id % 90),
      id % 11 === 0 ? `Строка 1, «кавычки» и "двойные"\nстрока 2 — ${id}` : `Примечание ${id}`,
      new Date(Date.UTC(2026, 10, 1 + (id % 28), 9, 0, id % 60)),
    ];
    r.getCell(3).numFmt = 'dd.mm.yyyy hh:mm';
    r.getCell(6).numFmt = 'dd.mm.yyyy';
    r.commit();
  }
  await sheet.commit();
  await workbook.commit();
}

/** The benchmark's export (85 amoCRM columns, test/bench/generate.ts) of `count` rows, seed 42. */
export function writeBenchBook(file: string, count: number): Promise<number> {
  return writeXlsx(file, generateRows(count, 42));
}
