import { describe, expect, it } from 'vitest';
import { headerKey } from '../../src/model/fields.js';
import { mapColumns } from '../../src/ingest/mapping.js';
import { booleanText, excelSerialToDate, numberText } from '../../src/ingest/xlsx-cells.js';
import { incompleteUtf8Tail, splitCsvLine } from '../../src/ingest/sniff.js';

describe('headerKey', () => {
  it.each([
    ['Бюджет ', 'бюджет'],
    ['Бюджет ₽', 'бюджет'],
    ['\uFEFFID', 'id'],
    ['Продолжительность (мин)', 'продолжительность'],
    ['Продолжительность, мин', 'продолжительность'],
    ['Продолжительность мин.', 'продолжительность'],
    ['ТЕМА  КОНСУЛЬТАЦИИ', 'тема консультации'],
    ['Тема\u00a0консультации:', 'тема консультации'],
    ['Успешно завершённые', 'успешно завершенные'],
  ])('%j → %j', (header, key) => expect(headerKey(header)).toBe(key));
});

describe('mapColumns', () => {
  const headers = ['ID', 'Источник', 'Примечание', 'Эксперт', 'Примечание 2', 'Источник', 'Консультант'];

  it('takes the first of repeated headers, all note columns, and leaves the rest unused', () => {
    const m = mapColumns(headers, { columns: {} });
    expect(m.fields.map((f) => [f.field, f.positions])).toEqual([
      ['deal_id', [1]],
      ['notes', [3, 5]],
      ['source', [2]],
      ['consultant', [7]],
    ]);
    expect(m.unused).toEqual([
      { position: 4, header: 'Эксперт' },
      { position: 6, header: 'Источник' },
    ]);
    expect(m.missing.map((f) => f.field)).toContain('topic');
  });

  it('lets the mapping file replace the built-in names, with «#n» for the n-th repeat', () => {
    const m = mapColumns(headers, { columns: { consultant: ['Эксперт'], source: ['Источник#2'] } });
    expect(m.fields.find((f) => f.field === 'consultant')).toMatchObject({ positions: [4], fromConfig: true });
    expect(m.fields.find((f) => f.field === 'source')).toMatchObject({ positions: [6], fromConfig: true });
    expect(m.unused).toEqual([
      { position: 2, header: 'Источник' },
      { position: 7, header: 'Консультант' },
    ]);
  });
});

describe('XLSX cells', () => {
  it('turns serial days into the wall-clock time of the cell', () => {
    expect(excelSerialToDate(46311.4375).toISOString()).toBe('2026-10-16T10:30:00.000Z');
    // numberText(raw, date style, date column, day offset): a date by its style, or by its column.
    expect(numberText('46311.4375', false, true, 0)).toBe('16.10.2026 10:30:00');
    expect(numberText('46311.4375', false, false, 0)).toBe('46311.4375');
    expect(numberText('46326.97916666666', true, false, 0)).toBe('31.10.2026 23:30:00');
    expect(numberText('1.20E+2', false, false, 0)).toBe('120');
    expect(booleanText('1')).toBe('да');
  });
});

describe('CSV sniffing helpers', () => {
  it('splits a header line with quotes', () => {
    expect(splitCsvLine('ID;"Бюджет ";"Примечание; ""важное""";cid', ';')).toEqual(['ID', 'Бюджет ', 'Примечание; "важное"', 'cid']);
  });

  it('finds a UTF-8 sequence cut by a chunk boundary', () => {
    const bytes = Buffer.from('ая', 'utf8'); // d0 b0 d1 8f
    expect(incompleteUtf8Tail(bytes)).toBe(0);
    expect(incompleteUtf8Tail(bytes.subarray(0, 3))).toBe(1);
    expect(incompleteUtf8Tail(Buffer.from('€', 'utf8').subarray(0, 2))).toBe(2);
    expect(incompleteUtf8Tail(Buffer.from('abc'))).toBe(0);
  });
});
