import { describe, expect, it } from 'vitest';
import {
  isCalendarDate, isoInstant, monthPeriods, parseDay, parseHalf, parseQuarter, parseYear, rangePeriod, reportPeriods, shownTime,
} from '../../src/time/period.js';
import { checkPeriodYear, monthOption } from '../../src/cli/common.js';

describe('calendar dates', () => {
  it.each([
    ['2026-11-21', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-02-30', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-12-45', false],
    ['2026-1-05', false],
    ['21.11.2026', false],
  ])('isCalendarDate(%s) is %s, never a throw', (text, expected) => {
    expect(isCalendarDate(text)).toBe(expected);
  });

  it.each([
    ['15.10.2026', '2026-10-15'],
    ['5.1.2026', '2026-01-05'],
    ['15.10.26', '2026-10-15'],
    [' 2026-10-15 ', '2026-10-15'],
    ['31.09.2026', null],
    ['15/10/2026', null],
    ['', null],
  ])('parseDay(%j) is %j', (text, expected) => {
    expect(parseDay(text)).toBe(expected);
  });
});

describe('the periods a note compares (README «Периоды справки»)', () => {
  const brief = (p: { from: string; to: string; days: number; label: string }) => [p.from, p.to, p.days, p.label];

  it('a complete month is compared with the whole previous month, not its first days', () => {
    const nov = monthPeriods('2026-11', '2026-12-02');
    expect(nov.partial).toBe(false);
    expect(brief(nov.current)).toEqual(['2026-11-01', '2026-12-01', 30, 'ноябрь 2026']);
    expect(brief(nov.previous)).toEqual(['2026-10-01', '2026-11-01', 31, 'октябрь 2026']);
    expect(brief(nov.yearAgo)).toEqual(['2025-11-01', '2025-12-01', 30, 'ноябрь 2025']);
    const feb = monthPeriods('2027-02', '2027-03-05');
    expect(brief(feb.previous)).toEqual(['2027-01-01', '2027-02-01', 31, 'январь 2027']);
    expect(feb.title).toBe('за февраль 2027 года');
  });

  it('a month not over yet is compared over the same first days, capped at the shorter month', () => {
    const nov = monthPeriods('2026-11', '2026-11-21');
    expect(nov.partial).toBe(true);
    expect(brief(nov.current)).toEqual(['2026-11-01', '2026-11-22', 21, '1–21 ноября 2026']);
    expect(brief(nov.previous)).toEqual(['2026-10-01', '2026-10-22', 21, '1–21 октября 2026']);
    // 31 March: February has 28 days, so it is taken whole.
    const march = monthPeriods('2027-03', '2027-03-31');
    expect(brief(march.current)).toEqual(['2027-03-01', '2027-04-01', 31, 'март 2027']);
    expect(march.partial).toBe(true);
    expect(brief(march.previous)).toEqual(['2027-02-01', '2027-03-01', 28, 'февраль 2027']);
  });

  it('a quarter: the previous quarter and the same quarter a year before, whole', () => {
    const q3 = reportPeriods(parseQuarter('2026-Q3')!, '2026-11-21');
    expect([q3.kind, q3.key, q3.first, q3.last, q3.partial, q3.title]).toEqual(['quarter', '2026-Q3', '2026-07', '2026-09', false, 'за III квартал 2026 года']);
    expect(brief(q3.current)).toEqual(['2026-07-01', '2026-10-01', 92, 'III квартал 2026']);
    expect(brief(q3.previous)).toEqual(['2026-04-01', '2026-07-01', 91, 'II квартал 2026']);
    expect(brief(q3.yearAgo)).toEqual(['2025-07-01', '2025-10-01', 92, 'III квартал 2025']);
    const q1 = reportPeriods(parseQuarter('2026-q1')!, '2026-11-21');
    expect(brief(q1.previous)).toEqual(['2025-10-01', '2026-01-01', 92, 'IV квартал 2025']);
  });

  it('a quarter not over yet: its whole months elapsed and the first days of this month, in every period', () => {
    const q4 = reportPeriods(parseQuarter('2026-Q4')!, '2026-11-21');
    expect(q4.partial).toBe(true);
    expect(brief(q4.current)).toEqual(['2026-10-01', '2026-11-22', 52, '1 октября – 21 ноября 2026']);
    expect(brief(q4.previous)).toEqual(['2026-07-01', '2026-08-22', 52, '1 июля – 21 августа 2026']);
    expect(brief(q4.yearAgo)).toEqual(['2025-10-01', '2025-11-22', 52, '1 октября – 21 ноября 2025']);
  });

  it('a half-year, a year and a range of months', () => {
    const h1 = reportPeriods(parseHalf('2026-H1')!, '2026-11-21');
    expect([h1.key, h1.title, h1.current.label]).toEqual(['2026-H1', 'за I полугодие 2026 года', 'I полугодие 2026']);
    expect(brief(h1.previous)).toEqual(['2025-07-01', '2026-01-01', 184, 'II полугодие 2025']);
    expect(brief(h1.yearAgo)).toEqual(['2025-01-01', '2025-07-01', 181, 'I полугодие 2025']);

    const y2025 = reportPeriods(parseYear('2025')!, '2026-11-21');
    expect([y2025.key, y2025.title, y2025.partial]).toEqual(['2025', 'за 2025 год', false]);
    expect(brief(y2025.previous)).toEqual(['2024-01-01', '2025-01-01', 366, '2024 год']);
    // The year before a year is the previous period itself.
    expect(y2025.yearAgo).toEqual(y2025.previous);
    const y2026 = reportPeriods(parseYear('2026')!, '2026-11-21');
    expect(y2026.partial).toBe(true);
    expect(brief(y2026.current)).toEqual(['2026-01-01', '2026-11-22', 325, '1 января – 21 ноября 2026']);
    expect(brief(y2026.previous)).toEqual(['2025-01-01', '2025-11-22', 325, '1 января – 21 ноября 2025']);

    const range = reportPeriods(rangePeriod('2026-01', '2026-06'), '2026-11-21');
    expect([range.kind, range.key, range.title, range.current.label]).toEqual(['range', '2026-01_2026-06', 'за январь–июнь 2026 года', 'январь–июнь 2026']);
    expect(brief(range.previous)).toEqual(['2025-07-01', '2026-01-01', 184, 'июль–декабрь 2025']);
    expect(brief(range.yearAgo)).toEqual(['2025-01-01', '2025-07-01', 181, 'январь–июнь 2025']);
    const across = reportPeriods(rangePeriod('2025-11', '2026-01'), '2026-11-21');
    expect([across.title, across.current.label, across.previous.label]).toEqual([
      'за ноябрь 2025 года – январь 2026 года', 'ноябрь 2025 – январь 2026', 'август–октябрь 2025',
    ]);
    expect(rangePeriod('2026-03', '2026-03')).toEqual({ kind: 'month', first: '2026-03', last: '2026-03' });
  });

  it('a period not begun is refused; so is a range reaching a month not begun', () => {
    expect(() => reportPeriods(parseQuarter('2027-Q1')!, '2026-11-21')).toThrow('I квартал 2027 ещё не начался (сегодня 21.11.2026).');
    expect(() => monthPeriods('2026-12', '2026-11-21')).toThrow('Декабрь 2026 ещё не начался (сегодня 21.11.2026).');
    expect(() => reportPeriods(parseHalf('2027-H1')!, '2026-11-21')).toThrow('I полугодие 2027 ещё не началось (сегодня 21.11.2026).');
    expect(() => reportPeriods(parseYear('2027')!, '2026-11-21')).toThrow('2027 год ещё не начался (сегодня 21.11.2026).');
    expect(() => reportPeriods(rangePeriod('2027-01', '2027-03'), '2026-11-21')).toThrow('Период январь–март 2027 ещё не начался (сегодня 21.11.2026).');
    expect(() => reportPeriods(rangePeriod('2026-10', '2026-12'), '2026-11-21')).toThrow('Декабрь 2026 ещё не начался (сегодня 21.11.2026).');
  });

  it.each([['2026-Q5'], ['2026-Q0'], ['26-Q1'], ['2026Q1']])('parseQuarter(%s) is null', (text) => {
    expect(parseQuarter(text)).toBeNull();
  });

  it('half-years and years are read strictly', () => {
    expect(parseHalf('2026-H2')).toEqual({ kind: 'half', first: '2026-07', last: '2026-12' });
    expect(parseHalf('2026-H3')).toBeNull();
    expect(parseYear('26')).toBeNull();
    expect(parseYear('2026')).toEqual({ kind: 'year', first: '2026-01', last: '2026-12' });
  });
});

