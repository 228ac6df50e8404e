// The XLSX reader's acceptance tests: the CSV it writes, byte for byte, against what okno's previous reader
// (exceljs's WorkbookReader, parts of the sheet read by worker threads) wrote for the same books. Those outputs
// were recorded before that reader was deleted, as the SHA-256 and length of the CSV, and are kept here.
import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileError, UserError } from '../../src/errors.js';
import { amocrmHeaders } from '../bench/generate.js';
import { inspectFile } from '../../src/ingest/sniff.js';
import { xlsxToCsv } from '../../src/ingest/xlsx.js';
import { amocrm, fixture, withTempDir } from '../helpers.js';
import { writeBenchBook, writeSheet } from './xlsx-books.js';
import { bookParts, sheetXml, zipOf } from './zip-book.js';

async function convert(file: string): Promise<{ headers: string[]; text: string }> {
  const csv = `${file}.csv`;
  const headers = await xlsxToCsv(await inspectFile(file), csv);
  return { headers, text: await readFile(csv, 'utf8') };
}

const digest = (text: string) => ({ bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') });
/** The CSV's records (a quoted field may hold line breaks). */
function csvRecords(text: string): string[] {
  const records: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === '\n' && !quoted) {
      records.push(text.slice(start, i));
      start = i + 1;
    }
  }
  return records;
}

const sheetHeaders = ['ID', 'Название сделки', 'Дата консультации', 'Продолжительность, мин', 'Примечание', 'Следующий звонок'];

describe('the CSV of generated books and fixtures, byte for byte as the previous reader wrote it', () => {
  it('a 30,000-row book with shared strings, rich text, real dates, missing rows and multi-line notes', { timeout: 120_000 }, async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'sheet.xlsx');
      await writeSheet(file, 30_000, true);
      const { headers, text } = await convert(file);
      expect(headers).toEqual(sheetHeaders);
      expect(digest(text)).toEqual({ bytes: 3_294_709, sha256: '502eb099380a513c305e2dbea9bef60043a8d6e8ae331a2453b833b46d4188ad' });
      // Sheet rows 2 … 30,001, one line each (multi-line notes quoted); rows 97, 194, … missing: empty lines.
      const lines = csvRecords(text);
      expect(lines).toHaveLength(30_000);
      expect(lines.filter((l) => l === ',,,,,')).toHaveLength(309);
      expect(lines[96]).toBe(',,,,,');
      expect(lines[0]).toBe('1,Консультация №1,02.10.2026 10:30:00,16,Примечание 1,02.11.2026 09:00:01');
      expect(lines[10]).toBe('11,Консультация №11,12.10.2026 10:30:00,26,"Строка 1, «кавычки» и ""двойные""\nстрока 2 — 11",12.11.2026 09:00:11');
      expect(lines[12]).toBe('13,Консультация №13,14.10.2026 10:30:00,28.25,Примечание 13,14.11.2026 09:00:13');
    });
  });

  it('the same book with inline strings: the same, except rich text now read whole (exceljs kept its last run)', { timeout: 120_000 }, async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'sheet.xlsx');
      await writeSheet(file, 3_000, false);
      const { headers, text } = await convert(file);
      expect(headers).toEqual(sheetHeaders);
      // The previous reader's CSV (315,102 bytes, fff3dfbd…) with «№5» made «Жирное №5» in the 594 rich cells (of
      // 30,000 rows: 3,239,062 bytes, c06d6906… before, 3,316,269 bytes, ec4b682b… now).
      expect(digest(text)).toEqual({ bytes: 322_824, sha256: 'faa867d09fa9dd142b99479079e69abfdada64391265fdf8e0bbfff7669e8d78' });
      expect(text.split('\n')[4]).toBe('5,Жирное №5,06.10.2026 10:30:00,20,Примечание 5,06.11.2026 09:00:05');
    });
  });

  it("the benchmark's 85-column export, 3,000 rows", { timeout: 120_000 }, async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'bench.xlsx');
      await writeBenchBook(file, 3_000);
      const { headers, text } = await convert(file);
      expect(headers).toEqual(amocrmHeaders().map((h) => h.trim()));
      expect(digest(text)).toEqual({ bytes: 2_554_856, sha256: '514bdfa9e7a8a562bd34c94607043e3e6957ece687cd40f859592806d5be9bc0' });
    });
  });

  it('the XLSX fixtures, with styles and without (dates then known by their column), the demo export, a Yandex form', async () => {
    await withTempDir(async (dir) => {
      for (const name of ['xlsx-real-dates.xlsx', 'xlsx-without-styles.xlsx']) {
        const csv = path.join(dir, `${name}.csv`);
        const headers = await xlsxToCsv(await inspectFile(amocrm(name)), csv);
        expect(headers, name).toHaveLength(24);
        expect(headers.slice(0, 5), name).toEqual(['ID', 'Название сделки', 'Бюджет', 'Ответственный', 'Дата создания сделки']);
        expect(digest(await readFile(csv, 'utf8')), name).toEqual({ bytes: 1430, sha256: 'ba0cfa6f54aafa07239437f7d245525022c6b0ac34bf7946d92b249873c07446' });
      }
      for (const [name, width, bytes, sha256] of [
        ['demo/2-amocrm-export-2026-11-03.xlsx', 39, 44_507, 'c8db1eda2b45fd46623858d5a7b541494cc6a47338d12886250fa237fd0edd49'],
        ['feedback/yandex-forms-real-dates.xlsx', 7, 254, '2d9ee3012845b1adc8d72cff843ffd5a5d099c97389b602b4981959d7a488a7e'],
      ] as const) {
        const csv = path.join(dir, `${path.basename(name)}.csv`);
        expect(await xlsxToCsv(await inspectFile(fixture(name)), csv), name).toHaveLength(width);
        expect(digest(await readFile(csv, 'utf8')), name).toEqual({ bytes, sha256 });
      }
    });
  });
});

