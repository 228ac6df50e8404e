// The XLSX fixtures of the reader's quirks, built part by part as Excel stores a book (zip-book.ts). The files are
// committed; `OKNO_WRITE_FIXTURES=1 npx vitest run test/ingest/xlsx-quirks.test.ts` writes them again.
import { excelBook, zipOf, type ExcelBook, type ZipOptions } from './zip-book.js';

const s = (r: string, index: number) => `<c r="${r}" t="s"><v>${index}</v></c>`;
const n = (r: string, value: number | string, style?: number) => `<c r="${r}"${style ? ` s="${style}"` : ''}><v>${value}</v></c>`;
const inline = (r: string, inner: string) => `<c r="${r}" t="inlineStr"><is>${inner}</is></c>`;
const row = (r: number, cells: string) => `<row r="${r}" spans="1:3">${cells}</row>`;
const header = row(1, s('A1', 0) + s('B1', 1));
const strings = ['<t>ID</t>', '<t>Название сделки</t>', '<t>Консультация</t>'];
const plain = (rows: string): ExcelBook => ({ rows: header + rows, strings });

/** A sheet whose XML, after its header row, is `spaces` bytes of white space: it deflates about 1,000 to 1. */
function bombBook(spaces: number): ExcelBook {
  return plain(row(2, n('A2', 101) + s('B2', 2)) + ' '.repeat(spaces));
}
const bombSpaces = 20 * 1024 * 1024;

export const quirkFixtures: Record<string, { book: ExcelBook; options?: ZipOptions }> = {
  'amocrm/xlsx-escaped-strings.xlsx': {
    book: {
      rows:
        row(1, s('A1', 0) + s('B1', 1) + s('C1', 2)) +
        row(2, n('A2', 101) + inline('B2', '<t>Сделка_x0009_с табуляцией</t>') + s('C2', 3)) +
        row(3, n('A3', 102) + s('B3', 4) + inline('C3', '<r><t xml:space="preserve">Запись </t></r><r><rPr><b/><sz val="11"/></rPr><t>_x005F_x000D_ буквально</t></r>')) +
        row(4, n('A4', 103) + s('B4', 5) + s('C4', 6)),
      strings: [
        '<t>ID</t>',
        '<t>Название сделки</t>',
        '<t>Примечание</t>',
        '<t>Первая строка_x000D_\nвторая строка</t>',
        '<t>Код _x005F_x0041_ в тексте</t>',
        '<r><rPr><b/><sz val="11"/></rPr><t xml:space="preserve">Жирное </t></r><r><t>_x0026_ обычное</t></r>',
        '<t>Без экранов: _x00_ и _xZZZZ_</t>',
      ],
    },
  },
  'amocrm/xlsx-header-line-break.xlsx': {
    book: {
      rows:
        row(1, s('A1', 0) + s('B1', 1) + s('C1', 2) + s('D1', 3)) +
        row(2, n('A2', 101) + s('B2', 4) + n('C2', 46311.4375) + n('D2', 45)),
      strings: ['<t>ID</t>', '<t>Название сделки</t>', '<t>Дата\nконсультации</t>', '<t>Продолжительность_x000D_\n(мин)</t>', '<t>Консультация</t>'],
    },
  },
  'amocrm/xlsx-1904-dates.xlsx': {
    book: {
      date1904: true,
      rows:
        row(1, s('A1', 0) + s('B1', 1) + s('C1', 2) + s('D1', 3)) +
        row(2, n('A2', 101) + s('B2', 4) + n('C2', 44849.4375, 1) + n('D2', 44849.5)) +
        row(3, n('A3', 102) + s('B3', 4) + n('C3', 44850, 2) + n('D3', 44850.25)),
      strings: ['<t>ID</t>', '<t>Название сделки</t>', '<t>Дата создания сделки</t>', '<t>Дата консультации</t>', '<t>Консультация</t>'],
    },
  },
  'bad/zip-bomb.xlsx': { book: bombBook(bombSpaces), options: { level: 9 } },
  'bad/zip-bomb-lying-size.xlsx': { book: bombBook(bombSpaces), options: { level: 9, declaredSizes: { 'xl/worksheets/sheet1.xml': 4096 } } },
  'bad/entity-expansion.xlsx': {
    book: {
      ...plain(row(2, n('A2', 101) + inline('B2', '<t>&lol9;</t>'))),
      sheetProlog:
        '<!DOCTYPE worksheet [<!ENTITY lol "lol">' +
        Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('') +
        ']>',
    },
  },
  'bad/row-30000000.xlsx': { book: plain(row(2, n('A2', 101) + s('B2', 2)) + `<row r="30000000"><c r="A30000000"><v>102</v></c></row>`) },
  'bad/row-2147483647.xlsx': { book: plain(`<row r="2147483647"><c r="A2147483647"><v>101</v></c></row>`) },
  'bad/column-beyond-xfd.xlsx': { book: plain(row(2, n('A2', 101) + s('B2', 2) + n('XFE2', 1))) },
  'bad/far-row-in-small-file.xlsx': { book: plain(row(2, n('A2', 101) + s('B2', 2)) + row(1048576, n('A1048576', 102) + s('B1048576', 2))) },
};

export const quirkFixture = (name: string) => zipOf(excelBook(quirkFixtures[name]!.book), quirkFixtures[name]!.options);
