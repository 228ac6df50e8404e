import { describe, expect, it } from 'vitest';
import { isCalendarDate, parseDay } from '../../src/monthly/period.js';

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
