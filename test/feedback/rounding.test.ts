import { describe, expect, it } from 'vitest';
import { pct } from '../../src/render/effectiveness-text.js';
import { formatChange, share } from '../../src/render/monthly-text.js';
import { countOf, formatNumber, formatPercent, nouns } from '../../src/text/russian.js';

// README «Rounding»: every figure shown is rounded half away from zero on its decimal value (written to 15
// significant digits), as Excel shows the same cell — never by the binary noise of floating point.
const nb = '\u00a0';

describe('shares and percentages: whole percents, half away from zero', () => {
  it('23 of 40 satisfied is 57.5 % → «58 %» everywhere (57.49999999999999 in binary, which Intl alone shows as 57)', () => {
    expect(23 / 40 * 100).toBe(57.49999999999999);
    expect(formatPercent(23 / 40)).toBe(`58${nb}%`);
    expect(share(23 / 40)).toBe('58 %');
    expect(pct(23 / 40)).toBe('58 %');
    // 29 of 200 = 14.5 % → 15 %; 1 of 8 = 12.5 % → 13 %; 1 of 3 = 33.3 % → 33 %; 2 of 3 = 66.7 % → 67 %.
    expect([29 / 200, 1 / 8, 1 / 3, 2 / 3].map(formatPercent)).toEqual([`15${nb}%`, `13${nb}%`, `33${nb}%`, `67${nb}%`]);
  });

  it('change %: (current − previous) ÷ previous, whole percent, half away from zero either way', () => {
    expect(formatChange(63, 40)).toBe('+23 (+58 %)');
    expect(formatChange(17, 40)).toBe('−23 (−58 %)');
    expect(formatChange(6, 4)).toBe('+2 (+50 %)');
    expect(formatChange(3, 0)).toBe('+3');
    expect(formatChange(3, null)).toBe('—');
  });

  it('the change is of the figures as shown: 1341 and 1340 minutes show 22,4 and 22,3 hours, a change of +0,1', () => {
    // 1341/60 = 22.35 → «22,4»; 1340/60 = 22.333 → «22,3»: +0,1, and 1 minute of 1340 is 0.07 % → «<1 %».
    expect(formatChange(1341 / 60, 1340 / 60, 1)).toBe('+0,1 (<1 %)');
    expect(formatChange(1001, 1000)).toBe('+1 (<1 %)');
    // 0.15 × 3 and 0.45 differ by binary noise only: the same figure, «0».
    expect(formatChange(0.15 * 3, 0.45, 1)).toBe('0');
    // 22,34 and 22,26 both show 22,3: «0», though the exact figures differ.
    expect(formatChange(22.34, 22.26, 1)).toBe('0');
  });
});

describe('hours: minutes ÷ 60 to one decimal, half away from zero', () => {
  it('9 minutes are 0,15 h → «0,2»; 21 minutes 0,35 → «0,4»; 87 minutes 1,45 → «1,5 часа»', () => {
    expect([3, 9, 15, 21, 27, 87].map((m) => formatNumber(m / 60, 1))).toEqual(['0,1', '0,2', '0,3', '0,4', '0,5', '1,5']);
    expect([9, 21, 87].map((m) => formatNumber(m / 60, 1, { fixed: true }))).toEqual(['0,2', '0,4', '1,5']);
    expect(countOf(87 / 60, nouns.hour, 1)).toBe(`1,5${nb}часа`);
    // The number is rounded as shown before the plural form is chosen: 57 minutes are 0,95 h → «1 час».
    expect(countOf(57 / 60, nouns.hour, 1)).toBe(`1${nb}час`);
  });

  it('negative numbers round away from zero too', () => {
    expect(formatNumber(-2.5)).toBe('\u22123');
    expect(formatNumber(-0.15, 1, { fixed: true })).toBe('\u22120,2');
  });
});
