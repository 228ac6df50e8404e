import { readFile, readdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExcelJS } from '../../src/ingest/exceljs.js';
import { inspectFile } from '../../src/ingest/sniff.js';
import { UserError } from '../../src/errors.js';
import { WorkerFailed, sheetParts, xlsxToCsv, type XlsxTuning } from '../../src/ingest/xlsx.js';
import { cellText, firstPartLines, rowLayout, sheetRowsReader, type RowLayout } from '../../src/ingest/xlsx-rows.js';
import { withTempDir } from '../helpers.js';
import { bookParts, sheetXml, zipOf } from './zip-book.js';
import { zipLayout } from '../../src/ingest/zip-order.js';

/** The sheet XML handed over in pieces of `size` bytes, as the unzip stream would. */
async function* pieces(xml: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(xml);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function partsOf(xml: string, pieceSize: number, partBytes: number): Promise<string[]> {
  const parts: string[] = [];
  for await (const part of sheetParts(pieces(xml, pieceSize), partBytes)) parts.push(Buffer.from(part).toString());
  return parts;
}

const row = (r: number, text: string) => `<row r="${r}" spans="1:2"><c r="A${r}" t="inlineStr"><is><t>${text}</t></is></c></row>`;

describe('sheetParts: the sheet XML cut into parts of whole rows', () => {
  const rows = [row(1, 'ID'), row(2, 'Ёлка &lt;row&gt;'), '<row r="3"/>', row(5, 'пять'), row(6, 'шесть')];
  const sheet =
    '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cols><col min="1" max="1"/></cols>' +
    `<sheetData>${rows.join('')}</sheetData><rowBreaks count="1"><brk id="5"/></rowBreaks></worksheet>`;

  it('the header row alone first, then parts cut where a row starts; nothing outside <sheetData> (any piece size)', async () => {
    // Byte by byte: a part is cut once it holds at least partBytes, where the latest row starts. An escaped «<row>»
    // in text and <rowBreaks> are no row starts; a self-closing row is one.
    expect(await partsOf(sheet, 1, 1)).toEqual(rows);
    // 150 bytes: rows 2 (93 bytes) and 3 (12) are 105; the part is cut where row 5 starts, which takes it over 150.
    expect(await partsOf(sheet, 1, 150)).toEqual([rows[0], rows[1]! + rows[2], rows[3], rows[4]]);
    for (const pieceSize of [7, 64, 100_000]) {
      const parts = await partsOf(sheet, pieceSize, 150);
      expect(parts[0]).toBe(rows[0]);
      expect(parts.join('')).toBe(rows.join(''));
      for (const part of parts) expect(part).toMatch(/^<row [^]*(<\/row>|\/>)$/);
    }
  });

  it('from a CDATA section or a comment on (either could hold «<row » as text), the rest is one part', async () => {
    const cdata = `<row r="3"><c r="A3" t="inlineStr"><is><t><![CDATA[<row r="99">]]></t></is></c></row>`;
    const inRows = `<worksheet><sheetData>${rows[0]}${rows[1]}${cdata}${rows[3]}${rows[4]}</sheetData></worksheet>`;
    // Arriving in small pieces, rows 1 and 2 are cut before the CDATA is seen; arriving at once, nothing is cut.
    for (const pieceSize of [1, 7]) expect(await partsOf(inRows, pieceSize, 1)).toEqual([rows[0], rows[1], cdata + rows[3] + rows[4]]);
    expect(await partsOf(inRows, 100_000, 1)).toEqual([rows[0]! + rows[1] + cdata + rows[3] + rows[4]]);
    // A comment in the header row: the whole sheet is one part, header included.
    const commented = `<worksheet><sheetData><row r="1"><!-- <row r="5"> -->${rows[0]!.slice(10)}${rows[1]}</sheetData></worksheet>`;
    expect(await partsOf(commented, 3, 1)).toEqual([`<row r="1"><!-- <row r="5"> -->${rows[0]!.slice(10)}${rows[1]}`]);
  });

  it('a first part of more rows than the header: the header, then the rest as lines (gaps filled)', async () => {
    const rowsOf = await sheetRowsReader({ sharedStrings: null, styleModels: [], properties: null });
    const { headers, lines } = await firstPartLines(rowsOf, Buffer.from(rows.join('')));
    expect(headers).toEqual(['ID']);
    // Rows 2, 3 (empty), 5 and 6: row 4 is missing inside the part and gets an empty line.
    expect(lines).toEqual({ text: 'Ёлка <row>\n\n\nпять\nшесть\n', firstRow: 2, nextRow: 7 });
  });

  it('a row far longer than a part or a piece (or bytes with no row start at all) is kept whole, its start found once', async () => {
    // A header row and a second row of 300 KB, then row 5: arriving in pieces of 7 and 1,000 bytes with 64-byte
    // parts, each piece is searched once; the row is cut where it starts and ends, never inside.
    const long = row(2, 'д'.repeat(150_000));
    const sheet = `<worksheet><cols/><sheetData>${rows[0]}${long}${rows[3]}</sheetData></worksheet>`;
    for (const pieceSize of [7, 1000]) expect(await partsOf(sheet, pieceSize, 64)).toEqual([rows[0], long, rows[3]]);
    // Damaged XML with no row start after the header: one part of all of it (the worksheet reader then refuses it).
    const junk = 'x'.repeat(200_000);
    expect(await partsOf(`<worksheet><sheetData>${rows[0]}${junk}</sheetData></worksheet>`, 1000, 64)).toEqual([rows[0]! + junk]);
    expect(await partsOf(`<worksheet>${junk}<sheetData>${rows[0]}</sheetData></worksheet>`, 1000, 64)).toEqual([rows[0]]);
  });

  it('an empty sheet has no parts; a sheet of one row, one', async () => {
    expect(await partsOf('<worksheet><sheetData/></worksheet>', 5, 10)).toEqual([]);
    expect(await partsOf('<worksheet><sheetData></sheetData></worksheet>', 5, 10)).toEqual([]);
    expect(await partsOf(`<worksheet><sheetData>${row(1, 'ID')}</sheetData></worksheet>`, 5, 10)).toEqual([row(1, 'ID')]);
  });
});

/** An amoCRM-like sheet with shared strings, real dates, numbers, rich text, missing rows and a multi-line note. */
async function writeSheet(file: string, count: number, useSharedStrings = true): Promise<void> {
  const ExcelJS = await loadExcelJS();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings, useStyles: true });
  const sheet = workbook.addWorksheet('Сделки');
  // «Следующий звонок» is no date field: only its cells' date format makes its numbers dates.
  sheet.addRow(['ID', 'Название сделки', 'Дата консультации', 'Продолжительность, мин', 'Примечание', 'Следующий звонок']).commit();
  for (let id = 1; id <= count; id++) {
    if (id % 97 === 0) continue; // a missing sheet row: an empty line keeps the line numbers
    const r = sheet.getRow(id + 1);
    r.values = [
      id,
      id % 5 === 0 ? { richText: [{ text: 'Жирное ' , font: { bold: true } }, { text: `№${id}` }] } : `Консультация №${id}`,
      new Date(Date.UTC(2026, 9, 1 + (id % 28), 10, 30)),
      id % 7 === 0 ? null : 15 + (id % 90),
      id % 11 === 0 ? `Строка 1, «кавычки» и "двойные"\nстрока 2 — ${id}` : `Примечание ${id}`,
      new Date(Date.UTC(2026, 10, 1 + (id % 28), 9, 0)),
    ];
    r.getCell(3).numFmt = 'dd.mm.yyyy hh:mm';
    r.getCell(6).numFmt = 'dd.mm.yyyy';
    r.commit();
  }
  await sheet.commit();
  await workbook.commit();
}