describe("the zip's parts in any order and shape", () => {
  const plain = { headers: ['ID', 'Название сделки'], text: '101,Консультация\n102,Сделка «Б»\n' };
  const book = async (dir: string, name: string, bytes: Buffer) => {
    const file = path.join(dir, name);
    await writeFile(file, bytes);
    return convert(file);
  };

  it("Excel's order, data descriptors, a stored sheet, shared strings last, a part missing from the directory", async () => {
    await withTempDir(async (dir) => {
      expect(await book(dir, 'excel.xlsx', zipOf(bookParts()))).toEqual(plain);
      const streamed = bookParts().map((p) => ({ ...p, descriptor: true, stored: p.name.includes('sheet') }));
      expect(await book(dir, 'streamed.xlsx', zipOf(streamed))).toEqual(plain);
      expect(await book(dir, 'strings-last.xlsx', zipOf(bookParts().filter((p) => p.name !== 'docProps/app.xml')))).toEqual(plain);
      expect(await book(dir, 'unlisted.xlsx', zipOf(bookParts(), { unlisted: ['docProps/app.xml'] }))).toEqual(plain);
    });
  });

  it('shared strings by another name are found through the workbook\'s relations (exceljs gave their numbers)', async () => {
    await withTempDir(async (dir) => {
      expect(await book(dir, 'renamed.xlsx', zipOf(bookParts('xl/SharedStrings.xml')))).toEqual(plain);
      expect(await book(dir, 'elsewhere.xlsx', zipOf(bookParts('xl/strings/shared.xml')))).toEqual(plain);
    });
  });

  it('the first sheet stored is read; a damaged sheet after it does not fail the load', async () => {
    await withTempDir(async (dir) => {
      const sheet2 = { name: 'xl/worksheets/sheet2.xml', text: sheetXml(999) };
      expect(await book(dir, 'two.xlsx', zipOf([...bookParts(), sheet2]))).toEqual(plain);
      expect(await book(dir, 'damaged-second.xlsx', zipOf([...bookParts(), sheet2], { damaged: sheet2.name }))).toEqual(plain);
    });
  });

  it('a damaged sheet or shared strings part is a damaged file, in Russian; no CSV is left', async () => {
    await withTempDir(async (dir) => {
      for (const part of ['xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml']) {
        const name = `${path.basename(part)}.xlsx`;
        const error = await book(dir, name, zipOf(bookParts(), { damaged: part })).then(() => undefined, (e: unknown) => e);
        expect(error, part).toBeInstanceOf(FileError);
        expect((error as FileError).problem, part).toBe(`не удалось прочитать XLSX: файл повреждён или обрезан (сжатые данные испорчены, часть ${part}).`);
      }
      expect((await readdir(dir)).sort()).toEqual(['sharedStrings.xml.xlsx', 'sheet1.xml.xlsx']);
    });
  });

  it('a sheet whose XML is broken (a tag left open) is a damaged file, in Russian, saxes\'s words only as the cause', async () => {
    await withTempDir(async (dir) => {
      const parts = bookParts().map((p) => (p.name === 'xl/worksheets/sheet1.xml' ? { ...p, text: p.text.replace('<v>101</v></c>', '<v>101</c>') } : p));
      const error = await book(dir, 'broken.xlsx', zipOf(parts)).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(FileError);
      expect((error as FileError).problem).toBe('не удалось прочитать XLSX: файл повреждён (часть xl/worksheets/sheet1.xml не читается как XML).');
      expect(String((error as FileError).cause)).toMatch(/unexpected close tag/);
    });
  });

  it('a scratch copy that cannot be written is told in Russian', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'book.xlsx');
      await writeFile(file, zipOf(bookParts()));
      const nowhere = path.join(dir, 'нет', 'out.csv');
      const refused = await xlsxToCsv(await inspectFile(file), nowhere).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(UserError);
      expect((refused as UserError).message).toBe(`Не удалось записать ${nowhere}: такой папки нет.`);
    });
  });
});
