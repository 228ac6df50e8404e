import { describe, expect, it } from 'vitest';
import { processOutput } from '../../src/cli/output.js';
import { formatNumber, plural } from '../../src/text/russian.js';
import { table } from '../../src/text/table.js';
import { translateCommanderMessage } from '../../src/cli/program.js';

describe('terminal formatting', () => {
  it('formats numbers the Russian way', () => {
    expect(formatNumber(1234567)).toBe('1\u00a0234\u00a0567');
    expect(formatNumber(3.25, 1)).toBe('3,3');
    expect(formatNumber(14, 1, { fixed: true })).toBe('14,0');
    expect(formatNumber(-1234.5, 1, { fixed: true })).toBe('\u22121\u00a0234,5');
  });

  it.each([
    [1, 'строка'], [2, 'строки'], [4, 'строки'], [5, 'строк'], [11, 'строк'], [12, 'строк'], [14, 'строк'],
    [21, 'строка'], [22, 'строки'], [111, 'строк'], [112, 'строк'], [122, 'строки'], [0, 'строк'],
  ])('%i %s', (n, word) => expect(plural(n, ['строка', 'строки', 'строк'])).toBe(word));

  it('aligns a table, numbers to the right', () => {
    expect(table([['Октябрь', 12], ['Ноябрь', 3]], ['Месяц', 'Всего'])).toBe('Месяц    Всего\nОктябрь     12\nНоябрь       3');
    // A column with a negative number (a true minus, as formatNumber writes it) is still a number column.
    expect(table([['а', -3], ['б', 123]])).toBe('а   \u22123\nб  123');
  });

  it('translates commander errors', () => {
    expect(translateCommanderMessage("error: unknown option '--foo'")).toBe("Ошибка: неизвестный параметр '--foo'");
    expect(translateCommanderMessage("error: missing required argument 'file'")).toBe("Ошибка: не указан обязательный аргумент 'file'");
    expect(translateCommanderMessage("error: unknown command 'lod'\n(Did you mean load?)")).toBe(
      "Ошибка: неизвестная команда 'lod'\n(Возможно, имелось в виду load?)",
    );
  });
});

describe('progress bar', () => {
  const capture = (isTTY: boolean) => {
    const written: string[] = [];
    let t = 0;
    const stream = { isTTY, write: (s: string) => written.push(s) > 0 };
    const output = processOutput(stream, stream, () => t);
    return { written, output, advance: (ms: number) => (t += ms) };
  };

  it('draws on a terminal once the load takes a moment, and clears itself', () => {
    const saved = process.env.CI;
    delete process.env.CI;
    try {
      const { written, output, advance } = capture(true);
      const bar = output.progress('октябрь.csv');
      bar.update(0.1);
      expect(written).toEqual([]); // not for loads quicker than 300 ms
      advance(400);
      bar.update(0.5);
      bar.update(0.501); // same percent: no redraw
      bar.done();
      expect(written).toEqual([`\rоктябрь.csv [${'█'.repeat(15)}${'░'.repeat(15)}]  50%`, '\r\x1b[2K']);
    } finally {
      if (saved !== undefined) process.env.CI = saved;
    }
  });

  it('prints nothing when stderr is not a terminal', () => {
    const { written, output, advance } = capture(false);
    const bar = output.progress('октябрь.csv');
    advance(1000);
    bar.update(0.5);
    bar.done();
    expect(written).toEqual([]);
  });
});
