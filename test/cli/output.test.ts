import { describe, expect, it } from 'vitest';
import { formatNumber, plural, table } from '../../src/cli/output.js';
import { translateCommanderMessage } from '../../src/cli/program.js';

describe('terminal formatting', () => {
  it('formats numbers the Russian way', () => {
    expect(formatNumber(1234567)).toBe('1\u00a0234\u00a0567');
    expect(formatNumber(3.25, 1)).toBe('3,3');
  });

  it.each([
    [1, 'строка'], [2, 'строки'], [4, 'строки'], [5, 'строк'], [11, 'строк'], [12, 'строк'], [14, 'строк'],
    [21, 'строка'], [22, 'строки'], [111, 'строк'], [112, 'строк'], [122, 'строки'], [0, 'строк'],
  ])('%i %s', (n, word) => expect(plural(n, 'строка', 'строки', 'строк')).toBe(word));

  it('aligns a table, numbers to the right', () => {
    expect(table([['Октябрь', 12], ['Ноябрь', 3]], ['Месяц', 'Всего'])).toBe('Месяц    Всего\nОктябрь     12\nНоябрь       3');
  });

  it('translates commander errors', () => {
    expect(translateCommanderMessage("error: unknown option '--foo'")).toBe("Ошибка: неизвестный параметр '--foo'");
    expect(translateCommanderMessage("error: missing required argument 'file'")).toBe("Ошибка: не указан обязательный аргумент 'file'");
    expect(translateCommanderMessage("error: unknown command 'lod'\n(Did you mean load?)")).toBe(
      "Ошибка: неизвестная команда 'lod'\n(Возможно, имелось в виду load?)",
    );
  });
});