/** The CSV as okno wrote it before parts and workers: one WorksheetReader over the whole sheet, row by row. */
async function oneReaderCsv(file: string): Promise<string> {
  const ExcelJS = await loadExcelJS();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { entries: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit' });
  const quote = (t: string) => (/[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t);
  let layout: RowLayout | undefined;
  let nextRow = 2;
  let text = '';
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<{ number: number; values: unknown[] }>) {
      if (!layout) {
        layout = rowLayout((row.values.slice(1) as unknown[]).map((v) => cellText(v, false).trim()));
        continue;
      }
      for (; nextRow < row.number; nextRow++) text += ','.repeat(layout.width - 1) + '\n';
      text += layout.dateColumns.map((isDate, i) => (row.values[i + 1] == null ? '' : quote(cellText(row.values[i + 1], isDate)))).join(',') + '\n';
      nextRow = row.number + 1;
    }
    break;
  }
  return text;
}

/**
 * The temporary copies exceljs's WorkbookReader makes (tmp.file) while `fn` runs: it copies a sheet it meets before
 * the shared strings and relations aside, and exceljs's writer, like Excel, stores the sheet first.
 */
async function copiesWhile<T>(fn: () => Promise<T>): Promise<{ result: T; copies: number }> {
  const tmp = createRequire(createRequire(import.meta.url).resolve('exceljs/lib/stream/xlsx/workbook-reader.js'))('tmp') as { file: (...args: unknown[]) => unknown };
  const original = tmp.file;
  let copies = 0;
  tmp.file = (...args: unknown[]) => {
    copies++;
    return original.apply(tmp, args);
  };
  try {
    return { result: await fn(), copies };
  } finally {
    tmp.file = original;
  }
}

