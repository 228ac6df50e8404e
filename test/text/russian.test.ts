import { describe, expect, it } from 'vitest';
import {
  capitalise, countOf, forMonth, formatNumber, formatPercent, inMonth, monthName, monthTitle, nouns, periodPhrases, plural, pluralForm,
} from '../../src/text/russian.js';

const consultation = nouns.consultation;

describe('plural', () => {
  // Written out by hand: the numbers people get wrong.
  it.each([
    [0, 'консультаций'], [1, 'консультация'], [2, 'консультации'], [3, 'консультации'], [4, 'консультации'],
    [5, 'консультаций'], [10, 'консультаций'], [11, 'консультаций'], [12, 'консультаций'], [13, 'консультаций'],
    [14, 'консультаций'], [15, 'консультаций'], [19, 'консультаций'], [20, 'консультаций'], [21, 'консультация'],
    [22, 'консультации'], [24, 'консультации'], [25, 'консультаций'], [100, 'консультаций'], [101, 'консультация'],
    [102, 'консультации'], [104, 'консультации'], [111, 'консультаций'], [112, 'консультаций'], [113, 'консультаций'],
    [114, 'консультаций'], [115, 'консультаций'], [121, 'консультация'], [122, 'консультации'], [211, 'консультаций'],
    [212, 'консультаций'], [311, 'консультаций'], [411, 'консультаций'], [511, 'консультаций'], [911, 'консультаций'],
    [914, 'консультаций'], [1000, 'консультаций'], [1001, 'консультация'], [1011, 'консультаций'], [1021, 'консультация'],
    [1_000_002, 'консультации'],
  ])('%i %s', (n, form) => expect(plural(n, consultation)).toBe(form));

  // Every number 0…1000, against the rule as stated: the last two digits decide.
  const expected = (n: number) => {
    const last2 = n % 100;
    const last = n % 10;
    if (last2 >= 11 && last2 <= 14) return 2;
    if (last === 1) return 0;
    if (last >= 2 && last <= 4) return 1;
    return 2;
  };
  it.each(Array.from({ length: 1001 }, (_, n) => [n, expected(n)]))('%i → form %i', (n, form) => expect(pluralForm(n)).toBe(form));

  it('agrees with ICU plural rules for ru over 0…1000', () => {
    const rules = new Intl.PluralRules('ru');
    const index = { one: 0, few: 1, many: 2 } as Record<string, number>;
    for (let n = 0; n <= 1000; n++) expect([n, pluralForm(n)]).toEqual([n, index[rules.select(n)]]);
  });

  it('fractions take the genitive singular', () => {
    expect(countOf(4.75, nouns.hour, 1)).toBe('4,8\u00a0часа');
    expect(countOf(1.5, nouns.hour, 1)).toBe('1,5\u00a0часа');
    expect(countOf(5, nouns.hour, 1)).toBe('5\u00a0часов');
    expect(countOf(21, nouns.hour, 1)).toBe('21\u00a0час');
    // Rounded first: 0.96 shows as «1» and must read «1 час».
    expect(countOf(0.96, nouns.hour, 1)).toBe('1\u00a0час');
  });

  it('counts with the noun phrase in each case', () => {
    expect(countOf(122, consultation)).toBe('122\u00a0консультации');
    expect(countOf(1, nouns.consultationAcc)).toBe('1\u00a0консультацию');
    expect(countOf(21, nouns.organisationGen)).toBe('21\u00a0организации');
    expect(countOf(3, nouns.organisationGen)).toBe('3\u00a0организаций');
    expect(countOf(2, nouns.newClient)).toBe('2\u00a0новых клиента');
    expect(countOf(1234, consultation)).toBe('1\u00a0234\u00a0консультации');
  });
});

describe('numbers', () => {
  it.each([
    [0, 0, '0'], [7, 0, '7'], [999, 0, '999'], [1000, 0, '1\u00a0000'], [1342, 0, '1\u00a0342'],
    [1234567, 0, '1\u00a0234\u00a0567'], [4.75, 1, '4,8'], [5, 1, '5'], [1234.5, 1, '1\u00a0234,5'], [-3, 0, '\u22123'],
  ])('%d (%i digits) → %j', (n, digits, text) => expect(formatNumber(n, digits)).toBe(text));

  it('percent', () => {
    expect(formatPercent(0.5)).toBe('50\u00a0%');
    expect(formatPercent(5 / 6)).toBe('83\u00a0%');
    expect(formatPercent(1)).toBe('100\u00a0%');
  });
});

describe('months', () => {
  it.each([
    ['2026-01', 'январь', 'января', 'январе'], ['2026-02', 'февраль', 'февраля', 'феврале'], ['2026-03', 'март', 'марта', 'марте'],
    ['2026-04', 'апрель', 'апреля', 'апреле'], ['2026-05', 'май', 'мая', 'мае'], ['2026-06', 'июнь', 'июня', 'июне'],
    ['2026-07', 'июль', 'июля', 'июле'], ['2026-08', 'август', 'августа', 'августе'], ['2026-09', 'сентябрь', 'сентября', 'сентябре'],
    ['2026-10', 'октябрь', 'октября', 'октябре'], ['2026-11', 'ноябрь', 'ноября', 'ноябре'], ['2026-12', 'декабрь', 'декабря', 'декабре'],
  ])('%s: %s / %s / %s', (month, nominative, genitive, prepositional) => {
    expect([monthName(month, 'nominative'), monthName(month, 'genitive'), monthName(month, 'prepositional')]).toEqual([nominative, genitive, prepositional]);
  });

  it('phrases', () => {
    expect(inMonth('2026-10')).toBe('в октябре 2026 года');
    expect(forMonth('2026-10')).toBe('за октябрь 2026 года');
    expect(monthTitle('2026-05')).toBe('май 2026');
    expect(capitalise(inMonth('2026-05'))).toBe('В мае 2026 года');
  });

  it('a whole month and the first days of one', () => {
    expect(periodPhrases({ from: '2026-10-01', to: '2026-11-01', days: 31 })).toEqual({
      in: 'в октябре 2026 года', for: 'за октябрь 2026 года', title: 'октябрь 2026',
    });
    expect(periodPhrases({ from: '2026-11-01', to: '2026-11-22', days: 21 })).toEqual({
      in: 'с 1 по 21 ноября 2026 года', for: 'за 1–21 ноября 2026 года', title: '1–21 ноября 2026',
    });
    expect(periodPhrases({ from: '2026-11-01', to: '2026-11-02', days: 1 })).toEqual({
      in: '1 ноября 2026 года', for: 'за 1 ноября 2026 года', title: '1 ноября 2026',
    });
  });
});