describe('times for scripts', () => {
  it.each([
    ['2026-12-01T21:04:00Z', 'Europe/Moscow', '2026-12-02T00:04:00+03:00'],
    ['2026-07-01T21:04:30Z', 'America/New_York', '2026-07-01T17:04:30-04:00'],
    ['2026-12-01T21:04:00Z', 'America/New_York', '2026-12-01T16:04:00-05:00'],
    ['2026-12-01T21:04:00Z', 'Asia/Kolkata', '2026-12-02T02:34:00+05:30'],
  ])('isoInstant(%s, %s) is %s; people read it as dd.mm.yyyy hh:mm', (instant, tz, expected) => {
    expect(isoInstant(new Date(instant), tz)).toBe(expected);
    expect(shownTime(expected)).toBe(`${expected.slice(8, 10)}.${expected.slice(5, 7)}.${expected.slice(0, 4)} ${expected.slice(11, 16)}`);
  });
});

describe('period options accept years 2000–2100 only (README «Периоды справки»)', () => {
  it('the parsers refuse other years', () => {
    expect(parseYear('0000')).toBeNull();
    expect(parseYear('1999')).toBeNull();
    expect(parseYear('2101')).toBeNull();
    expect(parseYear('2000')).toEqual({ kind: 'year', first: '2000-01', last: '2000-12' });
    expect(parseYear('2100')).toEqual({ kind: 'year', first: '2100-01', last: '2100-12' });
    expect(parseQuarter('0026-Q4')).toBeNull();
    expect(parseHalf('1000-H1')).toBeNull();
    expect(parseHalf('2000-H2')).toEqual({ kind: 'half', first: '2000-07', last: '2000-12' });
  });

  it('the option parsers name the range and the form expected', () => {
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return (error as Error).message;
      }
      return null;
    };
    expect(message(() => monthOption('0026-11'))).toBe('год 0026 вне диапазона 2000–2100: нужен месяц в виде ГГГГ-ММ, например 2026-10.');
    expect(message(() => monthOption('1000-01'))).toBe('год 1000 вне диапазона 2000–2100: нужен месяц в виде ГГГГ-ММ, например 2026-10.');
    expect(message(() => monthOption('2101-01'))).toBe('год 2101 вне диапазона 2000–2100: нужен месяц в виде ГГГГ-ММ, например 2026-10.');
    expect(message(() => monthOption('2026-13'))).toBe('нужен месяц в виде ГГГГ-ММ, например 2026-10.');
    expect(monthOption('2000-01')).toBe('2000-01');
    expect(message(() => checkPeriodYear('0000', 'нужен год из четырёх цифр, например 2026.'))).toBe(
      'год 0000 вне диапазона 2000–2100: нужен год из четырёх цифр, например 2026.',
    );
    expect(message(() => checkPeriodYear('2026-Q3', 'x'))).toBeNull();
  });
});