describe('xlsxToCsv: worker threads write what one thread writes', () => {
  it('the same CSV, byte for byte, from parts read by 2 workers, by this thread, and as one part', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'sheet.xlsx');
      await writeSheet(file, 3000);
      const facts = await inspectFile(file);
      const run = async (name: string, tuning: XlsxTuning) => {
        const csv = path.join(dir, `${name}.csv`);
        const headers = await xlsxToCsv(facts, csv, undefined, tuning);
        return { headers, text: await readFile(csv, 'utf8') };
      };
      const workers = await run('workers', { partBytes: 16 * 1024, workers: 2, youngGenerationMb: 16 });
      const here = await run('here', { partBytes: 16 * 1024, workers: 0, youngGenerationMb: 16 });
      const whole = await run('whole', { partBytes: 1 << 30, workers: 0, youngGenerationMb: 16 });
      expect(workers.headers).toEqual(['ID', 'Название сделки', 'Дата консультации', 'Продолжительность, мин', 'Примечание', 'Следующий звонок']);
      expect(whole.text).toBe(await oneReaderCsv(file));
      expect(workers.text).toBe(whole.text);
      expect(here.text).toBe(whole.text);
      // Sheet rows 2 … 3001, one line each (the multi-line notes are quoted): 3000 lines, 30 of them empty (97, 194, …).
      const lines = whole.text.split(/\n(?=(?:[^"]*"[^"]*")*[^"]*$)/).slice(0, -1);
      expect(lines).toHaveLength(3000);
      expect(lines.filter((l) => l === ',,,,,')).toHaveLength(30);
      expect(lines[96]).toBe(',,,,,');
      expect(lines[0]).toBe('1,Консультация №1,02.10.2026 10:30:00,16,Примечание 1,02.11.2026 09:00:00');
      expect(lines[4]).toBe('5,Жирное №5,06.10.2026 10:30:00,20,Примечание 5,06.11.2026 09:00:00');
      expect(lines[6]).toBe('7,Консультация №7,08.10.2026 10:30:00,,Примечание 7,08.11.2026 09:00:00');
      expect(lines[10]).toBe('11,Консультация №11,12.10.2026 10:30:00,26,"Строка 1, «кавычки» и ""двойные""\nстрока 2 — 11",12.11.2026 09:00:00');
    });
  });

  it('hands exceljs the sheet after the parts it needs first, so it copies nothing aside; with shared strings or none', async () => {
    await withTempDir(async (dir) => {
      for (const sharedStrings of [true, false]) {
        const file = path.join(dir, `sheet-${sharedStrings}.xlsx`);
        await writeSheet(file, 300, sharedStrings);
        const asStored = await copiesWhile(() => oneReaderCsv(file));
        expect(asStored.copies).toBe(1); // the file as stored: the sheet is copied aside
        const csv = path.join(dir, `sheet-${sharedStrings}.csv`);
        const facts = await inspectFile(file);
        const converted = await copiesWhile(() => xlsxToCsv(facts, csv, undefined, { partBytes: 16 * 1024, workers: 0, youngGenerationMb: 16 }));
        expect(converted.copies).toBe(0);
        expect(await readFile(csv, 'utf8')).toBe(asStored.result);
        expect(asStored.result.split('\n')[0]).toBe('1,Консультация №1,02.10.2026 10:30:00,16,Примечание 1,02.11.2026 09:00:00');
      }
    });
  });

  it('a worker that stops is okno\'s failure, not a damaged file; a scratch copy that cannot be written is told in Russian', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'sheet.xlsx');
      await writeSheet(file, 500);
      const facts = await inspectFile(file);
      const dying = path.join(dir, 'dying-worker.mjs');
      await writeFile(dying, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (m) => { if (!('context' in m)) process.exit(3); });\n");
      const csv = path.join(dir, 'out.csv');
      const stopped = await xlsxToCsv(facts, csv, undefined, { partBytes: 8 * 1024, workers: 2, youngGenerationMb: 16, workerFile: dying }).catch((e: unknown) => e);
      expect(stopped).toBeInstanceOf(WorkerFailed);
      expect((stopped as Error).message).toBe('XLSX worker failed: exit code 3');
      expect(await readdir(dir)).toEqual(['dying-worker.mjs', 'sheet.xlsx']);
      for (const workers of [0, 2]) {
        const nowhere = path.join(dir, 'нет', 'out.csv');
        const refused = await xlsxToCsv(facts, nowhere, undefined, { partBytes: 8 * 1024, workers, youngGenerationMb: 16 }).catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(UserError);
        expect((refused as UserError).message).toBe(`Не удалось записать ${nowhere}: такой папки нет.`);
      }
    });
  });
});

