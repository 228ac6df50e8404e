// The XLSX reader's quirks, one fixture each (built by zip-fixtures.ts): what is read, and what is refused — in
// Russian, quickly, with no CSV left behind.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileError } from '../../src/errors.js';
import { mapColumns } from '../../src/ingest/mapping.js';
import { inspectFile } from '../../src/ingest/sniff.js';
import { xlsxToCsv } from '../../src/ingest/xlsx.js';
import { amocrm, fixture, load, rows, withDb, withTempDir } from '../helpers.js';
import { quirkFixture, quirkFixtures } from './zip-fixtures.js';

async function read(name: string): Promise<{ headers: string[]; text: string }> {
  return withTempDir(async (dir) => {
    const csv = path.join(dir, 'sheet.csv');
    const headers = await xlsxToCsv(await inspectFile(fixture(name)), csv);
    return { headers, text: await readFile(csv, 'utf8') };
  });
}

/** The problem a file is refused with, the time it took, and what was left in the scratch folder. */
async function refusal(name: string): Promise<{ problem: string; ms: number; left: string[] }> {
  return withTempDir(async (dir) => {
    const started = performance.now();
    const error = await xlsxToCsv(await inspectFile(fixture(name)), path.join(dir, 'sheet.csv')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, name).toBeInstanceOf(FileError);
    return { problem: (error as FileError).problem, ms: performance.now() - started, left: await readdir(dir) };
  });
}

describe('XLSX quirks that are read', () => {
  it.runIf(process.env.OKNO_WRITE_FIXTURES === '1')('(re)writes the fixtures', async () => {
    for (const name of Object.keys(quirkFixtures)) await writeFile(fixture(name), quirkFixture(name));
  });

  it('_xHHHH_ escapes in shared and inline strings are decoded; _x005F_ is a literal underscore', async () => {
    expect(await read('amocrm/xlsx-escaped-strings.xlsx')).toEqual({
      headers: ['ID', 'Название сделки', 'Примечание'],
      text:
        '101,Сделка\tс табуляцией,"Первая строка\r\nвторая строка"\n' +
        '102,Код _x0041_ в тексте,Запись _x000D_ буквально\n' +
        '103,Жирное & обычное,Без экранов: _x00_ и _xZZZZ_\n',
    });
  });

  it('a header cell with a line break is one header, matched with the break read as a space', async () => {
    const { headers, text } = await read('amocrm/xlsx-header-line-break.xlsx');
    expect(headers).toEqual(['ID', 'Название сделки', 'Дата\nконсультации', 'Продолжительность\r\n(мин)']);
    // «Дата консультации» is a date column: its serial number without a date format is a date.
    expect(text).toBe('101,Консультация,16.10.2026 10:30:00,45\n');
    const mapped = mapColumns(headers, { columns: {} }).fields;
    expect(mapped.find((f) => f.field === 'consulted_at')).toMatchObject({ positions: [3] });
    expect(mapped.find((f) => f.field === 'duration_min')).toMatchObject({ positions: [4] });
  });

  it('loaded, from XLSX or from CSV (a quoted header with a line break): the consultation\'s date and duration', async () => {
    for (const name of ['xlsx-header-line-break.xlsx', 'header-line-break.csv']) {
      await withDb(async (db) => {
        const [f] = (await load(db, [amocrm(name)])).files;
        expect(f, name).toMatchObject({ status: 'loaded', rowsRead: 1, rowsRejected: 0 });
        expect(await rows(db, `select deal_id, strftime(consulted_at, '%d.%m.%Y %H:%M') as consulted, duration_min from deals`), name).toEqual([
          { deal_id: 101, consulted: '16.10.2026 10:30', duration_min: 45 },
        ]);
      });
    }
  });

  it('dates of a 1904-based book (<workbookPr date1904="1"/>): date cells and serials in date columns', async () => {
    // 44849.4375 days after 01.01.1904 is 16.10.2026 10:30 (46311.4375 in the 1900 system).
    expect(await read('amocrm/xlsx-1904-dates.xlsx')).toEqual({
      headers: ['ID', 'Название сделки', 'Дата создания сделки', 'Дата консультации'],
      text: '101,Консультация,16.10.2026 10:30:00,16.10.2026 12:00:00\n102,Консультация,17.10.2026 00:00:00,17.10.2026 06:00:00\n',
    });
  });
});

describe('XLSX files that are refused', () => {
  const damaged = 'не удалось прочитать XLSX: файл повреждён';
  it.each([
    ['bad/zip-bomb.xlsx', 'не удалось прочитать XLSX: часть xl/worksheets/sheet1.xml распаковывается больше чем в 20 МБ из 20 КБ сжатых — в 100 раз больше, чем бывает в настоящих книгах (похоже на zip-бомбу).'],
    ['bad/zip-bomb-lying-size.xlsx', `${damaged} или обрезан (часть xl/worksheets/sheet1.xml больше, чем записано в оглавлении архива).`],
    ['bad/entity-expansion.xlsx', 'не удалось прочитать XLSX: в части xl/worksheets/sheet1.xml есть объявление DOCTYPE — Excel таких не пишет, а через него небольшой файл может развернуться в гигабайты; okno не читает такие файлы.'],
    ['bad/row-30000000.xlsx', `${damaged} (лист объявляет строку 30\u00a0000\u00a0000, а в Excel строки нумеруются от 1 до 1\u00a0048\u00a0576).`],
    ['bad/row-2147483647.xlsx', `${damaged} (лист объявляет строку 2\u00a0147\u00a0483\u00a0647, а в Excel строки нумеруются от 1 до 1\u00a0048\u00a0576).`],
    ['bad/column-beyond-xfd.xlsx', `${damaged} (ячейка XFE2 лежит правее последнего столбца Excel (XFD)).`],
    ['bad/far-row-in-small-file.xlsx', `${damaged} (лист объявляет строку 1\u00a0048\u00a0576, а строк в нём до неё всего 2 — столько пустых строк в настоящей выгрузке не бывает).`],
    ['bad/damaged-part.xlsx', `${damaged} или обрезан (сжатые данные испорчены, часть xl/worksheets/sheet1.xml).`],
    ['bad/truncated.xlsx', `${damaged} или обрезан (файл обрывается посреди архива: нет его оглавления).`],
  ])('%s: refused in Russian, in well under a second, no CSV left', async (name, problem) => {
    const { problem: told, ms, left } = await refusal(name);
    expect(told).toBe(problem);
    expect(told).not.toMatch(/[A-Za-z]{3,} [a-z]{3,}/); // no English sentence, only part names and the like
    expect(ms).toBeLessThan(3000);
    expect(left).toEqual([]);
  });
});