describe('xlsxToCsv: the zip\'s parts handed over sheets last, or as stored when the zip is unusual', () => {
  const convert = async (file: string) => {
    const csv = `${file}.csv`;
    const headers = await xlsxToCsv(await inspectFile(file), csv, undefined, { partBytes: 16 * 1024, workers: 0, youngGenerationMb: 16 });
    return { headers, text: await readFile(csv, 'utf8') };
  };
  const plainCsv = '101,Консультация\n102,Сделка «Б»\n';

  it('Excel\'s order, or parts with data descriptors and a stored sheet: the rows, with no copy of the sheet', async () => {
    await withTempDir(async (dir) => {
      for (const [name, parts] of [
        ['excel.xlsx', bookParts()],
        ['streamed.xlsx', bookParts().map((p) => ({ ...p, descriptor: true, stored: p.name.includes('sheet') }))],
      ] as const) {
        const file = path.join(dir, name);
        await writeFile(file, zipOf([...parts]));
        const { result, copies } = await copiesWhile(() => convert(file));
        expect(result).toEqual({ headers: ['ID', 'Название сделки'], text: plainCsv });
        expect(copies).toBe(0);
        // (Read as stored, exceljs copies the sheet aside and, about once in 40 reads of this book, never gets to the
        // shared strings after it: a race, so it is not asserted here.)
      }
    });
  });

  it('shared strings stored last, after the sheet (exceljs, reading as stored, all but never reads them): read', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'strings-last.xlsx');
      await writeFile(file, zipOf(bookParts().filter((p) => p.name !== 'docProps/app.xml')));
      // As stored, exceljs gave «101,2» (the string's number) in 149 reads of 150 under load, 40 of 40 without:
      // a race in its reader, so not asserted here.
      for (let i = 0; i < 5; i++) expect(await convert(file)).toEqual({ headers: ['ID', 'Название сделки'], text: plainCsv });
    });
  });

  it('a part missing from the directory, or shared strings by another name: read as stored, the same rows as then', async () => {
    await withTempDir(async (dir) => {
      // The shared strings before the sheet, so exceljs reading as stored needs no copy (and has no race).
      const parts = bookParts();
      const sheet = parts.findIndex((p) => p.name === 'xl/worksheets/sheet1.xml');
      [parts[sheet], parts[sheet + 1]] = [parts[sheet + 1]!, parts[sheet]!];
      const unlisted = path.join(dir, 'unlisted.xlsx');
      await writeFile(unlisted, zipOf(parts, { unlisted: ['docProps/app.xml'] }));
      expect(await zipLayout(unlisted)).toBeUndefined();
      expect(await convert(unlisted)).toEqual({ headers: ['ID', 'Название сделки'], text: plainCsv });
      // exceljs reads only xl/sharedStrings.xml: by another name its cells are the strings' numbers, as before.
      const renamed = path.join(dir, 'renamed.xlsx');
      await writeFile(renamed, zipOf(bookParts('xl/SharedStrings.xml')));
      const asStored = await oneReaderCsv(renamed);
      expect(asStored).toBe('101,2\n102,Сделка «Б»\n');
      expect(await convert(renamed)).toEqual({ headers: ['0', '1'], text: asStored });
    });
  });

  it('the first sheet stored is read, even when another comes after the shared strings', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'two.xlsx');
      await writeFile(file, zipOf([...bookParts(), { name: 'xl/worksheets/sheet2.xml', text: sheetXml(999) }]));
      expect((await convert(file)).text).toBe(plainCsv);
    });
  });

  it('a damaged sheet after the one read does not fail the load, with workers or without, handed over or as stored', async () => {
    await withTempDir(async (dir) => {
      const parts = bookParts();
      const sheet1 = parts.find((p) => p.name === 'xl/worksheets/sheet1.xml')!;
      const rest = parts.filter((p) => p !== sheet1 && p.name !== 'docProps/app.xml');
      const sheet2 = { name: 'xl/worksheets/sheet2.xml', text: sheetXml(999) };
      const books = {
        // The directory usual: the second sheet is not handed to the reader at all.
        'handed.xlsx': zipOf([...parts, sheet2], { damaged: sheet2.name }),
        // A part the directory leaves out: read as stored, the unzipper meets the damaged sheet while the first
        // sheet's rows are still being written.
        'as-stored.xlsx': zipOf([...rest, sheet1, sheet2, parts.at(-1)!], { damaged: sheet2.name, unlisted: ['docProps/app.xml'] }),
      };
      for (const [name, bytes] of Object.entries(books)) {
        const file = path.join(dir, name);
        await writeFile(file, bytes);
        for (const workers of [0, 2]) {
          const csv = path.join(dir, `${name}-${workers}.csv`);
          const headers = await xlsxToCsv(await inspectFile(file), csv, undefined, { partBytes: 64, workers, youngGenerationMb: 16 });
          expect({ headers, text: await readFile(csv, 'utf8') }, `${name}, ${workers} workers`).toEqual({ headers: ['ID', 'Название сделки'], text: plainCsv });
        }
      }
    });
  });

  it('a damaged part is a damaged file (exit 1, in Russian), never a reader left waiting', { timeout: 15_000 }, async () => {
    await withTempDir(async (dir) => {
      for (const [name, options] of [
        ['sheet.xlsx', { damaged: 'xl/worksheets/sheet1.xml' }],
        ['strings.xlsx', { damaged: 'xl/sharedStrings.xml' }],
        // Bytes after the last part: read as stored, the unzipper reaches the damaged sheet before the odd bytes.
        ['as-stored.xlsx', { damaged: 'xl/worksheets/sheet1.xml', gapAfter: 'docProps/app.xml' }],
      ] as const) {
        const file = path.join(dir, name);
        await writeFile(file, zipOf(bookParts(), options));
        if (name === 'as-stored.xlsx') expect(await zipLayout(file)).toBeUndefined();
        const error = await convert(file).then(() => undefined, (e: unknown) => e);
        expect(error, name).toBeInstanceOf(UserError);
        expect((error as UserError).message, name).toMatch(/не удалось прочитать XLSX: файл повреждён или обрезан \(сжатые данные испорчены: (invalid|incorrect) [a-z /]+\)\.$/);
      }
      expect(await readdir(dir)).toEqual(['as-stored.xlsx', 'sheet.xlsx', 'strings.xlsx']); // no half-written CSV left
    });
  });
});
